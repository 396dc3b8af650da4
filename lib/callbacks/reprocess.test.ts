import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { reprocessCallback } from "./reprocess";

function shares(messageId: string): number {
  return (getDb().$client.prepare("select count(*) as n from contact_shares where message_id = ?").get(messageId) as { n: number }).n;
}

describe("reprocessCallback", () => {
  it("stores a logged callback that parses today, once, however often it is re-processed", async () => {
    // Simulate a callback rejected by an older parser: log it as rejected without storing its shares.
    const body = JSON.stringify(kaleyraCallback({ messageId: "reprocess-1", cards: [{ name: { formatted_name: "Late" } }] }));
    const id = getDb()
      .$client.prepare("insert into callbacks (received_at, outcome, reason, http_status, body_bytes, raw_body) values (?, 'rejected', 'old parser bug', 400, ?, ?) returning id")
      .get(Date.now(), body.length, body) as { id: number };
    expect(shares("reprocess-1")).toBe(0);

    const first = reprocessCallback({ callbackId: id.id });
    expect(first).toMatchObject({ ok: true, outcome: "stored", sharesStored: 1 });
    expect(shares("reprocess-1")).toBe(1);
    const again = reprocessCallback({ callbackId: id.id });
    expect(again).toMatchObject({ ok: true, outcome: "duplicate", sharesStored: 0 });
    expect(shares("reprocess-1")).toBe(1);

    const logged = getDb().$client.prepare("select reprocessed_from from callbacks where id = ?").get((first as { callbackId: number }).callbackId) as { reprocessed_from: number };
    expect(logged.reprocessed_from).toBe(id.id);
  });

  it("says why when the callback is still invalid, and when it does not exist", async () => {
    await postCallback('{"meta_object": {"value": {"messages": [{"type": "contacts"}]}}}');
    const rejected = getDb().$client.prepare("select id from callbacks where outcome = 'rejected' order by id desc limit 1").get() as { id: number };
    const result = reprocessCallback({ callbackId: rejected.id });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain("meta_object.value.messages[0].id");
    expect(reprocessCallback({ callbackId: 999_999 })).toEqual({ ok: false, error: "No callback 999999 in the log" });
  });
});
