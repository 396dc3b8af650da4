import { describe, expect, it } from "vitest";
import { POST as signInRoute } from "@/app/api/auth/sign-in/route";
import { getStore } from "@/app/_server/store";
import { sqlCount } from "@/test/database";
import { peerAddressHeader } from "./client-address";
import { hashPassword } from "./passwords";
import { agentOfSession } from "./sessions";
import { failureWindowMs, maxFailuresPerAccount, maxFailuresPerAddress, signIn, slowDownMs, tooManyAttempts } from "./sign-in";

const password = "a long enough password";
/** Records the slow-down instead of waiting it out. */
const delays: number[] = [];
const sleep = async (ms: number) => {
  delays.push(ms);
};
let counter = 0;

async function newAgent(options: { isAdmin?: boolean } = {}) {
  counter += 1;
  return (await getStore()).createAgent({ email: `Agent${counter}@Example.com`, passwordHash: await hashPassword(password), isAdmin: options.isAdmin ?? false });
}

describe("signIn", () => {
  it("signs in case-insensitively on the email and opens a session", async () => {
    const agent = await newAgent();
    const result = await signIn(await getStore(), { email: agent.email.toUpperCase(), password, clientAddress: "10.0.0.1" });
    expect(result.ok).toBe(true);
    expect(result.ok && (await agentOfSession(await getStore(), result.token))?.id).toBe(agent.id);
  });

  it("answers an unknown email, a wrong password and a disabled agent identically", async () => {
    const agent = await newAgent();
    const disabled = await newAgent();
    await (await getStore()).setAgentDisabled({ id: disabled.id, disabled: true });
    const answers = [
      await signIn(await getStore(), { email: "nobody@example.com", password, clientAddress: "10.0.0.2" }),
      await signIn(await getStore(), { email: agent.email, password: "wrong password!!", clientAddress: "10.0.0.3" }),
      await signIn(await getStore(), { email: disabled.email, password, clientAddress: "10.0.0.4" }),
    ];
    expect(answers).toEqual(Array(3).fill({ ok: false, status: 401, error: "Wrong email or password", lockedOut: [] }));
  });

  it(`locks an account after ${maxFailuresPerAccount} failures in 15 minutes, even for the right password, then lets it in again`, async () => {
    const agent = await newAgent();
    const start = new Date("2030-01-01T10:00:00Z");
    for (let i = 0; i < maxFailuresPerAccount; i++) {
      // Different addresses: the per-account limit alone must lock.
      const result = await signIn(await getStore(), { email: agent.email, password: "nope nope nope", clientAddress: `10.1.0.${i}`, now: new Date(start.getTime() + i), sleep });
      // The failure that reaches the limit says so (the audit trail records the lockout then).
      expect(result).toMatchObject({ status: 401, lockedOut: i === maxFailuresPerAccount - 1 ? ["account"] : [] });
    }
    // Slowed before locked: no delay for the first three failures, then 250 ms doubling to at most 4 s.
    expect(delays.splice(0)).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000]);
    const locked = await signIn(await getStore(), { email: agent.email, password, clientAddress: "10.1.1.1", now: new Date(start.getTime() + 60_000) });
    expect(locked).toMatchObject({ ok: false, status: 429 });
    expect(!locked.ok && locked.status === 429 && locked.retryAfterSeconds).toBe(14 * 60);
    const later = await signIn(await getStore(), { email: agent.email, password, clientAddress: "10.1.1.1", now: new Date(start.getTime() + failureWindowMs + 1000) });
    expect(later.ok).toBe(true);
  }, 60_000);

  it(`locks a client address after ${maxFailuresPerAddress} failures across accounts`, async () => {
    const start = new Date("2031-01-01T10:00:00Z");
    for (let i = 0; i < maxFailuresPerAddress; i++) {
      const result = await signIn(await getStore(), { email: `guess${i}@example.com`, password: "nope nope nope", clientAddress: "203.0.113.9", now: new Date(start.getTime() + i), sleep });
      expect(result).toMatchObject({ status: 401, lockedOut: i === maxFailuresPerAddress - 1 ? ["address"] : [] });
    }
    delays.splice(0);
    const agent = await newAgent();
    const fromThatAddress = await signIn(await getStore(), { email: agent.email, password, clientAddress: "203.0.113.9", now: new Date(start.getTime() + 1000) });
    expect(fromThatAddress).toMatchObject({ status: 429 });
    const fromElsewhere = await signIn(await getStore(), { email: agent.email, password, clientAddress: "198.51.100.1", now: new Date(start.getTime() + 1000) });
    expect(fromElsewhere.ok).toBe(true);
  }, 60_000);
});

