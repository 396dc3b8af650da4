import { expect, kaleyraContactsCallback, test } from "./fixtures";

test("a contact's page says how often the same person was shared, and by how many senders, linking to those shares", async ({ page, request, postCallback, unique }) => {
  const phone = unique.phone();
  // The same number written two ways, from two senders; and a card that is someone else.
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("first"), sender: unique.sender("Ana"), cards: [{ name: { formatted_name: `Rita ${unique.surname}` }, phones: [{ phone: phone.display }] }] }));
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("again"), sender: unique.sender("Ben"), cards: [{ name: { formatted_name: `R. ${unique.surname}` }, phones: [{ phone: `+${phone.digits}`, wa_id: phone.digits }] }] }));
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("other"), sender: unique.sender("Ana"), cards: [{ name: { formatted_name: `Someone ${unique.surname}` } }] }));

  const { items } = (await (await request.get(`/api/contacts?q=${unique.surname}`)).json()) as { items: { id: number; name: { formatted: string } }[] };
  const rita = items.find((item) => item.name.formatted === `Rita ${unique.surname}`)!;
  const someone = items.find((item) => item.name.formatted === `Someone ${unique.surname}`)!;

  await page.goto(`/contacts/${someone.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Someone ${unique.surname}`);
  await expect(page.getByText(/Shared \d+ times/)).toHaveCount(0);

  await page.goto(`/contacts/${rita.id}`);
  await page.getByRole("link", { name: "Shared 2 times by 2 senders" }).click();
  await expect(page).toHaveURL(new RegExp(`/\\?person=%2B${phone.digits}$`));
  const cards = page.getByRole("region", { name: "Contacts" }).getByRole("article");
  await expect(cards).toHaveCount(2);
});
