import { expect, expectHydrated, kaleyraContactsCallback, test, type Unique } from "./fixtures";

const day = 24 * 3600 * 1000;

/** Three contacts in one campaign whose newest-first order (Charlie, Alice, Bob) is not alphabetical. */
async function postThreeContacts(unique: Unique, postCallback: (body: object) => Promise<unknown>) {
  const campaign = unique.campaign("table");
  const names = { alice: `Alice ${unique.surname}`, bob: `Bob ${unique.surname}`, charlie: `Charlie ${unique.surname}` };
  const daysAgo = { charlie: 41, alice: 42, bob: 43 };
  for (const key of ["alice", "bob", "charlie"] as const) {
    await postCallback(
      kaleyraContactsCallback({
        messageId: unique.messageId(key),
        sentAt: new Date(Date.now() - daysAgo[key] * day),
        extraInfo: { ref1: campaign },
        cards: [{ name: { formatted_name: names[key] }, emails: [{ email: `${key}.${unique.tag}@example.com` }] }],
      }),
    );
  }
  return { campaign, names };
}

test("sorting by Name happens on the server, across pages", async ({ page, inbox, unique, postCallback }) => {
  const { campaign, names } = await postThreeContacts(unique, postCallback);
  // Two rows a page: a sort done in the browser could only reorder the two rows it has.
  await inbox.goto({ campaign, view: "table", pageSize: "2" });
  await expect(inbox.tableNames()).toHaveText([names.charlie, names.alice]);
  await expect(page.getByRole("navigation", { name: "Pages" })).toContainText("1–2 of 3");

  const nameHeader = inbox.table.getByRole("columnheader", { name: "Name" });
  await expectHydrated(nameHeader.getByRole("button"));
  await nameHeader.getByRole("button", { name: "Name" }).click();
  await expect(page).toHaveURL((url) => url.searchParams.get("sort") === "name" && url.searchParams.get("campaign") === campaign);
  await expect(inbox.tableNames()).toHaveText([names.alice, names.bob]);
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");

  await nameHeader.getByRole("button", { name: "Name" }).click();
  await expect(page).toHaveURL((url) => url.searchParams.get("sort") === "name_desc");
  await expect(inbox.tableNames()).toHaveText([names.charlie, names.bob]);
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");

  await page.reload();
  await expect(inbox.tableNames()).toHaveText([names.charlie, names.bob]);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(inbox.tableNames()).toHaveText([names.alice]);
});

test("switching between cards and table keeps the filters", async ({ page, inbox, unique, postCallback }) => {
  const { campaign, names } = await postThreeContacts(unique, postCallback);
  await inbox.goto({ campaign, q: "ali" });
  await expect(inbox.cards).toHaveCount(1);

  const views = page.getByRole("navigation", { name: "View" });
  await views.getByRole("link", { name: "Table" }).click();
  await expect(page).toHaveURL((url) => url.searchParams.get("view") === "table" && url.searchParams.get("campaign") === campaign && url.searchParams.get("q") === "ali");
  await expect(views.getByRole("link", { name: "Table" })).toHaveAttribute("aria-current", "page");
  await expect(inbox.tableNames()).toHaveText([names.alice]);
  await expect(inbox.search).toHaveValue("ali");

  await views.getByRole("link", { name: "Cards" }).click();
  await expect(page).toHaveURL((url) => !url.searchParams.has("view") && url.searchParams.get("campaign") === campaign && url.searchParams.get("q") === "ali");
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(names.alice)).toBeVisible();
});

test("a column hidden with the Columns menu stays hidden", async ({ page, inbox, unique, postCallback }) => {
  const { campaign, names } = await postThreeContacts(unique, postCallback);
  await inbox.goto({ campaign, view: "table" });
  await expect(inbox.table.getByRole("columnheader", { name: "Email" })).toBeVisible();
  await expect(inbox.table.getByRole("cell", { name: `alice.${unique.tag}@example.com` })).toBeVisible();

  const menu = page.getByRole("button", { name: "Columns" });
  await expectHydrated(menu);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const columns = page.getByRole("group", { name: "Visible columns" });
  await expect(columns.getByRole("checkbox", { name: "Name" })).toBeDisabled();
  await expectHydrated(columns.getByRole("checkbox", { name: "Email" }));
  await columns.getByRole("checkbox", { name: "Email" }).uncheck();
  await expect(inbox.table.getByRole("columnheader", { name: "Email" })).toHaveCount(0);
  await expect(inbox.table.getByRole("cell", { name: `alice.${unique.tag}@example.com` })).toHaveCount(0);
  await expect(inbox.tableNames()).toHaveText([names.charlie, names.alice, names.bob]);

  // The menu closes on Escape (back to its button) and on a click elsewhere.
  await page.keyboard.press("Escape");
  await expect(columns).toBeHidden();
  await expect(menu).toBeFocused();
  await menu.click();
  await expect(columns).toBeVisible();
  await page.getByRole("heading", { name: "Shared contacts" }).click();
  await expect(columns).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");

  // The choice is remembered in this browser.
  await page.reload();
  await expect(inbox.table.getByRole("columnheader", { name: "Phone" })).toBeVisible();
  await expect(inbox.table.getByRole("columnheader", { name: "Email" })).toHaveCount(0);
});

test("a row shows the first phone, how many more, and the sender's name apart from their number", async ({ inbox, unique, postCallback }) => {
  const campaign = unique.campaign("rows");
  const sender = { ...unique.sender("x"), name: "محمد العلي" };
  const first = unique.phone();
  await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("rows"),
      sender,
      extraInfo: { ref1: campaign },
      cards: [{ name: { formatted_name: `Phones ${unique.surname}` }, phones: [{ phone: first.display }, { phone: unique.phone().display }, { phone: unique.phone().display }] }],
    }),
  );
  await inbox.goto({ campaign, view: "table" });
  const row = inbox.table.getByRole("row").filter({ has: inbox.page.getByRole("link", { name: `Phones ${unique.surname}` }) });
  const cells = row.getByRole("cell");
  await expect(cells.nth(1)).toHaveText(`${first.display}+2 more phone numbers`);
  // The right-to-left name is isolated in its own element, so the number after it keeps its order.
  await expect(cells.nth(3).locator("bdi")).toHaveText(sender.name);
  await expect(cells.nth(3)).toHaveText(`${sender.name}${sender.display}`);
});