describe("the guessing limits", () => {
  it("word the lockout in minutes and round Retry-After up, never below 1 s", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const after = (ms: number) => tooManyAttempts(new Date(now.getTime() + ms), now);
    expect(after(61_000)).toEqual({ ok: false, status: 429, error: "Too many failed sign-ins. Try again in 2 minute(s).", retryAfterSeconds: 61 });
    expect(after(60_000)).toEqual({ ok: false, status: 429, error: "Too many failed sign-ins. Try again in 1 minute(s).", retryAfterSeconds: 60 });
    expect(after(1_500).retryAfterSeconds).toBe(2);
    expect(after(0).retryAfterSeconds).toBe(1);
    expect(after(-5_000).retryAfterSeconds).toBe(1);
  });

  it("slow down from the fourth failure, doubling up to 4 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map(slowDownMs)).toEqual([0, 0, 0, 250, 500, 1000, 2000, 4000, 4000, 4000]);
  });

  it("really wait before answering once the free failures are used (no sleep injected)", async () => {
    const agent = await newAgent();
    const store = await getStore();
    const start = new Date("2033-01-01T10:00:00Z");
    for (let i = 0; i < 3; i++) await signIn(store, { email: agent.email, password: "nope nope nope", clientAddress: `10.3.0.${i}`, now: new Date(start.getTime() + i), sleep });
    const began = performance.now();
    await signIn(store, { email: agent.email, password: "nope nope nope", clientAddress: "10.3.1.1", now: new Date(start.getTime() + 10) });
    expect(performance.now() - began).toBeGreaterThanOrEqual(240);
    delays.splice(0);
  });

  it("forgive an account's failures when the right password comes", async () => {
    const agent = await newAgent();
    const start = new Date("2032-01-01T10:00:00Z");
    const store = await getStore();
    const attempt = (i: number, pass: string) => signIn(store, { email: agent.email, password: pass, clientAddress: `10.2.0.${i}`, now: new Date(start.getTime() + i), sleep });
    for (let i = 0; i < maxFailuresPerAccount - 1; i++) expect((await attempt(i, "nope nope nope")).ok).toBe(false);
    expect((await attempt(20, password)).ok).toBe(true);
    // Nine more failures would have locked the account without the success in between.
    for (let i = 30; i < 30 + maxFailuresPerAccount - 1; i++) expect(await attempt(i, "nope nope nope")).toMatchObject({ status: 401, lockedOut: [] });
    expect((await attempt(60, password)).ok).toBe(true);
    delays.splice(0);
  }, 60_000);
});

describe("signIn under concurrency", () => {
  it(`lets at most ${maxFailuresPerAccount} of 45 parallel wrong passwords be checked; the rest are refused with 429`, async () => {
    const agent = await newAgent();
    const store = await getStore();
    const answers = await Promise.all(
      Array.from({ length: 45 }, (_, index) => signIn(store, { email: agent.email, password: "wrong password!!", clientAddress: `10.45.0.${index}`, sleep })),
    );
    const statuses = answers.map((answer) => (answer.ok ? 200 : answer.status));
    expect(statuses.filter((status) => status === 401)).toHaveLength(maxFailuresPerAccount);
    expect(statuses.filter((status) => status === 429)).toHaveLength(45 - maxFailuresPerAccount);
  }, 60_000);

  it("refuses the right password that comes at the end of a burst of 40 wrong ones", async () => {
    const agent = await newAgent();
    const store = await getStore();
    const burst = Array.from({ length: 40 }, (_, index) => signIn(store, { email: agent.email, password: "wrong password!!", clientAddress: `10.46.0.${index}`, sleep }));
    const right = signIn(store, { email: agent.email, password, clientAddress: "10.46.1.1", sleep });
    const [rightAnswer] = await Promise.all([right, ...burst]);
    expect(rightAnswer).toMatchObject({ ok: false, status: 429 });
  }, 60_000);

  it("does not count a successful sign-in against its client address", async () => {
    const agent = await newAgent();
    for (let i = 0; i < maxFailuresPerAddress + 5; i++) {
      expect((await signIn(await getStore(), { email: agent.email, password, clientAddress: "10.47.0.1", sleep })).ok).toBe(true);
    }
  }, 60_000);
});

