import { expect, kaleyraContactsCallback, test } from "./fixtures";

test("choosing a campaign in the select shows only that campaign's cards", async ({ page, inbox, unique, postCallback }) => {
  const shoes = unique.campaign("shoes");
  const boots = unique.campaign("boots");
  await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("shoes"),
      extraInfo: { ref1: shoes },
      cards: [{ name: { formatted_name: `Amara ${unique.surname}` } }, { name: { formatted_name: `Bruno ${unique.surname}` } }],
    }),
  );
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("boots"), extraInfo: { ref1: boots }, cards: [{ name: { formatted_name: `Chiara ${unique.surname}` } }] }));
  await inbox.goto();

  // Each option says how many cards carry the value.
  await inbox.campaign.selectOption({ label: `${shoes} (2)` });
  await expect(page).toHaveURL((url) => url.searchParams.get("campaign") === shoes);
  await expect(inbox.cards).toHaveCount(2);
  await expect(inbox.card(`Amara ${unique.surname}`)).toBeVisible();
  await expect(inbox.card(`Bruno ${unique.surname}`)).toBeVisible();
  await expect(inbox.count).toHaveText("2 contacts match");

  await inbox.campaign.selectOption({ label: `${boots} (1)` });
  await expect(page).toHaveURL((url) => url.searchParams.get("campaign") === boots);
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(`Chiara ${unique.surname}`)).toBeVisible();
  await expect(inbox.count).toHaveText("1 contact matches");
});

test("clicking a campaign chip filters the inbox by that campaign", async ({ page, inbox, unique, postCallback }) => {
  const summer = unique.campaign("summer");
  await postCallback(
    kaleyraContactsCallback({ messageId: unique.messageId("a"), extraInfo: { ref1: unique.campaign("shoes"), ref2: summer }, cards: [{ name: { formatted_name: `Dario ${unique.surname}` } }] }),
  );
  await postCallback(
    kaleyraContactsCallback({ messageId: unique.messageId("b"), extraInfo: { ref1: unique.campaign("bags"), ref2: summer }, cards: [{ name: { formatted_name: `Elif ${unique.surname}` } }] }),
  );
  await postCallback(
    kaleyraContactsCallback({ messageId: unique.messageId("c"), extraInfo: { ref1: unique.campaign("hats") }, cards: [{ name: { formatted_name: `Femi ${unique.surname}` } }] }),
  );
  await inbox.goto({ q: unique.surname });
  await expect(inbox.cards).toHaveCount(3);

  await inbox.card(`Dario ${unique.surname}`).getByRole("link", { name: `ref2: ${summer}` }).click();
  await expect(page).toHaveURL((url) => url.searchParams.get("campaign") === summer && url.searchParams.get("q") === unique.surname);
  await expect(inbox.campaign).toHaveValue(summer);
  await expect(inbox.cards).toHaveCount(2);
  await expect(inbox.card(`Dario ${unique.surname}`)).toBeVisible();
  await expect(inbox.card(`Elif ${unique.surname}`)).toBeVisible();
  await expect(inbox.count).toHaveText("2 contacts match");
});

test("searching by a fragment of a name finds the contact", async ({ page, inbox, unique, postCallback }) => {
  const name = `Henrietta Van ${unique.surname}`;
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("name"), cards: [{ name: { formatted_name: name, first_name: "Henrietta", last_name: `Van ${unique.surname}` } }] }));
  await inbox.goto();

  // Typed like an agent, in capitals and missing the last letter: the box waits for a pause, then searches.
  const fragment = unique.surname.slice(0, 5).toUpperCase();
  await inbox.search.pressSequentially(fragment, { delay: 40 });
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === fragment);
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(name)).toBeVisible();
  await expect(inbox.count).toHaveText("1 contact matches");
});

