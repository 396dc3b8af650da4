import { beforeAll, describe, expect, it } from "vitest";
import { GET as listContacts } from "@/app/api/contacts/route";
import { GET as listCampaigns } from "@/app/api/campaigns/route";
import { getStore } from "@/app/_server/store";
import { hashPassword } from "@/lib/auth/passwords";
import { startSession } from "@/lib/auth/sessions";
import { apiRequest, kaleyraCallback, postCallback } from "@/test/callbacks";
import { sqlAll, sqlCount } from "@/test/database";
import { POST } from "./route";

async function erase(body: unknown, headers: Record<string, string> | "token" = "token") {
  const init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const request = headers === "token" ? await apiRequest("http://localhost/api/erasure", init) : new Request("http://localhost/api/erasure", { ...init, headers: { ...init.headers, ...headers } });
  const response = await POST(request);
  return { status: response.status, json: (await response.json()) as any };
}

async function names(query: string): Promise<string[]> {
  const json = (await (await listContacts(await apiRequest(`http://localhost/api/contacts?pageSize=200&${query}`))).json()) as { items: { name: { formatted: string } }[] };
  return json.items.map((item) => item.name.formatted).sort();
}

/** Every stored body and reason, as one text: what an attacker with the database file would read. */
async function logText(): Promise<string> {
  const rows = await sqlAll<{ raw_body: string | null; reason: string | null }>("select raw_body, reason from callbacks");
  return rows.map((row) => `${row.raw_body ?? ""}\n${row.reason ?? ""}`).join("\n");
}

const callbackIds: Record<string, number> = {};

async function post(label: string, body: object) {
  const response = await postCallback(body);
  expect(response.status).toBe(200);
  callbackIds[label] = response.json.callbackId;
}

beforeAll(async () => {
  // One person (+44 7911 123456) on three cards, written three ways, among others.
  await post("phone-a", kaleyraCallback({ messageId: "er-phone-a", cards: [{ name: { formatted_name: "Phoebe Written-Plainly" }, phones: [{ phone: "+44 7911 123456", wa_id: "447911123456", type: "CELL" }] }, { name: { formatted_name: "Kept Beside Her" } }] }));
  await post("phone-b", kaleyraCallback({ messageId: "er-phone-b", cards: [{ name: { formatted_name: "Phoebe Zero-Zero" }, phones: [{ phone: "0044 7911 123456" }] }] }));
  await post("phone-c", kaleyraCallback({ messageId: "er-phone-c", cards: [{ name: { formatted_name: "Phoebe Brackets" }, phones: [{ phone: "(+44) 7911-123456", type: "HOME" }] }] }));
  await post("near-miss", kaleyraCallback({ messageId: "er-near-miss", cards: [{ name: { formatted_name: "One Digit Off" }, phones: [{ phone: "+44 7911 123457" }] }] }));
  await post("wa-id", kaleyraCallback({ messageId: "er-wa-id", cards: [{ name: { formatted_name: "Wanda Waid" }, phones: [{ phone: "+91 98123 45678", wa_id: "919812345678" }] }] }));
  await post("email", kaleyraCallback({ messageId: "er-email", cards: [{ name: { formatted_name: "Emil Mailer" }, emails: [{ email: "Erase.Me@Example.com", type: "WORK" }] }] }));
  // A customer who sent two shares (and a status update naming them), to be erased as a sender.
  await post("sender-1", kaleyraCallback({ messageId: "er-sender-1", from: "447700900999", profileName: "Sandra Sender", extraInfo: { ref1: "sender-campaign" }, cards: [{ name: { formatted_name: "Shared By Sandra 1" } }] }));
  await post("sender-2", kaleyraCallback({ messageId: "er-sender-2", from: "447700900999", profileName: "Sandra Sender", extraInfo: { ref1: "sender-campaign" }, cards: [{ name: { formatted_name: "Shared By Sandra 2" } }] }));
  const status = kaleyraCallback({ messageId: "unused", cards: [] });
  (status.meta_object.value as Record<string, unknown>).messages = undefined;
  (status.meta_object.value as Record<string, unknown>).statuses = [{ id: "wamid.status-1", status: "read", timestamp: "1763978400", recipient_id: "447700900999" }];
  await post("sender-status", status);
  // A customer known by a business-scoped user id (their wa_id came too).
  const byUser = kaleyraCallback({ messageId: "er-user", from: "447700900888", profileName: "Ursula User", cards: [{ name: { formatted_name: "Shared By Ursula" } }] });
  (byUser.meta_object.value.messages[0] as Record<string, unknown>).from_user_id = "US.erase-user-1";
  await post("user", byUser);
});

