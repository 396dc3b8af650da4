import { parse as parseCsv } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportAudit } from "@/app/api/audit/export.csv/route";
import { POST as signInRoute } from "@/app/api/auth/sign-in/route";
import { POST as signOutRoute } from "@/app/api/auth/sign-out/route";
import { GET as exportCsv } from "@/app/api/contacts/export.csv/route";
import { GET as exportVcf } from "@/app/api/contacts/export.vcf/route";
import { GET as listContacts } from "@/app/api/contacts/route";
import { GET as getVcard } from "@/app/api/contacts/[id]/vcard/route";
import { getStore } from "@/app/_server/store";
import { addAgent, issueApiToken, resetAgentPassword, revokeApiToken, setAgentDisabled } from "@/lib/auth/account-changes";
import { peerAddressHeader } from "@/lib/auth/client-address";
import { hashPassword } from "@/lib/auth/passwords";
import { startSession } from "@/lib/auth/sessions";
import { maxFailuresPerAccount } from "@/lib/auth/sign-in";
import { reprocessCallback } from "@/lib/callbacks/reprocess";
import { runPurge } from "@/lib/lifecycle/purge";
import type { AuditAction, AuditEvent } from "@/lib/model/audit";
import { apiRequest, kaleyraCallback, postCallback } from "@/test/callbacks";
import { sqlAll } from "@/test/database";

const password = "a long enough password";
const admin = { by: { type: "cli" as const }, clientAddress: null };

async function latest(action: AuditAction): Promise<AuditEvent> {
  const [event] = await (await getStore()).listAuditEvents({ action, limit: 1 });
  if (!event) throw new Error(`no ${action} entry`);
  return event;
}

function signInRequest(email: string, secret: string, address: string) {
  return new Request("http://localhost/api/auth/sign-in", {
    method: "POST",
    headers: { "content-type": "application/json", [peerAddressHeader]: address },
    body: JSON.stringify({ email, password: secret }),
  });
}

let contactId: number;

beforeAll(async () => {
  await postCallback(kaleyraCallback({ messageId: "audit-1", extraInfo: { ref1: "audit-campaign" }, cards: [{ name: { formatted_name: "Audited Person" } }, { name: { formatted_name: "Second Audited" } }] }));
  const json = (await (await listContacts(await apiRequest("http://localhost/api/contacts?q=audited%20person"))).json()) as { items: { id: number }[] };
  contactId = json.items[0]!.id;
});

