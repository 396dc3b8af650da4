import { downloadText, expect, expectHydrated, kaleyraContactsCallback, signIn, signedOut, test } from "./fixtures";
import { testServers } from "./test-servers";

test("the audit trail shows what was done, filtered by who, what and when, exports as CSV, and is for admins only", async ({ page, browser, unique, postCallback }) => {
  const admin = testServers.main.agent!;
  // An export with a filter only this test uses, and a new (non-admin) agent: both are recorded.
  const campaign = unique.campaign("audited");
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("a"), extraInfo: { ref1: campaign }, cards: [{ name: { formatted_name: `Audited ${unique.surname}` } }] }));
  expect((await page.request.get(`/api/contacts/export.csv?campaign=${campaign}`)).status()).toBe(200);
  const agent = { email: `auditor.${unique.tag}@e2e.example`, password: `agent-password-${unique.tag}` };
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Add agent" });
  await expectHydrated(form.getByLabel("Email"));
  await form.getByLabel("Email").fill(agent.email);
  await form.getByLabel("Password").fill(agent.password);
  await form.getByRole("button", { name: "Add agent" }).click();
  await expect(form.getByRole("status")).toContainText(`Added ${agent.email}`);

  await page.getByRole("link", { name: "Audit trail" }).click();
  await expect(page.getByRole("heading", { name: "Audit trail" })).toBeVisible();
  const filters = page.getByRole("search", { name: "Filter the audit trail" });
  await filters.getByLabel("Who").selectOption({ label: admin.email });
  await filters.getByLabel("Action").selectOption({ label: "exported contacts" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=contacts\.export/);
  const table = page.getByRole("table");
  const exportRow = table.getByRole("row").filter({ hasText: campaign });
  await expect(exportRow).toHaveCount(1);
  await expect(exportRow).toContainText("exported contacts");
  await expect(exportRow).toContainText(admin.email);
  await expect(exportRow).toContainText("format: csv-spreadsheet");
  await expect(exportRow).toContainText("cards: 1");
  // Every entry shown is one the filter asks for.
  await expect(table.getByRole("row").filter({ hasNotText: "exported contacts" })).toHaveCount(1); // the header row

  // Today only still shows it; a range in the past shows nothing.
  const today = new Date().toISOString().slice(0, 10);
  await filters.getByLabel("From", { exact: true }).fill(today);
  await filters.getByLabel("To", { exact: true }).fill(today);
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(table.getByRole("row").filter({ hasText: campaign })).toHaveCount(1);
  await filters.getByLabel("From", { exact: true }).fill("2001-01-01");
  await filters.getByLabel("To", { exact: true }).fill("2001-12-31");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No entries match these filters.")).toBeVisible();

  await page.goto("/admin/audit?action=agent.add");
  await expect(page.getByRole("table").getByRole("row").filter({ hasText: agent.email })).toContainText("added an agent");
  const { text } = await downloadText(page, page.getByRole("link", { name: "Export CSV" }));
  expect(text.split("\r\n")[0]).toBe("\uFEFFid,time (UTC),actor type,actor id,actor,client address,action,details");
  expect(text).toContain(agent.email);
  expect(text).not.toContain("contacts.export");

  // The new agent is not an admin: no audit trail for them, on the page or through the API.
  const theirs = await browser.newContext({ storageState: signedOut });
  const theirPage = await theirs.newPage();
  await theirPage.goto("/");
  await signIn(theirPage, agent);
  await theirPage.goto("/admin/audit");
  await expect(theirPage.getByRole("heading", { name: "Admins only" })).toBeVisible();
  expect((await theirPage.request.get("/api/audit/export.csv")).status()).toBe(403);
  await theirs.close();

  // Their sign-in was recorded, with their email.
  await page.goto(`/admin/audit?action=auth.sign_in`);
  await expect(page.getByRole("table").getByRole("row").filter({ hasText: agent.email }).first()).toContainText("signed in");
});
