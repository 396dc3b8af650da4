import { beforeAll, describe, expect, it } from "vitest";
import { GET as getCampaigns } from "@/app/api/campaigns/route";
import { GET as exportCsv } from "@/app/api/contacts/export.csv/route";
import { GET as exportVcf } from "@/app/api/contacts/export.vcf/route";
import { GET as listContacts } from "@/app/api/contacts/route";
import { GET as getUpdates } from "@/app/api/contacts/updates/route";
import { GET as getVcard } from "@/app/api/contacts/[id]/vcard/route";
import { getStore } from "@/app/_server/store";
import { hashPassword } from "@/lib/auth/passwords";
import { startSession } from "@/lib/auth/sessions";
import { reprocessCallback } from "@/lib/callbacks/reprocess";
import { apiRequest, kaleyraCallback, postCallback } from "@/test/callbacks";
import { sqlAll, sqlCount, sqlOne, testEngine } from "@/test/database";
import { DELETE, GET as getContact } from "./route";

const cli = { actor: { type: "cli" as const }, clientAddress: null };

async function api(path: string) {
  return await apiRequest(`http://localhost${path}`);
}

async function deleteContact(id: number, headers: Record<string, string> | "token" = "token") {
  const request = headers === "token" ? await apiRequest(`http://localhost/api/contacts/${id}`, { method: "DELETE" }) : new Request(`http://localhost/api/contacts/${id}`, { method: "DELETE", headers });
  return DELETE(request, { params: Promise.resolve({ id: String(id) }) });
}

async function idOfName(name: string): Promise<number> {
  const json = (await (await listContacts(await api(`/api/contacts?q=${encodeURIComponent(name)}`))).json()) as { items: { id: number }[] };
  return json.items[0]!.id;
}

async function listed(query = ""): Promise<{ names: string[]; total: number }> {
  const json = (await (await listContacts(await api(`/api/contacts?pageSize=200&${query}`))).json()) as { items: { name: { formatted: string } }[]; total: number };
  return { names: json.items.map((item) => item.name.formatted), total: json.total };
}

async function campaignCount(value: string): Promise<number | undefined> {
  const rows = (await (await getCampaigns(await api("/api/campaigns"))).json()) as { field: string; value: string; count: number }[];
  return rows.find((row) => row.field === "ref1" && row.value === value)?.count;
}

async function exported(format: "vcf" | "csv", query = ""): Promise<string> {
  const handler = format === "vcf" ? exportVcf : exportCsv;
  return (await handler(await api(`/api/contacts/export.${format}?${query}`))).text();
}

const body = (callbackId: number) => sqlOne<{ raw_body: string | null; redaction: string | null; reason: string | null }>("select raw_body, redaction, reason from callbacks where id = ?", callbackId);

let twoCards: number;

beforeAll(async () => {
  const posted = await postCallback(
    kaleyraCallback({
      messageId: "del-two",
      extraInfo: { ref1: "delete-campaign" },
      cards: [
        { name: { formatted_name: "Ottilie Vanderkamp" }, phones: [{ phone: "+44 7700 900501", wa_id: "447700900501" }], emails: [{ email: "ottilie@example.com" }] },
        { name: { formatted_name: "Bartholomew Quince" }, phones: [{ phone: "+44 7700 900502" }] },
      ],
    }),
  );
  twoCards = posted.json.callbackId;
  await postCallback(kaleyraCallback({ messageId: "del-other", extraInfo: { ref1: "delete-campaign" }, cards: [{ name: { formatted_name: "Unrelated Keeper" } }] }));
});

