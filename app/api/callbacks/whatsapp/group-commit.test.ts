import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { callbacksWithBodyContaining, sqlAll, sqlCount, testEngine } from "@/test/database";

function countShares(prefix: string): Promise<number> {
  return sqlCount("select count(*) as n from contact_shares where message_id like ?", `${prefix}%`);
}

/** A fault only this message meets, at the moment it is written (parsing cannot see it coming). */
async function poison(messageId: string): Promise<() => Promise<void>> {
  if (testEngine === "sqlite") {
    await sqlAll(`create trigger poison_share before insert on contact_shares when new.message_id = '${messageId}' begin select raise(abort, 'poisoned card'); end`);
    return async () => void (await sqlAll("drop trigger poison_share"));
  }
  await sqlAll("create function poison_share() returns trigger language plpgsql as $$ begin raise exception 'poisoned card'; end $$");
  await sqlAll(`create trigger poison_share before insert on contact_shares for each row when (new.message_id = '${messageId}') execute function poison_share()`);
  return async () => {
    await sqlAll("drop trigger poison_share on contact_shares");
    await sqlAll("drop function poison_share()");
  };
}

describe("callbacks arriving together", () => {
  it("are each stored, each answered only after it (SQLite: one transaction for the group)", async () => {
    const before = await sqlCount("select count(*) as n from callbacks");
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => postCallback(kaleyraCallback({ messageId: `together-${index}`, cards: [{ name: { formatted_name: `Together ${index}` } }] }))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    expect(await countShares("together-")).toBe(12);
    expect(await sqlCount("select count(*) as n from callbacks")).toBe(before + 12);
  });

  it("are all stored, once each, when more arrive at once than one group takes", async () => {
    const before = await sqlCount("select count(*) as n from callbacks");
    // 70 callbacks (a group takes 64), then 3 of 200 cards each (a group takes 500 cards).
    const small = Array.from({ length: 70 }, (_, index) => kaleyraCallback({ messageId: `crowd-${index}`, cards: [{ name: { formatted_name: `Crowd ${index}` } }] }));
    const large = Array.from({ length: 3 }, (_, index) => kaleyraCallback({ messageId: `crowd-large-${index}`, cards: Array.from({ length: 200 }, (_, card) => ({ name: { formatted_name: `Large ${index}.${card}` } })) }));
    for (const bodies of [small, large]) {
      const answers = await Promise.all(bodies.map((body) => postCallback(body)));
      expect(answers.map((answer) => [answer.status, answer.json.sharesStored])).toEqual(bodies.map((body) => [200, body.meta_object.value.messages[0]!.contacts.length]));
    }
    expect(await countShares("crowd-")).toBe(70 + 600);
    expect(await sqlCount("select count(*) as n from callbacks")).toBe(before + 73);
  });

  it("leave the receiver idle once they are stored (no flush keeps rescheduling itself)", async () => {
    await Promise.all(Array.from({ length: 5 }, (_, index) => postCallback(kaleyraCallback({ messageId: `idle-${index}`, cards: [{ name: { formatted_name: "Idle" } }] }))));
    const start = performance.eventLoopUtilization();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(performance.eventLoopUtilization(start).utilization).toBeLessThan(0.5);
  });

  it("do not fail because one of them fails to store", async () => {
    const cure = await poison("poison-1");
    try {
      const bodies = Array.from({ length: 9 }, (_, index) => kaleyraCallback({ messageId: index === 4 ? "poison-1" : `neighbour-${index}`, cards: [{ name: { formatted_name: `Neighbour ${index}` } }] }));
      const answers = await Promise.all(bodies.map((body) => postCallback(body)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 500, 200, 200, 200, 200]);
      expect(answers[4]!.json).toEqual({ error: "Internal server error", issues: [] });
      expect(await countShares("neighbour-")).toBe(8);
      expect(await countShares("poison-")).toBe(0);
      // The neighbours are logged once each; the poisoned one was never acknowledged, so the sender retries it.
      expect(await callbacksWithBodyContaining("neighbour-")).toHaveLength(8);
    } finally {
      await cure();
    }
    const retried = await postCallback(kaleyraCallback({ messageId: "poison-1", cards: [{ name: { formatted_name: "Cured" } }] }));
    expect(retried.status).toBe(200);
    expect(await countShares("poison-")).toBe(1);
  });
});

describe("a batch of callbacks (the bulk load of db:copy and the bench)", () => {
  it("is stored whole or not at all, and leaves the store working after a failure", async () => {
    const { getStore } = await import("@/app/_server/store");
    const { decodeJsonBody } = await import("@/lib/callbacks/decode");
    const { parseCallback } = await import("@/lib/callbacks/parse");
    const store = await getStore();
    const paramsOf = (messageId: string) => {
      const bytes = new TextEncoder().encode(JSON.stringify(kaleyraCallback({ messageId, cards: [{ name: { formatted_name: messageId } }] })));
      const decoded = decodeJsonBody(bytes);
      const parsed = decoded.ok ? parseCallback(decoded.value) : null;
      if (!decoded.ok || !parsed?.ok) throw new Error("test callback did not parse");
      return { receivedAt: new Date(), startedAt: performance.now(), rawBody: decoded.text, bodyBytes: bytes.byteLength, contentType: "application/json", parsed: parsed.callback };
    };
    const logged = async () => (await callbacksWithBodyContaining("bulk-")).length;
    const cure = await poison("bulk-poison");
    try {
      await expect(store.ingestCallbackBatch(["bulk-a", "bulk-b", "bulk-poison", "bulk-c"].map(paramsOf))).rejects.toThrow();
      expect(await countShares("bulk-")).toBe(0);
      expect(await logged()).toBe(0);
    } finally {
      await cure();
    }
    // Every connection the failed batch used is usable again (its transaction was rolled back).
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => postCallback(kaleyraCallback({ messageId: `after-batch-${index}`, cards: [{ name: { formatted_name: "After" } }] }))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    const results = await store.ingestCallbackBatch(["bulk-a", "bulk-b", "bulk-a"].map(paramsOf));
    expect(results.map((result) => [result.outcome, result.sharesStored, result.sharesAlreadyStored])).toEqual([["stored", 1, 0], ["stored", 1, 0], ["duplicate", 0, 1]]);
    expect(await countShares("bulk-")).toBe(2);
    expect(await logged()).toBe(3);
  });
});

describe("a sender's count", () => {
  it("is one exact entry when the sender's callbacks arrive on many connections at once", async () => {
    const { getStore } = await import("@/app/_server/store");
    const answers = await Promise.all(Array.from({ length: 24 }, (_, index) => postCallback(kaleyraCallback({ messageId: `one-sender-${index}`, from: "919811112222", profileName: "Many Ways", cards: [{ name: { formatted_name: `Card ${index}` }, phones: [{ phone: "+44 20 7946 0018", wa_id: "442079460018" }] }] }))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(24).fill(200));
    if (testEngine === "postgres") {
      // The writes really came from several connections: the counters every card touches are spread over shards.
      expect(await sqlCount("select count(distinct shard) as n from facet_counts where facet = 'all'")).toBeGreaterThan(1);
    }
    const senders = await (await getStore()).listFacetValues({ facet: "sender", limit: 50 });
    expect(senders.filter((entry) => entry.value === "919811112222")).toEqual([{ value: "919811112222", label: "Many Ways", count: 24 }]);
    expect(await (await getStore()).countContacts({ person: "+442079460018" })).toBe(24);
  });
});
