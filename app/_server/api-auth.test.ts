import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/api-tokens";
import { hashPassword } from "@/lib/auth/passwords";
import { startSession } from "@/lib/auth/sessions";
import { getStore } from "./store";

/** Every route handler under app/api, found on disk, so that a new route cannot forget the check. */
function apiRouteFiles(folder = path.join(process.cwd(), "app", "api")): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) return apiRouteFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

/** Routes anyone may call: the receiver has its own authentication; health is for load balancers; sign-in/out are how one authenticates. */
const publicRoutes = ["callbacks/whatsapp", "health", "auth/sign-in", "auth/sign-out", "bench/floor"];

const dataRoutes = apiRouteFiles()
  .map((file) => path.relative(path.join(process.cwd(), "app", "api"), path.dirname(file)))
  .filter((route) => !publicRoutes.includes(route));

async function callGet(route: string, headers: Record<string, string>) {
  type Handler = (request: Request, context: unknown) => Response | Promise<Response>;
  const module = (await import(`@/app/api/${route}/route`)) as { GET?: Handler; POST?: Handler };
  const urlPath = route.replace("[id]", "1");
  // A route that only changes data (POST) is called with POST and an empty JSON body.
  if (!module.GET) return module.POST!(new Request(`http://localhost/api/${urlPath}`, { method: "POST", headers, body: "{}" }), { params: Promise.resolve({ id: "1" }) });
  return module.GET(new Request(`http://localhost/api/${urlPath}?after=0`, { headers }), { params: Promise.resolve({ id: "1" }) });
}

describe("the benchmark's floor route", () => {
  it("does not exist unless BENCH_FLOOR=1", async () => {
    const { POST } = await import("@/app/api/bench/floor/route");
    const response = await POST(new Request("http://localhost/api/bench/floor", { method: "POST", body: "{}" }));
    expect(response.status).toBe(404);
  });
});

describe("every data API route requires authentication", () => {
  it("finds the data routes", () => {
    expect(dataRoutes.sort()).toEqual(["audit/export.csv", "campaigns", "campaigns/stats", "contacts", "contacts/[id]", "contacts/[id]/vcard", "contacts/export.csv", "contacts/export.vcf", "contacts/filter-options", "contacts/updates", "deliveries/[id]/body", "erasure"]);
  });

  it.each(dataRoutes)("GET /api/%s without credentials → 401 JSON", async (route) => {
    const response = await callGet(route, {});
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect(await response.json()).toMatchObject({ error: expect.stringContaining("Authentication required") });
  });

  it.each(dataRoutes)("GET /api/%s with a made-up bearer token → 401", async (route) => {
    expect((await callGet(route, { authorization: "Bearer ci_made-up" })).status).toBe(401);
  });

  it("accepts a live API token and refuses it once revoked", async () => {
    const { token, apiToken } = await createApiToken(await getStore(), { name: "script", createdBy: null });
    expect((await callGet("contacts", { authorization: `Bearer ${token}` })).status).toBe(200);
    await (await getStore()).revokeApiToken({ id: apiToken.id });
    expect((await callGet("contacts", { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it("refuses a token once it expires, and one whose creator is disabled; a CLI token has no creator to lose", async () => {
    const creator = await (await getStore()).createAgent({ email: "token-maker@example.com", passwordHash: await hashPassword("long enough password"), isAdmin: true });
    const made = await createApiToken(await getStore(), { name: "made by an agent", createdBy: creator.id });
    const expiring = await createApiToken(await getStore(), { name: "expiring", createdBy: null, expiresAt: new Date(Date.now() + 60_000) });
    const expired = await createApiToken(await getStore(), { name: "expired", createdBy: null, expiresAt: new Date(Date.now() - 1) });
    const cli = await createApiToken(await getStore(), { name: "cli", createdBy: null });
    const status = async (token: string) => (await callGet("contacts", { authorization: `Bearer ${token}` })).status;
    expect(await status(made.token)).toBe(200);
    expect(await status(expiring.token)).toBe(200);
    expect(await status(expired.token)).toBe(401);
    await (await getStore()).setAgentDisabled({ id: creator.id, disabled: true });
    expect(await status(made.token)).toBe(401);
    expect(await status(cli.token)).toBe(200);
    await (await getStore()).setAgentDisabled({ id: creator.id, disabled: false });
    expect(await status(made.token)).toBe(200);
  });

  it("accepts an agent's session cookie, and refuses it once the agent is disabled or the session expired", async () => {
    const agent = await (await getStore()).createAgent({ email: "agent@example.com", passwordHash: await hashPassword("long enough password"), isAdmin: false });
    const live = await startSession(await getStore(), { agentId: agent.id, lifetimeMs: 60_000 });
    const expired = await startSession(await getStore(), { agentId: agent.id, lifetimeMs: -1 });
    expect((await callGet("campaigns", { cookie: `ci_session=${live.token}` })).status).toBe(200);
    expect((await callGet("campaigns", { cookie: `ci_session=${expired.token}` })).status).toBe(401);
    // Over HTTPS only the __Host- cookie counts.
    expect((await callGet("campaigns", { cookie: `ci_session=${live.token}`, "x-forwarded-proto": "https" })).status).toBe(401);
    expect((await callGet("campaigns", { cookie: `__Host-ci_session=${live.token}`, "x-forwarded-proto": "https" })).status).toBe(200);
    await (await getStore()).setAgentDisabled({ id: agent.id, disabled: true });
    expect((await callGet("campaigns", { cookie: `ci_session=${live.token}` })).status).toBe(401);
  });
});
