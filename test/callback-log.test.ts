import { beforeAll, describe, expect, it } from "vitest";
import { seedOnce } from "./seed-once";
import { getStore } from "@/app/_server/store";
import { decodeJsonBody } from "@/lib/callbacks/decode";
import { parseCallback } from "@/lib/callbacks/parse";
import type { IngestCallbackParams } from "@/lib/model/callback-log";
import type { Store } from "@/lib/model/store";
import { kaleyraCallback } from "./callbacks";

/**
 * The callback log through the store, on each engine: what an entry records for each outcome, and
 * what the deliveries page and the inbox's "rejected" notice read back (pages by id, outcome
 * filter, bounded previews, the count since a time).
 */

let store: Store;
beforeAll(async () => {
  store = await getStore();
});

const encoder = new TextEncoder();

function ingestParams(body: unknown, receivedAt = new Date(), extra: Partial<IngestCallbackParams> = {}): IngestCallbackParams {
  const bytes = encoder.encode(JSON.stringify(body));
  const decoded = decodeJsonBody(bytes);
  if (!decoded.ok) throw new Error(decoded.error);
  const parsed = parseCallback(decoded.value);
  if (!parsed.ok) throw new Error(parsed.error);
  return { receivedAt, startedAt: performance.now() - 2.4, rawBody: decoded.text, bodyBytes: bytes.byteLength, contentType: "application/json; charset=utf-8", parsed: parsed.callback, ...extra };
}

const cards = (n: number) => Array.from({ length: n }, (_, i) => ({ name: { formatted_name: `Card ${i}` } }));

describe("the callback log", () => {
  it("records a stored callback with its body, size, type, envelope, card count and time", async () => {
    const receivedAt = new Date("2026-04-01T10:00:00.123Z");
    const params = ingestParams(kaleyraCallback({ messageId: "log-stored", cards: cards(2) }), receivedAt);
    const result = await store.ingestCallback(params);
    expect(result).toEqual({ callbackId: expect.any(Number), outcome: "stored", sharesStored: 2, sharesAlreadyStored: 0, ignored: [] });
    const entry = await store.getCallbackById({ id: result.callbackId });
    expect(entry).toMatchObject({
      id: result.callbackId,
      receivedAt,
      envelope: "kaleyra",
      outcome: "stored",
      reason: null,
      httpStatus: 200,
      sharesStored: 2,
      contentType: "application/json; charset=utf-8",
      bodyBytes: params.bodyBytes,
      rawBody: params.rawBody,
      reprocessedFrom: null,
    });
    // The time it took, rounded to whole milliseconds.
    expect(Number.isInteger(entry!.durationMs)).toBe(true);
    expect(entry!.durationMs).toBeGreaterThanOrEqual(2);
    expect(entry!.durationMs).toBeLessThan(10_000);
  });

  it("records a redelivery as a duplicate and says why, and a re-processed entry with its origin", async () => {
    const body = kaleyraCallback({ messageId: "log-again", cards: cards(3) });
    const first = await store.ingestCallback(ingestParams(body));
    const again = await store.ingestCallback(ingestParams(body, new Date(), { reprocessedFrom: first.callbackId }));
    expect(again).toMatchObject({ outcome: "duplicate", sharesStored: 0, sharesAlreadyStored: 3 });
    expect(await store.getCallbackById({ id: again.callbackId })).toMatchObject({ outcome: "duplicate", sharesStored: 0, reason: "3 already stored (redelivery)", reprocessedFrom: first.callbackId });
  });

  it("records a callback with nothing to store as ignored, with what was ignored", async () => {
    const body = { meta_object: { field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "1", phone_number_id: "2" }, messages: [{ from: "1", id: "log-text", timestamp: "1763978400", type: "text", text: { body: "hi" } }] } }, extra_info: {} };
    const result = await store.ingestCallback(ingestParams(body));
    expect(result.outcome).toBe("ignored");
    expect(result.ignored.length).toBeGreaterThan(0);
    const entry = await store.getCallbackById({ id: result.callbackId });
    expect(entry).toMatchObject({ outcome: "ignored", sharesStored: 0, reason: `ignored: ${result.ignored.join(", ")}` });
  });

  it("records a rejected request exactly as given", async () => {
    const receivedAt = new Date("2026-04-02T08:00:00.5Z");
    const id = await store.recordRejectedCallback({ receivedAt, rawBody: "{not json", bodyBytes: 9, contentType: "text/plain", startedAt: performance.now() - 3.6, envelope: null, httpStatus: 400, reason: "body is not valid JSON" });
    const entry = await store.getCallbackById({ id });
    expect(entry).toMatchObject({ id, receivedAt, rawBody: "{not json", bodyBytes: 9, contentType: "text/plain", envelope: null, outcome: "rejected", reason: "body is not valid JSON", httpStatus: 400, sharesStored: 0, reprocessedFrom: null });
    expect(Number.isInteger(entry!.durationMs)).toBe(true);
    expect(entry!.durationMs).toBeGreaterThanOrEqual(3);
    expect(entry!.durationMs).toBeLessThan(10_000);
  });

  it("answers null for an id it does not hold", async () => {
    expect(await store.getCallbackById({ id: 987_654_321 })).toBeNull();
  });
});