test("searching by phone digits finds the contact", async ({ page, inbox, unique, postCallback }) => {
  const phone = unique.phone();
  const name = `Ingrid ${unique.surname}`;
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("phone"), cards: [{ name: { formatted_name: name }, phones: [{ phone: phone.display, type: "CELL" }] }] }));
  await inbox.goto();

  // The national number with the spacing an agent might use: only the digits count.
  const typed = `${phone.national.slice(0, 4)} ${phone.national.slice(4)}`;
  await inbox.search.fill(typed);
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === typed);
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(name).getByRole("link", { name: phone.display, exact: true })).toBeVisible();

  await inbox.filters.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL((url) => url.search === "");
  await expect(inbox.search).toHaveValue("");
});

test("a name typed without its accents, and a number dialled with its prefix, find the contact", async ({ page, inbox, unique, postCallback }) => {
  const phone = unique.phone();
  const surname = `${unique.surname}ñéz`;
  const name = `Inés ${surname}`;
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("accents"), cards: [{ name: { formatted_name: name }, phones: [{ phone: phone.display, type: "CELL" }] }] }));
  await inbox.goto();

  // "/" jumps to the search box from anywhere on the page.
  await page.keyboard.press("/");
  await expect(inbox.search).toBeFocused();
  await expect(inbox.search).toHaveValue("");
  const typed = `${unique.surname}NEZ`;
  await inbox.search.fill(typed);
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === typed);
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(name)).toBeVisible();

  // As dialled from abroad ("00" and the country code) and at home (the trunk "0"): both reach the stored international number.
  for (const dialled of [`00${phone.digits.slice(0, 2)} ${phone.national}`, `0${phone.national.slice(0, 4)} ${phone.national.slice(4)}`]) {
    await inbox.search.fill(dialled);
    await expect(page).toHaveURL((url) => url.searchParams.get("q") === dialled);
    await expect(inbox.cards).toHaveCount(1);
    await expect(inbox.card(name)).toBeVisible();
  }
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test("the filters open under a Filters button that counts the active ones", async ({ page, inbox, unique, postCallback }) => {
    const campaign = unique.campaign("phone");
    await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("phone"), extraInfo: { ref1: campaign }, cards: [{ name: { formatted_name: `Nadia ${unique.surname}` } }] }));
    await inbox.goto({ q: unique.surname });

    // The search box is always there; the rest waits behind the button.
    const toggle = inbox.filters.getByRole("button", { name: /^Filters/ });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(inbox.campaign).toBeHidden();
    await expect(inbox.search).toBeVisible();

    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await inbox.campaign.selectOption(campaign);
    await expect(page).toHaveURL((url) => url.searchParams.get("campaign") === campaign);
    await expect(inbox.cards).toHaveCount(1);
    await expect(toggle).toHaveAccessibleName("Filters 1 active");

    await toggle.click();
    await expect(inbox.campaign).toBeHidden();
    await expect(inbox.count).toHaveText("1 contact matches");
  });
});

test("the filter lists load after the page, and a campaign that arrives later is offered on the next visit", async ({ page, request, inbox, unique, postCallback }) => {
  const first = unique.campaign("first");
  const later = unique.campaign("later");
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("first"), extraInfo: { ref: first }, cards: [{ name: { formatted_name: `Gita ${unique.surname}` } }] }));

  // The page itself carries no lists: only "All" in each of the three.
  const html = await (await request.get("/")).text();
  expect(html.match(/<option[\s>]/g)).toHaveLength(3);

  await inbox.goto();
  await expect(inbox.campaign.locator("option", { hasText: `${first} (1)` })).toHaveCount(1);

  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("later"), extraInfo: { ref: later }, cards: [{ name: { formatted_name: `Hugo ${unique.surname}` } }] }));
  // Away and back in the page (no reload): the newer share makes the bar load its lists again.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns" }).click();
  await expect(page).toHaveURL(/\/campaigns/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox" }).click();
  await inbox.campaign.selectOption({ label: `${later} (1)` });
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(`Hugo ${unique.surname}`)).toBeVisible();
});
