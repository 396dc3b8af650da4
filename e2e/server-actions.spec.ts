import type { APIResponse, Page, Request } from "@playwright/test";
import { expect, expectHydrated, kaleyraTextCallback, signIn, signedOut, test } from "./fixtures";

/*
 * Server actions check who calls them themselves, not only the pages that show their forms: a
 * request captured from an admin's own browser, replayed with another agent's session (or a
 * forged one), must change nothing.
 */

/** Submits a form's server action in the admin's page, but stops the request and hands it back instead. */
async function captureAction(page: Page, submit: () => Promise<void>): Promise<{ headers: Record<string, string>; body: Buffer; url: string }> {
  let captured: Request | null = null;
  await page.route(
    (url) => url.pathname === new URL(page.url()).pathname,
    async (route) => {
      if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
        captured = route.request();
        await route.abort();
      } else await route.continue();
    },
  );
  await submit();
  await expect.poll(() => captured !== null).toBe(true);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  const request = captured as unknown as Request;
  const headers = request.headers();
  return {
    url: request.url(),
    body: request.postDataBuffer() ?? Buffer.alloc(0),
    headers: { "next-action": headers["next-action"]!, "content-type": headers["content-type"]!, accept: "text/x-component", origin: new URL(request.url()).origin },
  };
}

test("admin actions refuse a non-admin's session and a forged one", async ({ page, browser, unique }) => {
  const target = { email: `target.${unique.tag}@e2e.example`, password: `target-password-${unique.tag}` };
  const plain = { email: `plain.${unique.tag}@e2e.example`, password: `plain-password-${unique.tag}` };
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Add agent" });
  await expectHydrated(form.getByLabel("Email"));
  for (const agent of [target, plain]) {
    await form.getByLabel("Email").fill(agent.email);
    await form.getByLabel("Password").fill(agent.password);
    await form.getByRole("button", { name: "Add agent" }).click();
    await expect(form.getByRole("status")).toContainText(`Added ${agent.email}`);
  }
  const listed = page.getByRole("listitem", { name: target.email, exact: true });

  // The admin's own "Disable" for the target, captured before it reaches the server.
  await expectHydrated(listed.getByRole("button", { name: "Disable" }));
  const disable = await captureAction(page, () => listed.getByRole("button", { name: "Disable" }).click());
  // …and a "Create token" submission (on a fresh page: the stopped request leaves the first one waiting).
  await page.reload();
  const tokenForm = page.getByRole("form", { name: "Create API token" });
  await expectHydrated(tokenForm.getByLabel("Token name"));
  await tokenForm.getByLabel("Token name").fill(`replayed ${unique.tag}`);
  const createToken = await captureAction(page, () => tokenForm.getByRole("button", { name: "Create token" }).click());

  const theirs = await browser.newContext({ storageState: signedOut });
  const theirPage = await theirs.newPage();
  await theirPage.goto("/");
  await signIn(theirPage, plain);
  for (const action of [disable, createToken]) {
    const asAgent = await theirPage.request.post(action.url, { headers: action.headers, data: action.body, maxRedirects: 0 });
    expect(asAgent.status(), "a non-admin's replay").toBe(403);
    const forged = await theirPage.request.post(action.url, { headers: { ...action.headers, cookie: "ci_session=forged-session-token" }, data: action.body, maxRedirects: 0 });
    expectSentToSignIn(forged);
  }
  await theirs.close();

  // Nothing changed: the target is still enabled and no token was made.
  await page.reload();
  await expect(listed).not.toContainText("disabled");
  await expect(page.getByRole("listitem", { name: `Token replayed ${unique.tag}`, exact: true })).toHaveCount(0);
});

test("re-processing refuses a forged session", async ({ page, unique, postCallback }) => {
  const accepted = await postCallback(kaleyraTextCallback({ messageId: unique.messageId("replay"), text: `Replay ${unique.surname}` }));
  await page.goto(`/deliveries?before=${accepted.callbackId + 1}`);
  const row = page.getByRole("listitem", { name: `Callback ${accepted.callbackId}` });
  const button = row.getByRole("button", { name: "Re-process" });
  await expectHydrated(button);
  const reprocess = await captureAction(page, () => button.click());

  const forged = await page.request.post(reprocess.url, { headers: { ...reprocess.headers, cookie: "ci_session=forged-session-token" }, data: reprocess.body, maxRedirects: 0 });
  expectSentToSignIn(forged);
  // Not re-processed: the newest deliveries have no entry pointing back at it.
  await page.reload();
  await expect(page.getByText(`re-processed from #${accepted.callbackId}`)).toHaveCount(0);
});

/** An action called without a valid session answers by sending the browser to sign-in (Next.js says so in x-action-redirect). */
function expectSentToSignIn(response: APIResponse): void {
  const redirect = response.headers()["x-action-redirect"] ?? response.headers().location ?? "";
  expect(redirect, `status ${response.status()}`).toMatch(/^\/sign-in/);
}
