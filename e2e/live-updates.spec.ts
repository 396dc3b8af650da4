import { expect, kaleyraContactsCallback, test } from "./fixtures";

test("a contact that arrives while the inbox is open is offered, then shown", async ({ page, inbox, unique, postCallback }) => {
  const campaign = unique.campaign("live");
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("before"), extraInfo: { ref: campaign }, cards: [{ name: { formatted_name: `Early ${unique.surname}` } }] }));
  await inbox.goto({ campaign });
  await expect(inbox.cards).toHaveCount(1);

  // One new contact in this campaign and one in another: only the first matches the open filters.
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("other"), extraInfo: { ref: unique.campaign("elsewhere") }, cards: [{ name: { formatted_name: `Other ${unique.surname}` } }] }));
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("new"), extraInfo: { ref: campaign }, cards: [{ name: { formatted_name: `Fresh ${unique.surname}` } }] }));

  // The list does not move by itself; the inbox polls every 4 s and offers the new contact.
  const notice = page.getByRole("button", { name: "1 new contact — show" });
  // Polls land at 4 s and 8 s after the page loaded; 12 s leaves room for a slow poll.
  await expect(notice).toBeVisible({ timeout: 12_000 });
  await expect(inbox.cards).toHaveCount(1);

  await notice.click();
  await expect(inbox.card(`Fresh ${unique.surname}`)).toBeVisible();
  await expect(inbox.cards).toHaveCount(2);
  await expect(inbox.count).toHaveText("2 contacts match");
  await expect(notice).toBeHidden();
});