describe("DELETE /api/contacts/{id}", () => {
  it("removes the share from the list, search, counts, campaign counts, exports, live count and vCard, and from the logged body", async () => {
    const id = await idOfName("Vanderkamp");
    const before = { all: await listed(), campaign: await campaignCount("delete-campaign"), live: (await (await getUpdates(await api("/api/contacts/updates?after=0"))).json()).count };
    expect(before.campaign).toBe(3);
    expect((await exported("vcf", "campaign=delete-campaign"))).toContain("Ottilie Vanderkamp");

    const response = await deleteContact(id);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");

    const after = await listed();
    expect(after.names).not.toContain("Ottilie Vanderkamp");
    expect(after.total).toBe(before.all.total - 1);
    expect((await listed("q=vanderkamp")).total).toBe(0);
    expect((await listed("q=447700900501")).total).toBe(0);
    expect((await listed("q=ottilie@example")).total).toBe(0);
    expect((await listed("campaign=delete-campaign")).names.sort()).toEqual(["Bartholomew Quince", "Unrelated Keeper"]);
    expect((await listed("campaign=delete-campaign")).total).toBe(2);
    expect(await campaignCount("delete-campaign")).toBe(2);
    expect((await (await getUpdates(await api("/api/contacts/updates?after=0"))).json()).count).toBe(before.live - 1);
    for (const format of ["vcf", "csv"] as const) {
      const text = await exported(format);
      expect(text).not.toContain("Vanderkamp");
      expect(text).toContain("Bartholomew Quince");
    }
    expect((await getVcard(await api(`/api/contacts/${id}/vcard`), { params: Promise.resolve({ id: String(id) }) })).status).toBe(404);
    expect((await getContact(await api(`/api/contacts/${id}`), { params: Promise.resolve({ id: String(id) }) })).status).toBe(404);

    // The log entry stays, its body without the card (the other card keeps its position), with a note.
    const logged = await body(twoCards);
    expect(logged!.redaction).toBe("cards-removed");
    for (const value of ["Vanderkamp", "447700900501", "900501", "ottilie@example.com"]) {
      expect(logged!.raw_body).not.toContain(value);
      expect(logged!.reason ?? "").not.toContain(value);
    }
    const contacts = JSON.parse(logged!.raw_body!).meta_object.value.messages[0].contacts;
    expect(contacts[0]).toBeNull();
    expect(contacts[1].name.formatted_name).toBe("Bartholomew Quince");
  });

  it("leaves no row behind that names it: search text, facet rows, counters; and writes a tombstone and an audit entry", async () => {
    const id = await idOfName("Quince");
    expect(await sqlCount("select count(*) as n from share_facets where share_id = ?", id)).toBeGreaterThan(0);
    expect((await deleteContact(id)).status).toBe(204);
    expect(await sqlCount("select count(*) as n from contact_shares where id = ?", id)).toBe(0);
    expect(await sqlCount("select count(*) as n from contact_search_text where share_id = ? or text like ?", id, "%quince%")).toBe(0);
    expect(await sqlCount("select count(*) as n from share_facets where share_id = ?", id)).toBe(0);
    const tombstone = await sqlOne<{ share_id: number; message_id: string; position: number; ref1: string }>("select share_id, message_id, position, ref1 from share_tombstones where share_id = ?", id);
    expect(tombstone).toMatchObject({ message_id: "del-two", position: 1, ref1: "delete-campaign" });
    const audit = await sqlOne<{ action: string; actor_type: string; actor_name: string; details: unknown }>("select action, actor_type, actor_name, details from audit_events where action = 'contact.delete' order by id desc");
    expect(audit).toMatchObject({ action: "contact.delete", actor_type: "token", actor_name: "tests" });
    expect(JSON.stringify(audit!.details)).not.toContain("Quince");

    // No card of that body remains stored: the body goes, the entry stays.
    const logged = await body(twoCards);
    expect(logged).toMatchObject({ raw_body: null, redaction: "body-dropped" });
    expect(await sqlCount("select count(*) as n from callbacks where id = ?", twoCards)).toBe(1);
  });

  it.runIf(testEngine === "sqlite")("leaves no fragment of the card in the search index's pages (FTS5 secure-delete)", async () => {
    await postCallback(kaleyraCallback({ messageId: "del-fts", cards: [{ name: { formatted_name: "Xqzvy Jwkbp" } }] }));
    const inIndex = () => sqlCount("select count(*) as n from contact_search_data where instr(block, cast(? as blob)) > 0 or instr(block, cast(? as blob)) > 0", "xqz", "kbp");
    expect(await inIndex()).toBeGreaterThan(0);
    expect((await deleteContact(await idOfName("Xqzvy"))).status).toBe(204);
    expect(await inIndex()).toBe(0);
  });

  it("answers 404 for a share that is gone or never was", async () => {
    const id = await idOfName("Unrelated Keeper");
    expect((await deleteContact(id)).status).toBe(204);
    expect((await deleteContact(id)).status).toBe(404);
    expect((await deleteContact(987654)).status).toBe(404);
  });

  it("refuses agents who are not admins (403), the unauthenticated (401) and other sites (403)", async () => {
    const posted = await postCallback(kaleyraCallback({ messageId: "del-guarded", cards: [{ name: { formatted_name: "Guarded Card" } }] }));
    expect(posted.status).toBe(200);
    const id = await idOfName("Guarded Card");
    const store = await getStore();
    const agent = await store.createAgent({ email: "plain-agent@example.com", passwordHash: await hashPassword("long enough password"), isAdmin: false });
    const admin = await store.createAgent({ email: "admin-agent@example.com", passwordHash: await hashPassword("long enough password"), isAdmin: true });
    const agentSession = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    const adminSession = await startSession(store, { agentId: admin.id, lifetimeMs: 60_000 });

    const refused = await deleteContact(id, { cookie: `ci_session=${agentSession.token}` });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: expect.stringContaining("Only admins") });
    expect((await deleteContact(id, {})).status).toBe(401);
    expect((await deleteContact(id, { cookie: `ci_session=${adminSession.token}`, origin: "https://evil.example", host: "localhost" })).status).toBe(403);
    expect(await sqlCount("select count(*) as n from contact_shares where id = ?", id)).toBe(1);

    expect((await deleteContact(id, { cookie: `ci_session=${adminSession.token}` })).status).toBe(204);
    const audit = await sqlOne<{ actor_type: string; actor_id: number; actor_name: string }>("select actor_type, actor_id, actor_name from audit_events where action = 'contact.delete' order by id desc");
    expect(audit).toMatchObject({ actor_type: "agent", actor_name: "admin-agent@example.com" });
    expect(Number(audit!.actor_id)).toBe(admin.id);
  });
});

