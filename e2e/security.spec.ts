import type { Page } from "@playwright/test";
import { addAgentOnAdmin, expect, expectHydrated, kaleyraContactsCallback, signIn, signedOut, test } from "./fixtures";
import { testServers } from "./test-servers";

const admin = testServers.main.agent!;

test.describe("signed out", () => {
  test.use({ storageState: signedOut });

  test("a page opened signed out leads to sign-in, then back to that page with its query", async ({ page, inbox, request, unique }) => {
    const redirect = await request.get("/deliveries?outcome=rejected", { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers().location).toBe(`/sign-in?next=${encodeURIComponent("/deliveries?outcome=rejected")}`);

    const campaign = unique.campaign("after-sign-in");
    await page.goto(`/?${new URLSearchParams({ campaign, q: unique.tag, view: "table" })}`);
    await expect(page).toHaveURL((url) => url.pathname === "/sign-in" && url.searchParams.get("next") === `/?campaign=${campaign}&q=${unique.tag}&view=table`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
    await signIn(page, admin);
    await expect(page).toHaveURL((url) => url.pathname === "/" && url.searchParams.get("campaign") === campaign && url.searchParams.get("q") === unique.tag && url.searchParams.get("view") === "table");
    await expect(inbox.search).toHaveValue(unique.tag);
    await expect(inbox.campaign).toHaveValue(campaign);
  });

  test("a forged or expired session cookie gets a real redirect to sign-in, past the proxy's cookie check", async ({ request }) => {
    // The proxy only sees that a cookie exists; each page checks the session itself.
    for (const path of ["/", "/?view=table", "/deliveries", "/contacts/1", "/admin"]) {
      const response = await request.get(path, { headers: { cookie: "ci_session=forged-session-token" }, maxRedirects: 0 });
      expect(response.status(), path).toBe(307);
      expect(response.headers().location, path).toMatch(/^\/sign-in/);
    }
    // The same for the bypass header of CVE-2025-29927 and its kin.
    const bypass = await request.get("/deliveries", { headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" }, maxRedirects: 0 });
    expect(bypass.status()).toBe(307);
  });

  test("a wrong password is refused with 'Wrong email or password'", async ({ page }) => {
    await page.goto("/sign-in");
    await expectHydrated(page.getByLabel("Email"));
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(`${admin.password}-wrong`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password");
    await expect(page).toHaveURL(/\/sign-in$/);
    // Nothing of the inbox leaked through: still no session.
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("ci_session");
  });

  test("the data API answers 401 JSON without a session or API token", async ({ request }) => {
    for (const path of ["/api/contacts", "/api/campaigns", "/api/contacts/export.csv", "/api/contacts/export.vcf", "/api/contacts/1"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(401);
      expect(response.headers()["content-type"], path).toMatch(/^application\/json/);
      expect(await response.json(), path).toMatchObject({ error: expect.stringMatching(/^Authentication required/) });
    }
    // A made-up cookie or token passes the proxy's first gate, and the route itself refuses it.
    const forged = await request.get("/api/contacts", { headers: { cookie: "ci_session=forged-session-token" } });
    expect(forged.status()).toBe(401);
    const bogusBearer = await request.get("/api/contacts", { headers: { authorization: "Bearer ci_not-a-real-token" } });
    expect(bogusBearer.status()).toBe(401);
  });
});

test("a callback needs the X-Callback-Token; refused ones are listed as unauthenticated", async ({ page, request, unique, postCallback }) => {
  const body = kaleyraContactsCallback({ messageId: unique.messageId("token"), cards: [{ name: { formatted_name: `Tokened ${unique.surname}` } }] });
  const endpoint = "/api/callbacks/whatsapp";

  const missing = await request.post(endpoint, { data: body });
  expect(missing.status()).toBe(401);
  expect(await missing.json()).toMatchObject({ error: "Unauthenticated callback" });
  const wrong = await request.post(endpoint, { data: body, headers: { "x-callback-token": "not-the-token" } });
  expect(wrong.status()).toBe(401);
  const accepted = await postCallback(body);
  expect(accepted).toMatchObject({ outcome: "stored", sharesStored: 1 });
  // Kaleyra profiles that cannot send headers put the token in the URL instead.
  const inQuery = await request.post(`${endpoint}?token=${encodeURIComponent(testServers.main.callbackToken!)}`, { data: body });
  expect(inQuery.status()).toBe(200);
  expect(await inQuery.json()).toMatchObject({ outcome: "duplicate" });

  // The two refused deliveries are the newest unauthenticated ones before the accepted one (only this test sends any).
  await page.goto(`/deliveries?outcome=rejected&before=${accepted.callbackId}`);
  const refused = page.getByRole("list", { name: "Callbacks" }).getByRole("listitem").filter({ hasText: "unauthenticated: " });
  await expect(refused.nth(0)).toContainText("unauthenticated: wrong callback token");
  await expect(refused.nth(0)).toContainText("HTTP 401");
  await expect(refused.nth(1)).toContainText("unauthenticated: missing callback token");
  await expect(refused.nth(1)).toContainText("HTTP 401");
  // An unauthenticated body is not kept, so it cannot be re-processed into contacts.
  await expect(refused.nth(0)).toContainText("Body not kept: the callback failed authentication.");
  await expect(refused.nth(0).getByRole("button", { name: "Re-process" })).toHaveCount(0);
});

test("markup in a shared name is shown as text everywhere and never runs", async ({ page, inbox, request, unique, postCallback }) => {
  const markup = "<img src=x onerror=alert(1)>";
  const trouble = watchForTrouble(page);
  await page.exposeFunction("__reportCspViolation", (violation: string) => trouble.cspViolations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });

  const campaign = unique.campaign("markup");
  await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("markup"),
      sender: { waId: unique.phone().digits, name: markup },
      extraInfo: { ref: campaign, ref1: markup },
      cards: [{ name: { formatted_name: markup, first_name: markup, last_name: unique.surname }, phones: [{ phone: unique.phone().display, type: "CELL" }] }],
    }),
  );

  await inbox.goto({ campaign });
  const card = inbox.card(markup);
  await expect(card.getByRole("heading", { name: markup, exact: true })).toBeVisible();
  await expect(card.getByRole("definition").first()).toHaveText(markup);
  await expect(card.getByRole("link", { name: `ref1: ${markup}`, exact: true })).toBeVisible();
  await expect(card).toContainText(`Shared by ${markup}`);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  await inbox.goto({ campaign, view: "table" });
  const row = inbox.table.getByRole("row").filter({ has: page.getByRole("link", { name: markup, exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").filter({ hasText: markup })).toHaveCount(3); // name, sender, campaign
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  await row.getByRole("link", { name: markup, exact: true }).click();
  await expect(page).toHaveURL(/\/contacts\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(markup);
  await expect(page).toHaveTitle(`${markup} · Contact Inbox`);
  const details = page.getByRole("region", { name: "Message details" });
  await expect(details).toContainText(markup);
  // The message held this card alone: no list of the message's other cards.
  await expect(page.getByRole("region", { name: /Shared in the same message/ })).toHaveCount(0);
  await page.getByText("Raw callback JSON").click();
  await expect(page.getByRole("region", { name: "Raw callback JSON" })).toContainText(`"formatted_name": "${markup}"`);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  const id = /\/contacts\/(\d+)$/.exec(page.url())?.[1];
  const json = (await (await request.get(`/api/contacts/${id}`)).json()) as { name: { formatted: string }; sender: { profileName: string } };
  expect(json).toMatchObject({ name: { formatted: markup }, sender: { profileName: markup } });

  expect(trouble.dialogs, "no dialog opened").toEqual([]);
  expect(trouble.cspViolations, "no Content-Security-Policy violation").toEqual([]);
  expect(trouble.errors, "no console error").toEqual([]);
});

test("pages and API responses carry the security headers", async ({ request }) => {
  const first = await request.get("/");
  const second = await request.get("/");
  expect(first.status()).toBe(200);
  const csp = first.headers()["content-security-policy"] ?? "";
  const directives: Record<string, string[]> = Object.fromEntries(csp.split(";").map((directive) => directive.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(directives["script-src"]?.find((value) => value.startsWith("'nonce-")) ?? "")?.[1];
  expect(nonce, `script-src has a nonce: ${csp}`).toBeTruthy();
  expect(directives["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  expect(directives["script-src"]).not.toContain("'unsafe-inline'");
  expect(directives["frame-ancestors"]).toEqual(["'none'"]);
  expect(directives["object-src"]).toEqual(["'none'"]);
  // A fresh nonce per response, and the page's own scripts carry it.
  expect(second.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
  expect(await first.text()).toContain(`nonce="${nonce}"`);

  const api = await request.get("/api/contacts?pageSize=1");
  expect(api.status()).toBe(200);
  expect(api.headers()["content-security-policy"]).toMatch(/^default-src 'none'; frame-ancestors 'none'/);

  for (const [what, response] of [
    ["page", first],
    ["API", api],
  ] as const) {
    const headers = response.headers();
    expect(headers["x-content-type-options"], what).toBe("nosniff");
    expect(headers["referrer-policy"], what).toBe("same-origin");
    expect(headers["x-frame-options"], what).toBe("DENY");
    expect(headers["permissions-policy"], what).toMatch(/camera=\(\)/);
  }
});

test("an API token made on /admin works as a Bearer token until it is revoked", async ({ page, playwright, baseURL, unique }) => {
  const name = `e2e token ${unique.tag}`;
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Create API token" });
  await expectHydrated(form.getByLabel("Token name"));
  await form.getByLabel("Token name").fill(name);
  await form.getByRole("button", { name: "Create token" }).click();
  const token = ((await page.getByTestId("new-token").textContent()) ?? "").trim();
  expect(token.length).toBeGreaterThan(20);

  const client = await playwright.request.newContext({ baseURL, storageState: signedOut });
  const asClient = () => client.get("/api/contacts?pageSize=1", { headers: { authorization: `Bearer ${token}` } });
  const allowed = await asClient();
  expect(allowed.status()).toBe(200);
  expect(await allowed.json()).toMatchObject({ page: 1, pageSize: 1 });

  const listed = page.getByRole("listitem", { name: `Token ${name}`, exact: true });
  await listed.getByRole("button", { name: "Revoke" }).click();
  await expect(listed).toContainText("revoked");
  expect((await asClient()).status()).toBe(401);
  await client.dispose();
});

test("an agent the admin adds can sign in; once disabled they are signed out everywhere", async ({ page, browser, unique }) => {
  const agent = { email: `agent.${unique.tag}@e2e.example`, name: `Agent ${unique.surname}`, password: `agent-password-${unique.tag}` };
  const listed = await addAgentOnAdmin(page, agent);
  await expect(listed).toBeVisible();

  // The new agent, in their own browser.
  const theirs = await browser.newContext({ storageState: signedOut });
  const theirPage = await theirs.newPage();
  await theirPage.goto("/deliveries");
  await signIn(theirPage, agent);
  await expect(theirPage).toHaveURL(/\/deliveries$/);
  await expect(theirPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  expect((await theirPage.request.get("/api/contacts?pageSize=1")).status()).toBe(200);
  expect((await theirPage.request.get("/admin")).status()).toBe(403);

  await listed.getByRole("button", { name: "Disable" }).click();
  await expect(listed).toContainText("disabled");

  await theirPage.reload();
  await expect(theirPage).toHaveURL((url) => url.pathname === "/sign-in");
  expect((await theirPage.request.get("/api/contacts?pageSize=1")).status()).toBe(401);
  await signInExpectingRefusal(theirPage, agent);

  // Enabled again, they can sign in again.
  await listed.getByRole("button", { name: "Enable" }).click();
  await expect(listed).not.toContainText("disabled");
  await theirPage.goto("/");
  await signIn(theirPage, agent);
  await expect(theirPage.getByRole("heading", { name: "Shared contacts" })).toBeVisible();
  await theirs.close();
});

test("an agent changes their own password on /account: signed out elsewhere, still signed in here", async ({ page, browser, unique }) => {
  const agent = { email: `changer.${unique.tag}@e2e.example`, name: `Changer ${unique.surname}`, password: `first-password-${unique.tag}` };
  await addAgentOnAdmin(page, agent);
  const newPassword = `second-password-${unique.tag}`;

  const signedInAt = async () => {
    const context = await browser.newContext({ storageState: signedOut });
    const tab = await context.newPage();
    await tab.goto("/account");
    await signIn(tab, agent);
    return { context, tab };
  };
  const laptop = await signedInAt();
  const phone = await signedInAt();

  const form = laptop.tab.getByRole("form", { name: "Change password" });
  await expectHydrated(form.getByLabel("Current password"));
  await form.getByLabel("Current password").fill("not the password at all");
  await form.getByLabel(/^New password \(/).fill(newPassword);
  await form.getByLabel("New password again").fill(newPassword);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toHaveText("Your current password is not right.");
  await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Current password").fill(agent.password);
  await form.getByLabel(/^New password \(/).fill(newPassword);
  await form.getByLabel("New password again").fill(newPassword);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toContainText("Password changed. You were signed out everywhere else");

  // This browser has a new session; the other one is signed out.
  await laptop.tab.goto("/");
  await expect(laptop.tab.getByRole("heading", { name: "Shared contacts" })).toBeVisible();
  await phone.tab.reload();
  await expect(phone.tab).toHaveURL((url) => url.pathname === "/sign-in");
  await signInExpectingRefusal(phone.tab, agent);
  await phone.tab.getByLabel("Password").fill(newPassword);
  await phone.tab.getByRole("button", { name: "Sign in" }).click();
  await expect(phone.tab).toHaveURL((url) => url.pathname === "/account");

  // The admin sees who did it in the audit trail.
  await page.goto(`/admin/audit?action=agent.password_change`);
  await expect(page.getByRole("main")).toContainText(agent.email);
  await laptop.context.close();
  await phone.context.close();
});

test("an agent signs out their other browsers from /account", async ({ page, browser, unique }) => {
  const agent = { email: `roamer.${unique.tag}@e2e.example`, name: `Roamer ${unique.surname}`, password: `roamer-password-${unique.tag}` };
  await addAgentOnAdmin(page, agent);
  const browsers = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ storageState: signedOut });
    const tab = await context.newPage();
    await tab.goto("/account");
    await signIn(tab, agent);
    browsers.push({ context, tab });
  }
  const [desk, laptop, phone] = browsers as [(typeof browsers)[0], (typeof browsers)[0], (typeof browsers)[0]];
  await desk.tab.reload();
  await expect(desk.tab.getByTestId("other-browsers")).toHaveText("In this browser and 2 other browsers.");
  await desk.tab.getByRole("button", { name: "Sign out the other browsers" }).click();
  await expect(desk.tab.getByTestId("other-browsers")).toHaveText("Only in this browser.");
  await expect(desk.tab.getByRole("button", { name: /^Sign out the other/ })).toHaveCount(0);

  for (const signedOutTab of [laptop.tab, phone.tab]) {
    await signedOutTab.reload();
    await expect(signedOutTab).toHaveURL((url) => url.pathname === "/sign-in");
  }
  await desk.tab.goto("/");
  await expect(desk.tab.getByRole("heading", { name: "Shared contacts" })).toBeVisible();
  for (const { context } of browsers) await context.close();
});

async function signInExpectingRefusal(page: Page, agent: { email: string; password: string }): Promise<void> {
  await expectHydrated(page.getByLabel("Email"));
  await page.getByLabel("Email").fill(agent.email);
  await page.getByLabel("Password").fill(agent.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password");
}

/** Collects what must never happen while a page shows untrusted data: a dialog, a console error, an uncaught exception. */
function watchForTrouble(page: Page) {
  const trouble = { dialogs: [] as string[], errors: [] as string[], cspViolations: [] as string[] };
  page.on("dialog", (dialog) => {
    trouble.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.type() === "error") trouble.errors.push(message.text());
  });
  page.on("pageerror", (error) => trouble.errors.push(error.message));
  return trouble;
}
