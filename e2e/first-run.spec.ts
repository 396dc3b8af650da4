import { expect, expectHydrated, keepScreenshot, signIn, signedOut, test } from "./fixtures";
import { testServers } from "./test-servers";

const fresh = testServers.fresh;
const admin = { email: "first.admin@e2e.example", name: "First Admin", password: "first-admin-password-2718" };

// The third webServer: it starts with no agent, SETUP_CODE set, and no callback secret. This is the only
// test that talks to it, and it can only run once per server start: setup closes for good.
test.use({ baseURL: fresh.url, storageState: signedOut });

test("first run: the setup code creates the first admin, then setup closes for good", async ({ page }, testInfo) => {
  if (!fresh.setupCode) throw new Error("The fresh server needs a SETUP_CODE");

  // Nobody can sign in yet: the inbox leads to sign-in, which leads to setup.
  const response = await page.goto("/");
  await expect(page).toHaveURL(`${fresh.url}/setup`);
  const hops: string[] = [];
  for (let request = response?.request().redirectedFrom(); request; request = request.redirectedFrom()) hops.unshift(new URL(request.url()).pathname);
  expect(hops).toEqual(["/", "/sign-in"]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Contact Inbox");
  const code = page.getByLabel("Setup code");
  await expectHydrated(code);
  await keepScreenshot(page, testInfo, "setup-1280");
  await page.setViewportSize({ width: 375, height: 812 });
  await keepScreenshot(page, testInfo, "setup-375");
  await page.setViewportSize({ width: 1280, height: 800 });

  // A wrong code is refused and creates nothing.
  await code.fill("WRONG-CODE-1234");
  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/setup code is not right/);
  await expect(page).toHaveURL(`${fresh.url}/setup`);

  // What was typed stays (but not the code or the password).
  await expect(page.getByLabel("Email")).toHaveValue(admin.email);
  await expect(page.getByLabel("Your name")).toHaveValue(admin.name);

  // The right one creates the admin, signs them in and opens the (empty) inbox.
  await code.fill(fresh.setupCode);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page).toHaveURL(`${fresh.url}/`);
  await expect(page.getByRole("heading", { name: "Shared contacts" })).toBeVisible();
  await expect(page.getByRole("region", { name: "No contacts yet" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();
  // No callback secret on this server: every signed-in page says so.
  await expect(page.getByText(/^Callbacks are not authenticated/)).toBeVisible();
  await keepScreenshot(page, testInfo, "empty-unauthenticated-callbacks-1280");

  // Setup is closed now, signed in or not.
  const closed = await page.request.get("/setup", { maxRedirects: 0 });
  expect(closed.status()).toBe(307);
  expect(closed.headers().location).toBe("/sign-in");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${fresh.url}/sign-in`);
  await page.goto("/setup");
  await expect(page).toHaveURL(`${fresh.url}/sign-in`);
  await page.goto("/deliveries");
  await expect(page).toHaveURL(`${fresh.url}/sign-in?next=${encodeURIComponent("/deliveries")}`);

  await signIn(page, admin);
  await expect(page).toHaveURL(`${fresh.url}/deliveries`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deliveries");
});