describe("the audit trail records", () => {
  it("sign-ins with the agent and the client address, failures with the email tried, and the failure that locks", async () => {
    const store = await getStore();
    const agent = await store.createAgent({ email: "auditee@example.com", passwordHash: await hashPassword(password), isAdmin: false });
    expect((await signInRoute(signInRequest("AUDITEE@example.com", password, "203.0.113.7"))).status).toBe(200);
    expect(await latest("auth.sign_in")).toMatchObject({ actorType: "agent", actorId: agent.id, actorName: "auditee@example.com", clientAddress: "203.0.113.7", details: {} });

    expect((await signInRoute(signInRequest("auditee@example.com", "wrong password", "203.0.113.8"))).status).toBe(401);
    const failed = await latest("auth.sign_in_failed");
    expect(failed).toMatchObject({ actorType: "anonymous", actorId: null, clientAddress: "203.0.113.8", details: { email: "auditee@example.com" } });
    expect(failed.at.getTime()).toBeGreaterThan(Date.now() - 60_000);

    // Failures up to one short of the limit (recorded directly: the route slows each one down), then the one that locks.
    await store.recordSignInFailure({ keys: Array(maxFailuresPerAccount - 2).fill("email:auditee@example.com"), at: new Date() });
    expect((await signInRoute(signInRequest("auditee@example.com", "wrong again", "203.0.113.9"))).status).toBe(401);
    expect(await latest("auth.lockout")).toMatchObject({ actorType: "anonymous", clientAddress: "203.0.113.9", details: { email: "auditee@example.com", locked: "account" } });
    expect((await signInRoute(signInRequest("auditee@example.com", password, "203.0.113.9"))).status).toBe(429);
  }, 30_000);

  it("sign-outs, by the agent whose session ends", async () => {
    const store = await getStore();
    const agent = await store.createAgent({ email: "leaver@example.com", passwordHash: await hashPassword(password), isAdmin: false });
    const session = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    const response = await signOutRoute(new Request("http://localhost/api/auth/sign-out", { method: "POST", headers: { cookie: `ci_session=${session.token}`, "sec-fetch-site": "same-origin", [peerAddressHeader]: "198.51.100.4" } }));
    expect(response.status).toBe(303);
    expect(await latest("auth.sign_out")).toMatchObject({ actorType: "agent", actorId: agent.id, actorName: "leaver@example.com", clientAddress: "198.51.100.4" });
  });

  it("agent and token changes, with who made them", async () => {
    const store = await getStore();
    const by = { by: { type: "agent" as const, id: 77, name: "boss@example.com" }, clientAddress: "192.0.2.10" };
    const agent = await addAgent(store, { email: "new-agent@example.com", name: null, passwordHash: await hashPassword(password), isAdmin: false, ...by });
    expect(await latest("agent.add")).toMatchObject({ actorType: "agent", actorId: 77, actorName: "boss@example.com", clientAddress: "192.0.2.10", details: { agentId: agent.id, email: "new-agent@example.com", isAdmin: false } });
    await setAgentDisabled(store, { agent, disabled: true, ...by });
    expect(await latest("agent.disable")).toMatchObject({ details: { agentId: agent.id } });
    await setAgentDisabled(store, { agent, disabled: false, ...admin });
    expect(await latest("agent.enable")).toMatchObject({ actorType: "cli", clientAddress: null });
    await resetAgentPassword(store, { agent, passwordHash: await hashPassword("another long password"), ...by });
    expect(await latest("agent.password_reset")).toMatchObject({ details: { agentId: agent.id, email: "new-agent@example.com" } });
    const { apiToken } = await issueApiToken(store, { name: "CRM sync", createdBy: 77, expiresAt: null, ...by });
    expect(await latest("token.create")).toMatchObject({ details: { tokenId: apiToken.id, name: "CRM sync", expiresAt: null } });
    expect(await revokeApiToken(store, { id: apiToken.id, ...by })).toBe(true);
    expect(await latest("token.revoke")).toMatchObject({ details: { tokenId: apiToken.id, name: "CRM sync" } });
    expect(await revokeApiToken(store, { id: apiToken.id, ...by })).toBe(false);
    expect(JSON.stringify(await store.listAuditEvents({ limit: 1000 }))).not.toContain(password);
  });

  it("exports with the filter, the number of cards and the format; single vCard downloads", async () => {
    const csv = await exportCsv(await apiRequest("http://localhost/api/contacts/export.csv?campaign=audit-campaign&format=google"));
    expect(parseCsv(await csv.text(), { bom: true }).length).toBe(3);
    expect(await latest("contacts.export")).toMatchObject({ actorType: "token", actorName: "tests", details: { format: "csv-google", filters: { campaign: "audit-campaign" }, cards: 2, complete: true } });
    await (await exportVcf(await apiRequest("http://localhost/api/contacts/export.vcf?q=second%20audited&version=4.0"))).text();
    expect(await latest("contacts.export")).toMatchObject({ details: { format: "vcard-4.0", filters: { q: "second audited" }, cards: 1 } });
    expect((await getVcard(await apiRequest(`http://localhost/api/contacts/${contactId}/vcard`), { params: Promise.resolve({ id: String(contactId) }) })).status).toBe(200);
    expect(await latest("contact.vcard")).toMatchObject({ actorType: "token", details: { shareId: contactId, version: "3.0" } });
  });

  it("re-processing and purges", async () => {
    const store = await getStore();
    const text = JSON.stringify(kaleyraCallback({ messageId: "audit-reprocess", cards: [{ name: { formatted_name: "Came Back" } }] }));
    const id = await store.recordRejectedCallback({ receivedAt: new Date(), startedAt: performance.now(), rawBody: text, bodyBytes: text.length, contentType: "application/json", envelope: null, httpStatus: 400, reason: "old bug" });
    const result = await reprocessCallback(store, { callbackId: id, actor: { type: "agent", id: 5, name: "ops@example.com" }, clientAddress: "192.0.2.5" });
    expect(await latest("callback.reprocess")).toMatchObject({ actorName: "ops@example.com", clientAddress: "192.0.2.5", details: { callbackId: id, loggedAs: (result as { callbackId: number }).callbackId, outcome: "stored", sharesStored: 1 } });

    const report = await runPurge(store, { policy: { shareDays: null, rawBodyDays: null, auditDays: 365 }, actor: { type: "cli" } });
    expect(report.ran).toBe(true);
    expect(await latest("retention.purge")).toMatchObject({ actorType: "cli", details: { sharesDeleted: 0, bodiesCleared: 0 } });
  });
});