describe("copies of a deleted card elsewhere in the log", () => {
  it("redacts redeliveries of its message too, and drops rejected bodies that name it", async () => {
    const callback = kaleyraCallback({ messageId: "del-redelivered", cards: [{ name: { formatted_name: "Perpetua Redeliver" } }, { name: { formatted_name: "Stays Stored" } }] });
    const first = await postCallback(callback);
    const again = await postCallback(callback);
    expect(again.json).toMatchObject({ outcome: "duplicate" });
    // The same message in a body the receiver refused (a second message in it has no id).
    const broken = structuredClone(callback);
    broken.meta_object.value.messages.push({ ...broken.meta_object.value.messages[0]!, id: undefined as unknown as string });
    const rejected = await postCallback(broken);
    expect(rejected.status).toBe(400);
    const rejectedId = rejected.json.callbackId as number;

    expect((await deleteContact(await idOfName("Perpetua"))).status).toBe(204);
    for (const id of [first.json.callbackId, again.json.callbackId]) {
      const logged = await body(id);
      expect(logged!.redaction).toBe("cards-removed");
      expect(logged!.raw_body).not.toContain("Perpetua");
      expect(logged!.raw_body).toContain("Stays Stored");
    }
    expect(await body(Number(rejectedId))).toMatchObject({ raw_body: null, redaction: "body-dropped" });
  });

  it("is not brought back by re-processing an old body of it", async () => {
    const store = await getStore();
    const text = JSON.stringify(kaleyraCallback({ messageId: "del-reprocess", cards: [{ name: { formatted_name: "Lazarus Once" } }, { name: { formatted_name: "Lazarus Twice" } }] }));
    // Rejected by an older parser, then re-processed: stored from the re-processed entry.
    const original = await store.recordRejectedCallback({ receivedAt: new Date(), startedAt: performance.now(), rawBody: text, bodyBytes: text.length, contentType: "application/json", envelope: null, httpStatus: 400, reason: "old parser bug" });
    const reprocessed = await reprocessCallback(store, { callbackId: original, ...cli });
    expect(reprocessed).toMatchObject({ ok: true, sharesStored: 2 });

    expect((await deleteContact(await idOfName("Lazarus Once"))).status).toBe(204);
    // Both bodies lost the card: the one it was stored from, and the original it was re-processed from
    // (a rejected body: dropped whole, as every rejected body that names the message is).
    const stored = await body((reprocessed as { callbackId: number }).callbackId);
    expect(stored).toMatchObject({ redaction: "cards-removed" });
    expect(stored!.raw_body).not.toContain("Lazarus Once");
    expect(stored!.raw_body).toContain("Lazarus Twice");
    expect(await body(original)).toMatchObject({ raw_body: null, redaction: "body-dropped" });
    expect(await reprocessCallback(store, { callbackId: original, ...cli })).toMatchObject({ ok: false, error: expect.stringContaining("dropped after a deletion") });
    expect(await reprocessCallback(store, { callbackId: (reprocessed as { callbackId: number }).callbackId, ...cli })).toMatchObject({ ok: false, error: expect.stringContaining("redacted after a deletion") });
    expect((await listed("q=lazarus")).names).toEqual(["Lazarus Twice"]);

    // The same message arriving again later, refused, then re-processed: its tombstone stops it.
    const late = await store.recordRejectedCallback({ receivedAt: new Date(), startedAt: performance.now(), rawBody: text, bodyBytes: text.length, contentType: "application/json", envelope: null, httpStatus: 400, reason: "old parser bug" });
    expect(await reprocessCallback(store, { callbackId: late, ...cli })).toEqual({ ok: false, error: "1 card(s) in this callback were deleted: re-processing it would store them again" });
    expect((await listed("q=lazarus")).names).toEqual(["Lazarus Twice"]);
  });
});

describe("the tombstones a syncing client reads", () => {
  it("lists every deleted share in order, with ids and campaign values only", async () => {
    const store = await getStore();
    const tombstones = await store.listShareTombstones({ afterId: 0, limit: 100 });
    expect(tombstones.length).toBeGreaterThanOrEqual(5);
    expect(tombstones.map((t) => t.id)).toEqual([...tombstones.map((t) => t.id)].sort((a, b) => a - b));
    expect(Object.keys(tombstones[0]!).sort()).toEqual(["changeXid", "deletedAt", "id", "messageId", "position", "ref", "ref1", "ref2", "shareId"]);
    const later = await store.listShareTombstones({ afterId: tombstones[1]!.id, limit: 100 });
    expect(later.map((t) => t.id)).toEqual(tombstones.slice(2).map((t) => t.id));
    const rows = await sqlAll("select * from share_tombstones");
    expect(rows.length).toBe(tombstones.length);
  });
});
