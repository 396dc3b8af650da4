import { expect, kaleyraContactsCallback, test, type Business, type Unique } from "./fixtures";

const business: Business = { displayPhoneNumber: "918045678900", phoneNumberId: "104601234567858", wabaId: "347123456789069" };

/** A card with every field WhatsApp can share, in a message with a second, smaller card. */
function fullContact(unique: Unique) {
  const mobile = unique.phone();
  const work = unique.phone();
  const sender = unique.sender("Grace");
  const refs = { ref: unique.campaign("order"), ref1: unique.campaign("shoes"), ref2: unique.campaign("summer") };
  const name = `Dr. Ada King ${unique.surname} Jr.`;
  const email = `ada.${unique.tag}@example.org`;
  const messageId = unique.messageId("full");
  const body = kaleyraContactsCallback({
    messageId,
    sender,
    business,
    extraInfo: { ...refs, reply_to: `reply-${unique.tag}`, trace_id: `trace-${unique.tag}` },
    cards: [
      {
        name: { formatted_name: name, prefix: "Dr.", first_name: "Ada", middle_name: "King", last_name: unique.surname, suffix: "Jr." },
        phones: [
          { phone: mobile.display, wa_id: mobile.digits, type: "CELL" },
          { phone: work.display, type: "WORK" },
        ],
        emails: [{ email, type: "WORK" }],
        addresses: [{ street: "12 St James's Square", city: "London", zip: "SW1Y 4LB", country: "United Kingdom", country_code: "GB", type: "HOME" }],
        org: { company: "Analytical Engines Ltd", department: "Research", title: "Head of Research" },
        urls: [{ url: "https://ada.example.org", type: "WORK" }],
        birthday: "1815-12-10",
      },
      { name: { formatted_name: `Charles ${unique.surname}` }, phones: { phone: unique.phone().display, type: "HOME" } },
    ],
  });
  return { body, name, mobile, work, sender, refs, email, messageId };
}

test("a full contact shows every field on its card", async ({ inbox, unique, postCallback }) => {
  const contact = fullContact(unique);
  await postCallback(contact.body);
  await inbox.goto({ campaign: contact.refs.ref1 });

  const card = inbox.card(contact.name);
  await expect(card.getByRole("term")).toHaveText(["Prefix", "First", "Middle", "Last", "Suffix"]);
  await expect(card.getByRole("definition")).toHaveText(["Dr.", "Ada", "King", unique.surname, "Jr."]);

  const phones = card.getByRole("list", { name: "Phones" }).getByRole("listitem");
  await expect(phones).toHaveCount(2);
  await expect(phones.nth(0).getByRole("link", { name: contact.mobile.display, exact: true })).toHaveAttribute("href", `tel:+${contact.mobile.digits}`);
  await expect(phones.nth(0)).toContainText("Mobile");
  await expect(phones.nth(0).getByRole("link", { name: `Chat on WhatsApp with ${contact.mobile.display}` })).toHaveAttribute("href", `https://wa.me/${contact.mobile.digits}`);
  await expect(phones.nth(1).getByRole("link", { name: contact.work.display, exact: true })).toHaveAttribute("href", `tel:+${contact.work.digits}`);
  await expect(phones.nth(1)).toContainText("Work");
  // No wa_id was shared for the work number: no WhatsApp link.
  await expect(phones.nth(1).getByRole("link", { name: /WhatsApp/ })).toHaveCount(0);

  const emails = card.getByRole("list", { name: "Emails" });
  await expect(emails.getByRole("link", { name: contact.email })).toHaveAttribute("href", `mailto:${contact.email}`);
  await expect(emails).toContainText("work");

  await expect(card.getByLabel("Organization")).toHaveText("Head of Research, Analytical Engines Ltd · Research");
  await expect(card.getByLabel("Address")).toContainText("12 St James's Square");
  await expect(card.getByLabel("Address")).toContainText("SW1Y 4LB London");
  await expect(card.getByLabel("Address")).toContainText("United Kingdom");
  await expect(card.getByRole("link", { name: "https://ada.example.org" })).toHaveAttribute("href", "https://ada.example.org/");
  await expect(card.getByText("Birthday 1815-12-10")).toBeVisible();

  // Numbers are written for people, and the sender's name is isolated so a right-to-left name cannot reorder them.
  await expect(card.getByText(`Shared by ${contact.sender.name} (${contact.sender.display}) to +91 80 4567 8900`)).toBeVisible();
  for (const [field, value] of Object.entries(contact.refs)) {
    await expect(card.getByRole("link", { name: `${field}: ${value}`, exact: true })).toHaveAttribute("href", `/?campaign=${value}`);
  }
  const contactHref = await card.getByRole("link", { name: contact.name, exact: true }).getAttribute("href");
  const id = /^\/contacts\/(\d+)$/.exec(contactHref ?? "")?.[1];
  expect(id, `the card's title links to its page (${contactHref})`).toBeTruthy();
  await expect(card.getByRole("link", { name: "Download vCard" })).toHaveAttribute("href", `/api/contacts/${id}/vcard`);
});

