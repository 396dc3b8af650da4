import { parse } from "csv-parse/sync";
import ICAL from "ical.js";
import { downloadText, expect, kaleyraContactsCallback, test } from "./fixtures";

/** ical.js reads 3.0 text values with 4.0's rules and leaves RFC 2426's "\;" escaped: finish the job. */
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

  const tels = card.getAllProperties("tel").map((tel) => ({ value: tel.getFirstValue(), type: tel.getParameter("type"), waid: tel.getParameter("waid") ?? null }));
  expect(tels).toEqual([
    { value: mobile.display, type: "CELL", waid: mobile.digits },
    { value: office.display, type: "WORK", waid: null },
  ]);
  expect(card.getFirstPropertyValue("email")).toBe(`zoe.${unique.tag}@example.de`);
  expect(card.getFirstPropertyValue("org")).toEqual(["Müller & Söhne GmbH", "Einkauf"]);
  expect(unescapeText(card.getFirstPropertyValue("title"))).toBe("Buyer");
});

test("Export .vcf and Export .csv download exactly the contacts matching the filters", async ({ page, inbox, unique, postCallback }) => {
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

  const vcf = await downloadText(page, page.getByRole("link", { name: "Export .vcf" }));
  expect(vcf.download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.vcf$/);
  expect(new URL(vcf.download.url()).searchParams.get("campaign")).toBe(campaign);
  expect(vcf.text.match(/^BEGIN:VCARD\r$/gm)).toHaveLength(3);
  const parsed: unknown = ICAL.parse(vcf.text);
  const cards = (parsed as unknown[][]).map((jcal) => new ICAL.Component(jcal));
  expect(cards.map((card) => unescapeText(card.getFirstPropertyValue("fn"))).sort()).toEqual(names);

  const csv = await downloadText(page, page.getByRole("link", { name: "Export .csv" }));
  expect(csv.download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(csv.text.startsWith("\uFEFFid,")).toBe(true);
  const rows: Record<string, string>[] = parse(csv.text, { bom: true, columns: true });
  expect(rows).toHaveLength(3);
  expect(rows.map((row) => row.formatted_name).sort()).toEqual(names);
  expect(rows.every((row) => row.ref2 === campaign)).toBe(true);
});