describe("the audit trail cannot be rewritten", () => {
  it("refuses changing an entry and deleting a recent one, in the database itself", async () => {
    const [entry] = await (await getStore()).listAuditEvents({ limit: 1 });
    await expect(sqlAll("update audit_events set actor_name = 'someone else' where id = ?", entry!.id)).rejects.toThrow(/cannot be changed/);
    await expect(sqlAll("delete from audit_events where id = ?", entry!.id)).rejects.toThrow(/younger than a day/);
    expect(await (await getStore()).listAuditEvents({ limit: 1 })).toEqual([entry]);
  });

  it("lets only its retention remove entries, the oldest first", async () => {
    const store = await getStore();
    const old = await store.appendAuditEvent({ at: new Date(Date.now() - 400 * 86_400_000), actor: { type: "system" }, clientAddress: null, action: "retention.purge", details: { sharesDeleted: 1 } });
    const total = (await store.listAuditEvents({ limit: 10_000 })).length;
    const report = await runPurge(store, { policy: { shareDays: null, rawBodyDays: null, auditDays: 365 }, actor: { type: "cli" } });
    expect(report).toMatchObject({ ran: true, auditEventsDeleted: 1 });
    const left = await store.listAuditEvents({ limit: 10_000 });
    expect(left.map((event) => event.id)).not.toContain(old.id);
    // One went (the old one), one came (this purge's own entry).
    expect(left.length).toBe(total);
  });
});

describe("reading the audit trail", () => {
  it("filters by actor, action and date, newest first, and pages by id", async () => {
    const store = await getStore();
    const all = await store.listAuditEvents({ limit: 10_000 });
    expect(all.map((event) => event.id)).toEqual([...all.map((event) => event.id)].sort((a, b) => b - a));
    const byToken = await store.listAuditEvents({ actorType: "token", limit: 100 });
    expect(byToken.length).toBeGreaterThan(0);
    expect(byToken.every((event) => event.actorType === "token")).toBe(true);
    const boss = await store.listAuditEvents({ actorType: "agent", actorId: 77, limit: 100 });
    expect(new Set(boss.map((event) => event.actorName))).toEqual(new Set(["boss@example.com"]));
    const today = new Date().toISOString().slice(0, 10);
    expect((await store.listAuditEvents({ from: today, to: today, limit: 10_000 })).length).toBe(all.length);
    expect(await store.listAuditEvents({ to: "2001-01-01", limit: 10 })).toEqual([]);
    const second = await store.listAuditEvents({ before: all[0]!.id, limit: 1 });
    expect(second[0]!.id).toBe(all[1]!.id);
  });

  it("exports as CSV for admins and tokens (recorded), and refuses agents who are not admins", async () => {
    const response = await exportAudit(await apiRequest("http://localhost/api/audit/export.csv?action=contacts.export"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const rows = parseCsv(await response.text(), { bom: true }) as string[][];
    expect(rows[0]).toEqual(["id", "time (UTC)", "actor type", "actor id", "actor", "client address", "action", "details"]);
    expect(rows.slice(1).map((row) => row[6])).toEqual(["contacts.export", "contacts.export"]);
    expect(JSON.parse(rows[1]![7]!)).toMatchObject({ format: "vcard-4.0" });
    expect(await latest("audit.export")).toMatchObject({ actorType: "token", details: { filters: { action: "contacts.export" } } });

    expect((await exportAudit(await apiRequest("http://localhost/api/audit/export.csv?action=nonsense"))).status).toBe(400);
    const store = await getStore();
    const agent = await store.createAgent({ email: "curious@example.com", passwordHash: await hashPassword(password), isAdmin: false });
    const session = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    expect((await exportAudit(new Request("http://localhost/api/audit/export.csv", { headers: { cookie: `ci_session=${session.token}` } }))).status).toBe(403);
    expect((await exportAudit(new Request("http://localhost/api/audit/export.csv"))).status).toBe(401);
  });
});
