import pg from "pg";
import { describe, expect, it } from "vitest";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { sqlCount } from "@/test/database";

/*
 * Two writers can deadlock on PostgreSQL (say two instances storing callbacks that hold the same
 * messages in different orders). PostgreSQL then cancels one transaction, and the receiver runs
 * that callback again instead of answering 503: the sender is told 200 once it is stored.
 *
 * The deadlock is made on purpose: another connection holds the advisory lock that ingest_callback()
 * takes for the card's first campaign key (migration 0007) and, once the callback waits on it,
 * claims the counter rows the callback has just written. PostgreSQL cancels the callback's
 * transaction (it waited first, so its deadlock check runs first); the retry waits until the other
 * connection is gone and then stores the card.
 */

const realUrl = process.env.DATABASE_URL!;

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a callback cancelled by a deadlock", () => {
  it("is run again and answered 200 once stored, not 503", async () => {
    // Opens the store (and its migrations) before the other connection takes locks.
    expect((await postCallback(kaleyraCallback({ messageId: "warm-up", cards: [{ name: { formatted_name: "Warm Up" } }] }))).status).toBe(200);
    const other = new pg.Client({ connectionString: realUrl });
    await other.connect();
    const watcher = new pg.Client({ connectionString: realUrl });
    await watcher.connect();
    try {
      // The card's keys, taken in order: ('campaign', 'contact', 'r-deadlock', '+442079460018') comes first.
      await other.query("begin");
      await other.query("select pg_advisory_xact_lock(hashtextextended($1, 7236145))", [["campaign", "contact", "r-deadlock", "+442079460018"].join("\u001f")]);
      const body = kaleyraCallback({
        messageId: "deadlocked",
        cards: [{ name: { formatted_name: "Dee Lock" }, phones: [{ phone: "+44 20 7946 0018" }] }],
        extraInfo: { ref: "r-deadlock", ref1: "", ref2: "" },
      });
      const answered = postCallback(body);
      const waitingOnTheKey = async () =>
        (await watcher.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'advisory' and query like '%ingest_callback%'")).rows[0].n === 1;
      await waitUntil(waitingOnTheKey, "the callback waits on the campaign key's lock");
      // The counter rows the waiting callback inserted: claiming them closes the cycle.
      const claimed = other.query("insert into facet_counts (facet, value, shard, label, count) select 'all', '', s, null, 0 from generate_series(0, 7) s on conflict do nothing");
      const cancelledOnce = async () => (await watcher.query("select deadlocks::int as n from pg_stat_database where datname = current_database()")).rows[0].n >= 1;
      await waitUntil(cancelledOnce, "PostgreSQL cancels one side of the deadlock");
      await claimed;
      await other.query("rollback");
      const response = await answered;
      expect(response.status, JSON.stringify(response.json)).toBe(200);
      expect(response.json.sharesStored).toBe(1);
      expect(await sqlCount("select count(*) as n from contact_shares where message_id = ?", "deadlocked")).toBe(1);
      expect(await sqlCount("select count(*) as n from callbacks where outcome = 'stored' and raw_body like ?", "%deadlocked%")).toBe(1);
    } finally {
      await other.end();
      await watcher.end();
    }
  }, 30_000);
});
