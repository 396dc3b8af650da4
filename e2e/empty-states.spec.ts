import { expect, keepScreenshot, kaleyraContactsCallback, test } from "./fixtures";
import { testServers } from "./test-servers";

test.describe("on a server that has never received a callback", () => {
  // The second webServer: its own database and admin (signed in by auth.setup.ts), and no test ever posts to it.
  test.use({ baseURL: testServers.empty.url, storageState: testServers.empty.storageState });

  test("the inbox says 'No contacts yet' and what to ask the operator for", async ({ page }, testInfo) => {
    await page.goto("/");
    const callbackUrl = `${testServers.empty.url}/api/callbacks/whatsapp`;
    const empty = page.getByRole("region", { name: "No contacts yet" });
    await expect(empty).toBeVisible();
    await expect(empty).toContainText("Ask whoever runs this server");
    await expect(empty.getByTestId("callback-url")).toHaveText(callbackUrl);
    await expect(empty.getByRole("button", { name: "Copy callback URL" })).toBeVisible();
    // This server checks callback tokens, so the example sends one.
    const curl = empty.getByText(`curl -X POST ${callbackUrl}`);
    await expect(curl).toContainText("-H 'X-Callback-Token: <CALLBACK_TOKEN>'");
    await expect(curl).toContainText("--data-binary @samples/kaleyra-contact-message.json");
    // Nothing to filter, switch or export yet.
    await expect(page.getByRole("search", { name: "Filter contacts" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Export/ })).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "View" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /rejected callbacks? in 24 h/ })).toHaveCount(0);
    await keepScreenshot(page, testInfo, "empty-1280");
  });

  test("the delivery log says no callbacks arrived yet", async ({ page }) => {
    await page.goto("/deliveries");
    await expect(page.getByText("No callbacks yet.")).toBeVisible();
  });
});

test("filters that match nothing say so and offer to clear them", async ({ page, inbox, unique, postCallback }) => {
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("any"), cards: [{ name: { formatted_name: `Present ${unique.surname}` } }] }));

  await inbox.goto({ campaign: unique.campaign("nothing"), q: `absent ${unique.tag}` });
  await expect(page.getByRole("heading", { name: "No contacts match these filters" })).toBeVisible();
  await expect(inbox.count).toHaveText("0 contacts match");
  // A campaign nobody used is still shown as the selected value, not silently dropped.
  await expect(inbox.campaign).toHaveValue(unique.campaign("nothing"));

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/" && url.search === "");
  await expect(page.getByRole("heading", { name: "No contacts match these filters" })).toBeHidden();
  await expect(inbox.cards.first()).toBeVisible();
  await expect(inbox.search).toHaveValue("");
});

test("clearing filters from an empty table keeps the table view", async ({ page, inbox, unique }) => {
  await inbox.goto({ view: "table", q: `absent ${unique.tag}` });
  await expect(page.getByRole("heading", { name: "No contacts match these filters" })).toBeVisible();
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/" && url.search === "?view=table");
});
