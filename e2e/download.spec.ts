import { parse } from "csv-parse/sync";
import ICAL from "ical.js";
import { downloadText, expect, kaleyraContactsCallback, keepScreenshot, test } from "./fixtures";

/** ical.js reads single text values without RFC 2426's "\;" escape (which the exports write in both versions): finish the job. */
function unescapeText(value: unknown): string {
  return String(value).replace(/\\;/g, ";");
}

test("the downloaded vCard has the contact's name, phones, email and organization", async ({ page, inbox, unique, postCallback }) => {
  const mobile = unique.phone();
  const office = unique.phone();
  const name = `Zoë ${unique.surname}`;
  const campaign = unique.campaign("vcard");
  await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("vcard"),
      extraInfo: { ref1: campaign },
      cards: [
        {
          name: { formatted_name: name, first_name: "Zoë", last_name: unique.surname },
          phones: [
            { phone: mobile.display, wa_id: mobile.digits, type: "CELL" },
            { phone: office.display, type: "WORK" },
          ],
          emails: [{ email: `zoe.${unique.tag}@example.de`, type: "WORK" }],
          org: { company: "Müller & Söhne GmbH", department: "Einkauf", title: "Buyer" },
        },
      ],
    }),
  );
  await inbox.goto({ campaign });

  const { download, text } = await downloadText(page, inbox.card(name).getByRole("link", { name: "Download vCard" }));
  expect(download.suggestedFilename()).toBe(`${name}.vcf`);
  expect(new URL(download.url()).pathname).toMatch(/^\/api\/contacts\/\d+\/vcard$/);

  const card = new ICAL.Component(ICAL.parse(text));
  expect(card.name).toBe("vcard");
  expect(card.getFirstPropertyValue("version")).toBe("3.0");
  expect(unescapeText(card.getFirstPropertyValue("fn"))).toBe(name);
  expect(card.getFirstPropertyValue("n")).toEqual([unique.surname, "Zoë", "", "", ""]);

  // Numbers in international E.164 form, which phones in any country (and WhatsApp) can link.
  const tels = card.getAllProperties("tel").map((tel) => ({ value: tel.getFirstValue(), type: tel.getParameter("type"), waid: tel.getParameter("waid") ?? null }));
  expect(tels).toEqual([
    { value: `+${mobile.digits}`, type: "CELL", waid: mobile.digits },
    { value: `+${office.digits}`, type: "WORK", waid: null },
  ]);
  expect(String(card.getFirstPropertyValue("uid"))).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(card.getFirstPropertyValue("email")).toBe(`zoe.${unique.tag}@example.de`);
  expect(card.getFirstPropertyValue("org")).toEqual(["Müller & Söhne GmbH", "Einkauf"]);
  expect(unescapeText(card.getFirstPropertyValue("title"))).toBe("Buyer");
});

test("every format of the Export menu downloads exactly the contacts matching the filters", async ({ page, inbox, unique, postCallback }) => {
  const campaign = unique.campaign("export");
  const names = [`Ana ${unique.surname}`, `Bo ${unique.surname}`, `Cy ${unique.surname}`];
  // A message with two cards and one with a single card in the campaign, and one contact outside it.
  await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("two"),
      extraInfo: { ref2: campaign },
      cards: [
        { name: { formatted_name: names[0] }, phones: [{ phone: unique.phone().display }] },
        { name: { formatted_name: names[1] }, emails: [{ email: `bo.${unique.tag}@example.com` }] },
      ],
    }),
  );
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("one"), extraInfo: { ref2: campaign }, cards: [{ name: { formatted_name: names[2] } }] }));
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("other"), extraInfo: { ref2: unique.campaign("other") }, cards: [{ name: { formatted_name: `Di ${unique.surname}` } }] }));

  await inbox.goto({ campaign });
  await expect(inbox.count).toHaveText("3 contacts match");

  /** Opens the Export menu (a disclosure) and downloads one of its formats. */
  const exportAs = async (format: RegExp) => {
    await page.getByText("Export", { exact: true }).click();
    const option = page.getByRole("link", { name: format });
    await expect(option).toBeVisible();
    const downloaded = await downloadText(page, option);
    expect(new URL(downloaded.download.url()).searchParams.get("campaign")).toBe(campaign);
    return downloaded;
  };

  for (const version of ["3.0", "4.0"]) {
    const vcf = await exportAs(new RegExp(`^vCard ${version.replace(".", "\\.")}`));
    expect(vcf.download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.vcf$/);
    expect(vcf.text.match(/^BEGIN:VCARD\r$/gm)).toHaveLength(3);
    expect(vcf.text).toContain(`\r\nVERSION:${version}\r\n`);
    const parsed: unknown = ICAL.parse(vcf.text);
    const cards = (parsed as unknown[][]).map((jcal) => new ICAL.Component(jcal));
    expect(cards.map((card) => unescapeText(card.getFirstPropertyValue("fn"))).sort()).toEqual(names);
    expect(new Set(cards.map((card) => String(card.getFirstPropertyValue("uid")))).size).toBe(3);
  }

  const csv = await exportAs(/^CSV for spreadsheets/);
  expect(csv.download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(csv.text.startsWith("\uFEFFid,")).toBe(true);
  const rows: Record<string, string>[] = parse(csv.text, { bom: true, columns: true });
  expect(rows).toHaveLength(3);
  expect(rows.map((row) => row.formatted_name).sort()).toEqual(names);
  expect(rows.every((row) => row.ref2 === campaign)).toBe(true);

  const google = await exportAs(/^CSV for Google Contacts/);
  expect(google.download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}-google\.csv$/);
  const googleRows: Record<string, string>[] = parse(google.text, { bom: true, columns: true });
  expect(Object.keys(googleRows[0]!).slice(0, 3)).toEqual(["First Name", "Middle Name", "Last Name"]);
  expect(googleRows.map((row) => row["First Name"]).sort()).toEqual(names);
  expect(googleRows.every((row) => row.Labels === campaign)).toBe(true);

  const outlook = await exportAs(/^CSV for Outlook/);
  expect(outlook.download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}-outlook\.csv$/);
  const outlookRows: Record<string, string>[] = parse(outlook.text, { bom: true, columns: true });
  expect(outlookRows.map((row) => row["First Name"]).sort()).toEqual(names);
  expect(outlookRows.find((row) => row["First Name"] === names[1])?.["E-mail Address"]).toBe(`bo.${unique.tag}@example.com`);
});

test("the Export menu explains each format and closes on Escape", async ({ page, inbox, unique, postCallback }, testInfo) => {
  const campaign = unique.campaign("menu");
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("menu"), extraInfo: { ref: campaign }, cards: [{ name: { formatted_name: `Menu ${unique.surname}` } }] }));
  await inbox.goto({ campaign });
  await page.getByText("Export", { exact: true }).click();
  const formats = [
    ["vCard 3.0", "For phones, Mac and most address books"],
    ["vCard 4.0", "CardDAV servers"],
    ["CSV for spreadsheets", "Excel"],
    ["CSV for Google Contacts", "contacts.google.com"],
    ["CSV for Outlook", "Outlook.com"],
  ] as const;
  for (const [format, hint] of formats) {
    await expect(page.getByRole("link", { name: new RegExp(`^${format.replace(".", "\\.")}.*${hint.replace(".", "\\.")}`) })).toBeVisible();
  }
  await keepScreenshot(page, testInfo, "export-menu");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("link", { name: /^vCard 3\.0/ })).toBeHidden();
});
