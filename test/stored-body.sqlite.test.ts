import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { redactCallbackBody } from "@/lib/callbacks/redact-body";
import { bodiesRecompressUntilKey, bodiesRecompressedThroughKey, runPurge } from "@/lib/lifecycle/purge";
import { kaleyraCallback, postCallback, readSample } from "./callbacks";
import { closeTestDatabase, sqlOne } from "./database";

/**
 * SQLite keeps callback bodies compressed in the file (db/sqlite/stored-body.ts). Driven through the
 * real receiver and store: what lands in the file, and that every reader gets the exact text back —
 * including rows an earlier version wrote as plain TEXT.
 */

let raw: Database.Database | null = null;
const file = () => (raw ??= new Database(process.env.DATABASE_PATH!));
afterAll(async () => {
  raw?.close();
  await closeTestDatabase();
});

const storedForm = (id: number) => file().prepare("select typeof(raw_body) as type, length(raw_body) as bytes, body_bytes as bodyBytes from callbacks where id = ?").get(id) as { type: string; bytes: number; bodyBytes: number };

describe("callback bodies in the SQLite file", () => {
  it("stores a callback's body compressed, under half its size, and reads it back exactly", async () => {
    const body = readSample("kaleyra-contact-message");
    const posted = await postCallback(body);
    expect(posted.status).toBe(200);
    const id = Number(posted.json.callbackId);
    const form = storedForm(id);
    expect(form).toMatchObject({ type: "blob", bodyBytes: Buffer.byteLength(body) });
    expect(form.bytes).toBeLessThan(form.bodyBytes / 2);
    const store = await getStore();
    expect((await store.getCallbackById({ id }))!.rawBody).toBe(body);
    const [summary] = await store.listCallbacks({ limit: 1 });
    expect(summary).toMatchObject({ id, bodyStart: body });
  });

  it("previews a long body's first 4,000 characters, multi-byte characters included, and keeps all of it", async () => {
    const names = Array.from({ length: 200 }, (_, i) => ({ name: { formatted_name: `小明 🙂 Ωμέγα ${i}` } }));
    const body = JSON.stringify(kaleyraCallback({ messageId: "stored-body-long", cards: names }));
    const posted = await postCallback(body);
    expect(posted.status).toBe(200);
    const id = Number(posted.json.callbackId);
    expect(storedForm(id).type).toBe("blob");
    const store = await getStore();
    const [summary] = await store.listCallbacks({ limit: 1 });
    expect(summary!.id).toBe(id);
    expect(summary!.bodyStart).toBe(Array.from(body).slice(0, 4000).join(""));
    expect((await store.getCallbackById({ id }))!.rawBody).toBe(body);
  });

  it("keeps a short rejected body as plain text, and logs it as received", async () => {
    const posted = await postCallback("{oops");
    expect(posted.status).toBe(400);
    const id = Number(posted.json.callbackId);
    expect(storedForm(id)).toMatchObject({ type: "text", bytes: 5 });
    expect((await (await getStore()).getCallbackById({ id }))!.rawBody).toBe("{oops");
  });

  it("reads, previews and redacts a body an earlier version stored as TEXT", async () => {
    const body = JSON.stringify(kaleyraCallback({ messageId: "stored-body-old", cards: [{ name: { formatted_name: "Old Keep" } }, { name: { formatted_name: "Old Remove" } }] }));
    const posted = await postCallback(body);
    const id = Number(posted.json.callbackId);
    file().prepare("update callbacks set raw_body = ? where id = ?").run(body, id);
    expect(storedForm(id).type).toBe("text");
    const store = await getStore();
    expect((await store.getCallbackById({ id }))!.rawBody).toBe(body);
    expect((await store.listCallbacks({ limit: 1 }))[0]!.bodyStart).toBe(body);
    const removed = (await sqlOne<{ id: number }>("select id from contact_shares where message_id = 'stored-body-old' and position = 1"))!;
    await store.deleteShares({ ids: [Number(removed.id)], at: new Date(), bodies: "remove-cards", redactBody: redactCallbackBody, searchIndex: "now" });
    const redacted = (await store.getCallbackById({ id }))!;
    expect(redacted.redaction).toBe("cards-removed");
    expect(redacted.rawBody).toContain("Old Keep");
    expect(redacted.rawBody).not.toContain("Old Remove");
    // Rewritten in the new form; test/database.ts's sqlOne reads it as text, as on PostgreSQL.
    expect(storedForm(id).type).toBe("blob");
    expect((await sqlOne<{ raw_body: string }>("select raw_body from callbacks where id = ?", id))!.raw_body).toBe(redacted.rawBody);
  });

  it("rewrites the bodies an earlier version stored as TEXT when the purge runs, text unchanged, and stops at the newest entry the first purge saw", async () => {
    const store = await getStore();
    const purge = () => runPurge(store, { policy: { shareDays: null, rawBodyDays: null, auditDays: 365 }, actor: { type: "cli" } });
    const ids: number[] = [];
    const texts = [0, 1, 2].map((i) => JSON.stringify(kaleyraCallback({ messageId: `stored-body-upgrade-${i}`, cards: [{ name: { formatted_name: `Upgraded ${i}` } }] })));
    for (const text of texts) ids.push(Number((await postCallback(text)).json.callbackId));
    // As an earlier version wrote them; the tests above stored their bodies in the current form.
    for (const [i, id] of ids.entries()) file().prepare("update callbacks set raw_body = ? where id = ?").run(texts[i], id);
    const tiny = Number((await postCallback("{x")).json.callbackId);
    expect(ids.map((id) => storedForm(id).type)).toEqual(["text", "text", "text"]);

    expect(await purge()).toMatchObject({ ran: true, bodiesRecompressed: 3 });
    expect(ids.map((id) => storedForm(id).type)).toEqual(["blob", "blob", "blob"]);
    for (const [i, id] of ids.entries()) expect((await store.getCallbackById({ id }))!.rawBody).toBe(texts[i]);
    expect(storedForm(tiny).type).toBe("text");
    expect(Number(await store.getSetting({ key: bodiesRecompressUntilKey }))).toBe(tiny);
    expect(Number(await store.getSetting({ key: bodiesRecompressedThroughKey }))).toBe(tiny);

    // Done: later purges read nothing for it, neither a TEXT body behind the cursor nor one logged
    // after the end (everything this version logs is in the current form already).
    file().prepare("update callbacks set raw_body = ? where id = ?").run(texts[0], ids[0]);
    const later = Number((await postCallback(texts[1]!.replace("stored-body-upgrade-1", "stored-body-later"))).json.callbackId);
    file().prepare("update callbacks set raw_body = ? where id = ?").run(texts[1], later);
    expect(await purge()).toMatchObject({ ran: true, bodiesRecompressed: 0 });
    expect(storedForm(ids[0]!).type).toBe("text");
    expect(storedForm(later).type).toBe("text");
    expect(Number(await store.getSetting({ key: bodiesRecompressedThroughKey }))).toBe(tiny);

    // A purge that stopped midway goes on from its cursor, and still ends at the same entry.
    await store.putSetting({ key: bodiesRecompressedThroughKey, value: String(ids[0]! - 1) });
    expect(await purge()).toMatchObject({ ran: true, bodiesRecompressed: 1 });
    expect(storedForm(ids[0]!).type).toBe("blob");
    expect(storedForm(later).type).toBe("text");
    expect((await store.getCallbackById({ id: later }))!.rawBody).toBe(texts[1]);
  });
});
