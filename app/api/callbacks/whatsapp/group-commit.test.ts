import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { kaleyraCallback, postCallback } from "@/test/callbacks";

function countShares(prefix: string): number {
  return (getDb().$client.prepare("select count(*) as n from contact_shares where message_id like ?").get(`${prefix}%`) as { n: number }).n;
}

function callbackLog(prefix: string) {
  return getDb().$client.prepare("select outcome, http_status, raw_body from callbacks where raw_body like ? order by id").all(`%${prefix}%`) as { outcome: string; http_status: number }[];
}

describe("group commit", () => {
  it("stores callbacks that arrive together in one transaction, each answered only after it", async () => {
    const before = getDb().$client.prepare("select count(*) n from callbacks").get() as { n: number };
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => postCallback(kaleyraCallback({ messageId: `together-${index}`, cards: [{ name: { formatted_name: `Together ${index}` } }] }))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    expect(countShares("together-")).toBe(12);
    expect((getDb().$client.prepare("select count(*) n from callbacks").get() as { n: number }).n).toBe(before.n + 12);
  });

  it("does not let one callback that fails to store fail the others of its group", async () => {
    // A fault only this message meets, at the moment it is written (parsing cannot see it coming).
    const sqlite = getDb().$client;
    sqlite.exec(`create temp trigger poison_share before insert on contact_shares when new.message_id = 'poison-1' begin select raise(abort, 'poisoned card'); end`);
    try {
      const bodies = Array.from({ length: 9 }, (_, index) => kaleyraCallback({ messageId: index === 4 ? "poison-1" : `neighbour-${index}`, cards: [{ name: { formatted_name: `Neighbour ${index}` } }] }));
      const answers = await Promise.all(bodies.map((body) => postCallback(body)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 500, 200, 200, 200, 200]);
      expect(answers[4]!.json).toEqual({ error: "Internal server error", issues: [] });
      expect(countShares("neighbour-")).toBe(8);
      expect(countShares("poison-")).toBe(0);
      // The neighbours are logged once each; the poisoned one was never acknowledged, so the sender retries it.
      expect(callbackLog("neighbour-")).toHaveLength(8);
    } finally {
      sqlite.exec("drop trigger poison_share");
    }
    const retried = await postCallback(kaleyraCallback({ messageId: "poison-1", cards: [{ name: { formatted_name: "Cured" } }] }));
    expect(retried.status).toBe(200);
    expect(countShares("poison-")).toBe(1);
  });

  it("answers 503 to a rejected callback it cannot log while another connection holds the lock, and logs it once released", async () => {
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(process.env.DATABASE_PATH!);
    const db = getDb().$client;
    const previousTimeout = db.pragma("busy_timeout", { simple: true });
    db.pragma("busy_timeout = 50");
    const marker = "locked-rejection-7f3a";
    try {
      other.exec("BEGIN IMMEDIATE");
      const locked = await postCallback(`{"not json ${marker}`);
      expect(locked.status).toBe(503);
      expect(locked.headers.get("retry-after")).toBe("5");
      other.exec("ROLLBACK");
      expect(callbackLog(marker)).toHaveLength(0);
      const retried = await postCallback(`{"not json ${marker}`);
      expect(retried.status).toBe(400);
      expect(callbackLog(marker)).toEqual([expect.objectContaining({ outcome: "rejected", http_status: 400 })]);
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
      db.pragma(`busy_timeout = ${previousTimeout}`);
    }
  });
});
