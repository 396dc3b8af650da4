import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { sqlCount, sqlOne } from "@/test/database";
import { mayReprocess, reprocessCallback } from "./reprocess";

function shares(messageId: string): Promise<number> {
  return sqlCount("select count(*) as n from contact_shares where message_id = ?", messageId);
}

describe("reprocessCallback", () => {
  it("stores a logged callback that parses today, once, however often it is re-processed", async () => {
    // A callback rejected by an older parser: logged as rejected, its body kept, nothing stored.
    const store = await getStore();
    const body = JSON.stringify(kaleyraCallback({ messageId: "reprocess-1", cards: [{ name: { formatted_name: "Late" } }] }));
    const id = await store.recordRejectedCallback({ receivedAt: new Date(), startedAt: performance.now(), rawBody: body, bodyBytes: body.length, contentType: "application/json", envelope: null, httpStatus: 400, reason: "old parser bug" });
    expect(await shares("reprocess-1")).toBe(0);

    const first = await reprocessCallback(store, { callbackId: id, actor: { type: "cli" }, clientAddress: null });
    expect(first).toMatchObject({ ok: true, outcome: "stored", sharesStored: 1 });
    expect(await shares("reprocess-1")).toBe(1);
    const again = await reprocessCallback(store, { callbackId: id, actor: { type: "cli" }, clientAddress: null });
    expect(again).toMatchObject({ ok: true, outcome: "duplicate", sharesStored: 0 });
    expect(await shares("reprocess-1")).toBe(1);

    const logged = await sqlOne<{ reprocessed_from: number }>("select reprocessed_from from callbacks where id = ?", (first as { callbackId: number }).callbackId);
    expect(Number(logged!.reprocessed_from)).toBe(id);
  });

  it("says why when the callback is still invalid, and when it does not exist", async () => {
    const store = await getStore();
    const posted = await postCallback('{"meta_object": {"value": {"messages": [{"type": "contacts"}]}}}');
    const result = await reprocessCallback(store, { callbackId: posted.json.callbackId, actor: { type: "cli" }, clientAddress: null });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain("meta_object.value.messages[0].id");
    expect(await reprocessCallback(store, { callbackId: 999_999, actor: { type: "cli" }, clientAddress: null })).toEqual({ ok: false, error: "No callback 999999 in the log" });
  });

  it("is offered only where today's parser could answer otherwise: not for a body that is not JSON, not UTF-8 or empty", async () => {
    const store = await getStore();
    const offered = async (body: string | Uint8Array) => {
      const posted = await postCallback(body);
      const logged = await store.getCallbackById({ id: posted.json.callbackId });
      return mayReprocess({ outcome: logged!.outcome, reason: logged!.reason, hasBody: logged!.rawBody !== null });
    };
    expect(await offered("not json at all")).toBe(false);
    expect(await offered(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toBe(false);
    expect(await offered("   ")).toBe(false);
    expect(await offered('{"meta_object": {"value": {"messages": [{"type": "contacts"}]}}}')).toBe(true);
    expect(await offered(JSON.stringify(kaleyraCallback({ messageId: "offered-stored", cards: [{ name: { formatted_name: "Stored" } }] })))).toBe(false);
    expect(mayReprocess({ outcome: "ignored", reason: 'ignored: message of type "text"', hasBody: true })).toBe(true);
    expect(mayReprocess({ outcome: "rejected", reason: "old parser bug", hasBody: false })).toBe(false);
  });
});