test("the contact page shows the message details", async ({ page, inbox, unique, postCallback }) => {
  const contact = fullContact(unique);
  const accepted = await postCallback(contact.body);
  await inbox.goto({ campaign: contact.refs.ref });

  await inbox.card(contact.name).getByRole("link", { name: contact.name, exact: true }).click();
  await expect(page).toHaveURL(/\/contacts\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(contact.name);
  await expect(page).toHaveTitle(`${contact.name} · Contact Inbox`);
  // The name is the page heading; the card below does not repeat it.
  await expect(page.getByRole("heading", { name: contact.name })).toHaveCount(1);

  const details = page.getByRole("region", { name: "Message details" });
  const terms = await details.getByRole("term").allInnerTexts();
  const definitions = await details.getByRole("definition").allInnerTexts();
  expect(Object.fromEntries(terms.map((term, index) => [term, definitions[index]?.trim()]))).toMatchObject({
    Sender: `${contact.sender.name} · ${contact.sender.display}`,
    "Business number": "+91 80 4567 8900",
    "Phone number id": business.phoneNumberId,
    "WABA id": business.wabaId,
    ref: contact.refs.ref,
    ref1: contact.refs.ref1,
    ref2: contact.refs.ref2,
    reply_to: `reply-${unique.tag}`,
    trace_id: `trace-${unique.tag}`,
    "Message id": contact.messageId,
    Card: "1 of 2",
  });
  // Sent and Received also say exactly when, in the agent's time zone (UTC in these tests).
  const sent = details.getByRole("definition").first();
  await expect(sent).toContainText(/^(last month|\d+ days ago)/);
  await expect(sent).toContainText(/[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s?(AM|PM) UTC$/);

  const sameMessage = page.getByRole("region", { name: "Shared in the same message (2)" });
  await expect(sameMessage.getByRole("link", { name: new RegExp(`^${contact.name}`) })).toHaveAttribute("aria-current", "page");
  await expect(sameMessage.getByRole("link", { name: new RegExp(`^Charles ${unique.surname}`) })).toBeVisible();

  await page.getByText("Raw callback JSON").click();
  await expect(page.getByRole("region", { name: "Raw callback JSON" })).toContainText(`"id": "${contact.messageId}"`);

  // The callback that brought it, first in the delivery log.
  await details.getByRole("link", { name: `#${accepted.callbackId} in Deliveries →` }).click();
  await expect(page).toHaveURL(`/deliveries?before=${accepted.callbackId + 1}`);
  const first = page.getByRole("list", { name: "Callbacks" }).getByRole("listitem").first();
  await expect(first).toHaveAccessibleName(`Callback ${accepted.callbackId}`);
  await expect(first).toContainText("2 shares stored");
});

test("a card that shares little says what is missing", async ({ inbox, unique, postCallback }) => {
  const campaign = unique.campaign("sparse");
  await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("sparse"),
      extraInfo: { ref1: campaign },
      cards: [{ name: { formatted_name: `Only ${unique.surname}` } }, { org: { company: `Pizza ${unique.surname}` }, phones: [{ phone: "+39 081 123 4567", type: "WORK" }] }],
    }),
  );
  await inbox.goto({ campaign });

  await expect(inbox.card(`Only ${unique.surname}`).getByText("Only a name was shared.")).toBeVisible();
  const company = inbox.card(`Pizza ${unique.surname}`);
  await expect(company.getByText("No name shared")).toBeVisible();
  await expect(company.getByRole("link", { name: "+39 081 123 4567", exact: true })).toHaveAttribute("href", "tel:+390811234567");
});