describe("reading the log back", () => {
  const ids: number[] = [];
  const longBody = `{"padding":"${"x".repeat(5000)}"}`;
  const longReason = `rejected: ${"y".repeat(600)}`;
  let since: Date;

  seedOnce(async () => {
    since = new Date(Date.now() + 3_600_000);
    const at = (minutes: number) => new Date(since.getTime() + minutes * 60_000);
    ids.push(await store.recordRejectedCallback({ receivedAt: at(-1), rawBody: "before", bodyBytes: 6, contentType: null, startedAt: performance.now(), envelope: null, httpStatus: 400, reason: "too early" }));
    ids.push(await store.recordRejectedCallback({ receivedAt: at(0), rawBody: longBody, bodyBytes: longBody.length, contentType: null, startedAt: performance.now(), envelope: "meta", httpStatus: 401, reason: longReason }));
    ids.push((await store.ingestCallback(ingestParams(kaleyraCallback({ messageId: "log-read-1", cards: cards(1) }), at(1)))).callbackId);
    ids.push(await store.recordRejectedCallback({ receivedAt: at(2), rawBody: null, bodyBytes: 0, contentType: null, startedAt: performance.now(), envelope: null, httpStatus: 413, reason: "body too large" }));
    ids.push((await store.ingestCallback(ingestParams(kaleyraCallback({ messageId: "log-read-2", cards: cards(1) }), at(3)))).callbackId);
  });

  it("lists newest first, a page at a time by id", async () => {
    const newest = await store.listCallbacks({ limit: 3 });
    expect(newest.map((entry) => entry.id)).toEqual([ids[4], ids[3], ids[2]]);
    const next = await store.listCallbacks({ limit: 2, before: ids[2] });
    expect(next.map((entry) => entry.id)).toEqual([ids[1], ids[0]]);
  });

  it("filters by outcome", async () => {
    const rejected = await store.listCallbacks({ outcome: "rejected", limit: 3 });
    expect(rejected.map((entry) => entry.id)).toEqual([ids[3], ids[1], ids[0]]);
    expect(rejected.every((entry) => entry.outcome === "rejected")).toBe(true);
    const stored = await store.listCallbacks({ outcome: "stored", limit: 2, before: ids[4] });
    expect(stored.map((entry) => entry.id)).toEqual([ids[2], expect.any(Number)]);
    expect(stored[1]!.id).toBeLessThan(ids[0]!);
  });

  it("carries only the start of a body and a reason, with the reason's full length, and no body or reason in full", async () => {
    const [entry] = await store.listCallbacks({ limit: 1, before: ids[2] });
    expect(entry!.id).toBe(ids[1]);
    expect(entry!.bodyStart).toBe(longBody.slice(0, 4000));
    expect(entry!.reasonStart).toBe(longReason.slice(0, 400));
    expect(entry!.reasonChars).toBe(longReason.length);
    expect(entry).not.toHaveProperty("rawBody");
    expect(entry).not.toHaveProperty("reason");
    expect(entry).toMatchObject({ envelope: "meta", httpStatus: 401, bodyBytes: longBody.length, outcome: "rejected" });
    const [bodiless] = await store.listCallbacks({ limit: 1, before: ids[4] });
    expect(bodiless).toMatchObject({ id: ids[3], bodyStart: null, reasonStart: "body too large", reasonChars: "body too large".length });
    const [plain] = await store.listCallbacks({ limit: 1 });
    expect(plain).toMatchObject({ id: ids[4], reasonStart: null, reasonChars: 0 });
  });

  it("counts rejected requests received at or after a time, nothing else", async () => {
    expect(await store.countRejectedCallbacksSince({ since })).toBe(2);
    expect(await store.countRejectedCallbacksSince({ since: new Date(since.getTime() + 1) })).toBe(1);
    expect(await store.countRejectedCallbacksSince({ since: new Date(since.getTime() + 10 * 60_000) })).toBe(0);
  });
});
