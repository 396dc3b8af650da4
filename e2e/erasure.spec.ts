import { expect, expectHydrated, kaleyraContactsCallback, test } from "./fixtures";

test("an admin erases a person: a dry run counts their shares, confirming erases them and shows a receipt", async ({ page, inbox, unique, postCallback }) => {
  const phone = unique.phone();
  const campaign = unique.campaign("erase");
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("a"), extraInfo: { ref1: campaign }, cards: [{ name: { formatted_name: `Erin ${unique.surname}` }, phones: [{ phone: phone.display }] }] }));
  await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("b"),
      extraInfo: { ref1: campaign },
      cards: [{ name: { formatted_name: `Erin Again ${unique.surname}` }, phones: [{ phone: phone.digits, wa_id: phone.digits }] }, { name: { formatted_name: `Bystander ${unique.surname}` } }],
    }),
  );

  await page.goto("/admin/erasure");
  const find = page.getByRole("form", { name: "Find a person" });
  await expectHydrated(find.getByLabel("Value"));
  await find.getByLabel("Known by").selectOption("phone");
  // Written a third way: the same number.
  await find.getByLabel("Value").fill(`00 ${phone.digits.slice(0, 2)} ${phone.national}`);
  await find.getByRole("button", { name: "Count matching shares" }).click();
  const matches = page.getByRole("region", { name: "Matching shares" });
  await expect(matches.getByRole("status")).toHaveText("2 shares match.");
  await expect(matches).toContainText(`Erin ${unique.surname}`);
  await expect(matches).toContainText(`Erin Again ${unique.surname}`);
  // The dry run changed nothing.
  const before = (await (await page.request.get(`/api/contacts?campaign=${campaign}`)).json()) as { total: number };
  expect(before.total).toBe(3);

  await matches.getByRole("button", { name: "Erase 2 shares" }).click();
  const receipt = page.getByRole("region", { name: "Erasure receipt" });
  await expect(receipt.getByRole("status")).toHaveText("Erased: 2 shares deleted, 2 stored callbacks redacted.");
  await expect(receipt).toContainText(/SHA-256\s*[0-9a-f]{64}/);
  await expect(receipt).not.toContainText(phone.national);

  await inbox.goto({ campaign });
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(`Bystander ${unique.surname}`)).toBeVisible();
});