describe("POST /api/auth/sign-in", () => {
  const request = (body: unknown, headers: Record<string, string> = {}) =>
    signInRoute(new Request("http://localhost:3000/api/auth/sign-in", { method: "POST", headers: { "content-type": "application/json", host: "localhost:3000", ...headers }, body: JSON.stringify(body) }));

  it("answers 400 naming the missing field, 401 for wrong credentials, and refuses cross-site posts", async () => {
    const missing = await request({ email: "a@b.c" });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ issues: [{ path: "password" }] });
    expect((await request({ email: "a@b.c", password: "x" })).status).toBe(401);
    const crossSite = await request({ email: "a@b.c", password: "x" }, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
  });

  it("refuses a body larger than a sign-in form with 413 before parsing it, and one that is not JSON with 400; neither counts as a failure", async () => {
    const agent = await newAgent();
    // Review finding: megabyte bodies were parsed whole before any check, even while every answer was 429.
    const padded = await request({ email: agent.email, password: "wrong", pad: "x".repeat(100_000) });
    expect(padded.status).toBe(413);
    expect(await padded.json()).toMatchObject({ error: "Request body too large", issues: [{ path: "(root)", message: "must be at most 8192 bytes" }] });
    const notJson = await signInRoute(new Request("http://localhost:3000/api/auth/sign-in", { method: "POST", headers: { "content-type": "application/json", host: "localhost:3000" }, body: "{nope" }));
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: "The body must be JSON" });
    expect(await sqlCount("select count(*) as n from sign_in_failures where key = ?", `email:${agent.email}`)).toBe(0);
  });

  it("answers 429 with Retry-After once locked", async () => {
    const agent = await newAgent();
    // The failures themselves (and their slow-down) are covered above; here, the HTTP answer to a locked account.
    await (await getStore()).recordSignInFailure({ keys: Array(maxFailuresPerAccount).fill(`email:${agent.email}`), at: new Date() });
    const locked = await request({ email: agent.email, password }, { [peerAddressHeader]: "192.0.2.200" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
  }, 60_000);

  it("counts failures by the socket's address: rotating X-Forwarded-For does not escape the per-address limit", async () => {
    // The address's first failures, then the last one it may have, each sent with a different X-Forwarded-For.
    await (await getStore()).recordSignInFailure({ keys: Array(maxFailuresPerAddress - 1).fill("ip:192.0.2.77"), at: new Date() });
    const last = await request({ email: "rotating@example.com", password: "nope nope" }, { [peerAddressHeader]: "192.0.2.77", "x-forwarded-for": "10.77.1.1" });
    expect(last.status).toBe(401);
    const agent = await newAgent();
    const next = await request({ email: agent.email, password }, { [peerAddressHeader]: "192.0.2.77", "x-forwarded-for": "10.77.200.1" });
    expect(next.status).toBe(429);
    // …and someone else's address is not locked by it.
    const elsewhere = await request({ email: agent.email, password }, { [peerAddressHeader]: "192.0.2.78", "x-forwarded-for": "192.0.2.77" });
    expect(elsewhere.status).toBe(200);
  }, 120_000);

  it("never sends the browser to another site after signing in", async () => {
    const agent = await newAgent();
    for (const next of ["/\\evil.example", "/\t/evil.example", "/..//evil.example", "https://evil.example"]) {
      const response = await request({ email: agent.email, password, next }, { [peerAddressHeader]: "192.0.2.90" });
      expect(response.status, next).toBe(200);
      expect(await response.json(), next).toMatchObject({ ok: true, next: "/" });
    }
    const local = await request({ email: agent.email, password, next: "/contacts/5?x=1" }, { [peerAddressHeader]: "192.0.2.90" });
    expect(await local.json()).toMatchObject({ next: "/contacts/5?x=1" });
  }, 60_000);
});