describe("POST /api/erasure", () => {
  it("counts first (a dry run changes nothing), the same however the phone is written", async () => {
    const counts = [];
    for (const phone of ["+44 7911 123456", "447911123456", "0044 (0)7911-123456"]) {
      const dryRun = await erase({ phone, dryRun: true });
      expect(dryRun.status).toBe(200);
      expect(dryRun.json).toMatchObject({ dryRun: true, criteria: { kind: "phone" } });
      counts.push(dryRun.json.matches);
    }
    expect(counts).toEqual([3, 3, 3]);
    expect(await names("q=phoebe")).toEqual(["Phoebe Brackets", "Phoebe Written-Plainly", "Phoebe Zero-Zero"]);
  });

  it("erases a person by phone: every card, the cards in the logged bodies, and answers a receipt without the number", async () => {
    const { status, json } = await erase({ phone: "0044 (0)7911-123456" });
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(["by", "callbacksRedacted", "criteria", "id", "requestedAt", "sharesDeleted"]);
    expect(json).toMatchObject({ sharesDeleted: 3, callbacksRedacted: 3, by: { type: "token", name: "tests" }, criteria: { kind: "phone", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(JSON.stringify(json)).not.toMatch(/7911|123456/);
    expect(await names("q=phoebe")).toEqual([]);
    expect(await names("q=447911123456")).toEqual([]);
    expect(await names("q=447911123457")).toEqual(["One Digit Off"]);
    expect(await names("q=kept beside")).toEqual(["Kept Beside Her"]);
    const log = await logText();
    for (const written of ["7911 123456", "447911123456", "7911-123456", "Phoebe"]) expect(log).not.toContain(written);
    expect(log).toContain("Kept Beside Her");
    const audit = await sqlAll<{ id: number; details: unknown }>("select id, details from audit_events where action = 'person.erase'");
    expect(audit.map((row) => Number(row.id))).toEqual([json.id]);
    expect(JSON.stringify(audit[0]!.details)).not.toMatch(/7911|123456/);
  });

  it("erases by the wa_id of a shared contact, and by email whatever its case", async () => {
    expect((await erase({ waId: "919812345678" })).json).toMatchObject({ sharesDeleted: 1, callbacksRedacted: 1 });
    expect(await names("q=wanda")).toEqual([]);
    expect((await erase({ email: "ERASE.ME@example.com" })).json).toMatchObject({ sharesDeleted: 1 });
    expect(await names("q=emil")).toEqual([]);
    const log = await logText();
    expect(log).not.toContain("919812345678");
    expect(log.toLowerCase()).not.toContain("erase.me@example.com");
  });

  it("erases a sender: their shares, counters and filter values, and every body naming them, status updates too", async () => {
    const campaignsBefore = (await (await listCampaigns(await apiRequest("http://localhost/api/campaigns"))).json()) as { value: string; count: number }[];
    expect(campaignsBefore.find((row) => row.value === "sender-campaign")?.count).toBe(2);
    const { json } = await erase({ senderWaId: "447700900999" });
    expect(json).toMatchObject({ sharesDeleted: 2, callbacksRedacted: 3 });
    expect(await names("q=shared by sandra")).toEqual([]);
    expect(await names("sender=447700900999")).toEqual([]);
    const campaignsAfter = (await (await listCampaigns(await apiRequest("http://localhost/api/campaigns"))).json()) as { value: string }[];
    expect(campaignsAfter.map((row) => row.value)).not.toContain("sender-campaign");
    expect(await sqlCount("select count(*) as n from facet_counts where value in (?, ?)", "447700900999", "Sandra Sender")).toBe(0);
    for (const label of ["sender-1", "sender-2", "sender-status"]) {
      expect(await sqlAll("select raw_body, redaction from callbacks where id = ?", callbackIds[label])).toEqual([{ raw_body: null, redaction: "body-dropped" }]);
    }
    const log = await logText();
    expect(log).not.toContain("447700900999");
    expect(log).not.toContain("Sandra Sender");
  });

  it("erases a sender by user id, found in the cards even when a wa_id came with it", async () => {
    expect((await erase({ senderUserId: "US.erase-user-1", dryRun: true })).json).toMatchObject({ matches: 1 });
    expect((await erase({ senderUserId: "US.erase-user-1" })).json).toMatchObject({ sharesDeleted: 1, callbacksRedacted: 1 });
    expect(await names("q=ursula")).toEqual([]);
    expect(await logText()).not.toContain("US.erase-user-1");
  });

  it("refuses a request that names nobody or two people, agents who are not admins, and the unauthenticated", async () => {
    expect(await erase({})).toMatchObject({ status: 400, json: { issues: [{ path: "(root)" }] } });
    expect(await erase({ phone: "+44 7911 123457", email: "x@example.com" })).toMatchObject({ status: 400 });
    expect(await erase({ phone: "+44 7911 123457", nickname: "x" })).toMatchObject({ status: 400 });
    const store = await getStore();
    const agent = await store.createAgent({ email: "not-admin@example.com", passwordHash: await hashPassword("long enough password"), isAdmin: false });
    const session = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    expect(await erase({ phone: "+44 7911 123457" }, { cookie: `ci_session=${session.token}` })).toMatchObject({ status: 403 });
    expect(await erase({ phone: "+44 7911 123457" }, {})).toMatchObject({ status: 401 });
    expect(await names("q=one digit off")).toEqual(["One Digit Off"]);
  });
});
