import { expect, kaleyraContactsCallback, test } from "./fixtures";

test("reload keeps the filters and results; back and forward restore them", async ({ page, inbox, unique, postCallback }) => {
  const campaign = unique.campaign("spring");
  const maria = unique.sender("Maria");
  const omar = unique.sender("Omar");
  await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("maria"),
      sender: maria,
      extraInfo: { ref: campaign },
      cards: [{ name: { formatted_name: `Kofi Lindqvist ${unique.surname}` } }, { name: { formatted_name: `Lena Park ${unique.surname}` } }],
    }),
  );
  await postCallback(
    kaleyraContactsCallback({ messageId: unique.messageId("omar"), sender: omar, extraInfo: { ref: campaign }, cards: [{ name: { formatted_name: `Kofi Asante ${unique.surname}` } }] }),
  );

  await inbox.goto({ campaign });
  await expect(inbox.cards).toHaveCount(3);
  await inbox.search.fill("kofi");
  await expect(page).toHaveURL((url) => url.searchParams.get("campaign") === campaign && url.searchParams.get("q") === "kofi");
  await expect(inbox.cards).toHaveCount(2);
  await inbox.sender.selectOption(maria.waId);
  await expect(page).toHaveURL((url) => url.searchParams.get("sender") === maria.waId);
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(`Kofi Lindqvist ${unique.surname}`)).toBeVisible();

  await page.reload();
  await expect(inbox.campaign).toHaveValue(campaign);
  await expect(inbox.sender).toHaveValue(maria.waId);
  await expect(inbox.search).toHaveValue("kofi");
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(`Kofi Lindqvist ${unique.surname}`)).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL((url) => url.searchParams.get("campaign") === campaign && url.searchParams.get("q") === "kofi" && !url.searchParams.has("sender"));
  await expect(inbox.sender).toHaveValue("");
  await expect(inbox.search).toHaveValue("kofi");
  await expect(inbox.cards).toHaveCount(2);
  await expect(inbox.card(`Kofi Asante ${unique.surname}`)).toBeVisible();

  // Each settled search was one history entry: one more Back returns to the search before it.
  await page.goBack();
  await expect(page).toHaveURL((url) => url.searchParams.get("campaign") === campaign && !url.searchParams.has("q"));
  await expect(inbox.search).toHaveValue("");
  await expect(inbox.cards).toHaveCount(3);

  await page.goForward();
  await expect(inbox.search).toHaveValue("kofi");
  await page.goForward();
  await expect(page).toHaveURL((url) => url.searchParams.get("sender") === maria.waId);
  await expect(inbox.sender).toHaveValue(maria.waId);
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(`Kofi Lindqvist ${unique.surname}`)).toBeVisible();
});
