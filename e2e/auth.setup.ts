import { expect, test as setup } from "@playwright/test";
import { signIn, signedOut } from "./fixtures";
import { testServers } from "./test-servers";

/*
 * Signs the admin in once per server through the real /sign-in form and saves the cookies: the
 * `e2e` project starts every test signed in to `main` with them, and the empty-inbox tests use `empty`'s.
 */
for (const server of [testServers.main, testServers.empty]) {
  setup(`sign in to the ${server.name} server`, async ({ browser }) => {
    const agent = server.agent;
    if (!agent) throw new Error(`The ${server.name} server has no agent to sign in with`);
    const context = await browser.newContext({ baseURL: server.url, storageState: signedOut });
    const page = await context.newPage();
    await page.goto("/");
    await signIn(page, agent);
    await expect(page).toHaveURL(`${server.url}/`);
    await expect(page.getByRole("heading", { name: "Shared contacts" })).toBeVisible();
    await context.storageState({ path: server.storageState });
    await context.close();
  });
}
