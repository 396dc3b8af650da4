import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { expect, expectHydrated, kaleyraContactsCallback, signIn, signedOut, test } from "./fixtures";
import { databaseEnvOf, testServers } from "./test-servers";

/*
 * Attacks that lock things, against their own server (`guard`): setup-code guessing, parallel
 * password guessing, per-address limits with a rotating X-Forwarded-For, and requests that used to
 * end in a 500. The server starts with no agent and only META_APP_SECRET. The steps depend on each
 * other (the locks they leave), so they run in order.
 */
const guard = testServers.guard;
const agentA = { email: "agent.a@guard.example", password: "guard-agent-a-password-1" };
const agentB = { email: "agent.b@guard.example", password: "guard-agent-b-password-2" };

test.describe.configure({ mode: "serial" });
test.use({ baseURL: guard.url, storageState: signedOut });

test("setup-code guesses are counted by the socket's address: a rotating X-Forwarded-For does not reset them", async ({ page }) => {
  await page.goto("/setup");
  const code = page.getByLabel("Setup code");
  await expectHydrated(code);
  for (let guess = 0; guess < 10; guess++) {
    await page.setExtraHTTPHeaders({ "x-forwarded-for": `10.20.${guess}.1` });
    await code.fill(`WRONG-CODE-${guess}`);
    await page.getByLabel("Email").fill("first@guard.example");
    await page.getByLabel("Password").fill("a long enough password");
    // Each answer is awaited (the alert of the one before already says the same).
    await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), page.getByRole("button", { name: "Create admin and sign in" }).click()]);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(/setup code is not right/);
    // The form clears the code after each answer: type the next one only once it has.
    await expect(code).toHaveValue("");
  }
  // The eleventh try, with the right code and yet another forwarded address, is refused too.
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "10.20.99.1" });
  await code.fill(guard.setupCode!);
  await page.getByLabel("Password").fill("a long enough password");
  await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), page.getByRole("button", { name: "Create admin and sign in" }).click()]);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/Too many wrong setup codes/);
  await expect(page).toHaveURL(`${guard.url}/setup`);
});

test("with only META_APP_SECRET, the banner says Kaleyra's envelope is open, and it is", async ({ page, request }) => {
  // Setup is locked for this address: the deployer creates the agents with the CLI instead.
  for (const agent of [agentA, agentB]) {
    const created = spawnSync("npx", ["tsx", "--conditions", "react-server", "scripts/agents.ts", "add", "--email", agent.email, "--password", agent.password, "--admin"], {
      env: { ...process.env, ...databaseEnvOf(guard) },
      encoding: "utf8",
    });
    expect(created.status, `${created.stdout}${created.stderr}`).toBe(0);
  }
  await page.goto("/");
  await signIn(page, agentA);
  await expect(page.getByRole("status").filter({ hasText: "Kaleyra-envelope callbacks are not authenticated" })).toContainText(
    "META_APP_SECRET only covers Meta's own webhooks",
  );
  const unsigned = kaleyraContactsCallback({ messageId: "wamid.E2E.guard.unsigned", cards: [{ name: { formatted_name: "Unsigned Kaleyra" } }] });
  expect((await request.post("/api/callbacks/whatsapp", { data: unsigned })).status()).toBe(200);
  const meta = { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: { messages: [] } }] }] };
  expect((await request.post("/api/callbacks/whatsapp", { data: meta })).status()).toBe(401);
});

test("requests that used to answer 500 answer 405, 403 or 400, and leave no stack trace in the log", async ({ page, request }) => {
  expect(await rawStatus("TRACE", "/api/contacts")).toBe(405);
  expect(await rawStatus("TRACE", "/")).toBe(405);
  const crossSiteAction = await request.post("/", { headers: { "next-action": "a".repeat(42), origin: "https://evil.example", "content-type": "text/plain" }, data: "[]" });
  expect(crossSiteAction.status()).toBe(403);
  const unknownAction = await request.post("/", { headers: { "next-action": "not-an-action", "content-type": "text/plain" }, data: "[]" });
  expect(unknownAction.status()).toBe(400);

  // Signed in, a return path with CR LF is resolved into a plain local path, never a broken header.
  await page.goto("/sign-in");
  await signIn(page, agentA);
  const signedIn = await page.context().request.get("/sign-in?next=/%0D%0Ax", { maxRedirects: 0 });
  expect(signedIn.status()).toBe(307);
  expect(signedIn.headers().location).toBe("/x");
  // …and never another site.
  const escaped = await page.context().request.get("/sign-in?next=/%5Cevil.example", { maxRedirects: 0 });
  expect(escaped.headers().location).toBe("/");

  const log = readFileSync(guard.logFile, "utf8");
  expect(log).not.toMatch(/⨯|Error:|^\s+at /m);
});

test("45 parallel wrong passwords: only 10 are checked, the rest and then the right one get 429", async ({ request }) => {
  const guess = (password: string) =>
    request.post("/api/auth/sign-in", { data: { email: agentB.email, password }, headers: { "x-forwarded-for": `10.30.${Math.floor(Math.random() * 250)}.1` } });
  const statuses = (await Promise.all(Array.from({ length: 45 }, () => guess("wrong password, guessing")))).map((response) => response.status());
  expect(statuses.filter((status) => status === 401)).toHaveLength(10);
  expect(statuses.filter((status) => status === 429)).toHaveLength(35);
  const right = await guess(agentB.password);
  expect(right.status()).toBe(429);
  expect(Number(right.headers()["retry-after"])).toBeGreaterThan(0);
});

test("the per-address limit holds however X-Forwarded-For rotates, even for another account's right password", async ({ request }) => {
  // This address has 10 failures (the guesses above); 20 more on other accounts reach its 30.
  const guesses = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      request.post("/api/auth/sign-in", { data: { email: `nobody${index}@guard.example`, password: "wrong password, guessing" }, headers: { "x-forwarded-for": `10.40.${index}.1` } }),
    ),
  );
  expect(guesses.map((response) => response.status())).toEqual(Array(20).fill(401));
  const locked = await request.post("/api/auth/sign-in", { data: agentA, headers: { "x-forwarded-for": "10.40.200.1" } });
  expect(locked.status()).toBe(429);
});

/** A request Playwright's client will not send as is (TRACE), straight over a socket. */
function rawStatus(method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, guard.url), { method }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
    request.end();
  });
}
