import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closeStore, getStore } from "@/app/_server/store";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { expectCountersExact } from "@/test/counters";
import { sqlAll, testEngine } from "@/test/database";

/**
 * An inbox stored before the campaign-counters migration (SQLite 0006, PostgreSQL 0007) gets its campaign counters and person facets from the
 * migration's backfill: the same numbers the write path keeps.
 */
describe("the campaign-counters migration on an existing inbox", () => {
  it("backfills the campaign counters and the person facet from the stored cards", async () => {
    const cards = [
      { name: { formatted_name: "Rita" }, phones: [{ phone: "+44 7700 900123", wa_id: "447700900123" }] },
      { name: { formatted_name: "Name Only" } },
      { name: { formatted_name: "Second Phone" }, phones: [{ phone: "12" }, { phone: "+34 612 34 56 78" }] },
    ];
    const refs = [{ ref: "spring", ref1: "spring", ref2: "" }, { ref: "", ref1: "", ref2: "" }, { ref: "a", ref1: "b", ref2: "c" }];
    for (let index = 0; index < 12; index++) {
      const body = kaleyraCallback({
        messageId: `migrate-${index}`,
        from: `44770090${index % 3}`,
        timestamp: String(1_760_000_000 + (index % 5) * 86_400 * 3),
        extraInfo: refs[index % refs.length],
        cards: [cards[index % cards.length], cards[(index + 1) % cards.length]],
      });
      expect((await postCallback(body)).status).toBe(200);
    }
    await expectCountersExact();

    // Back to the schema before that migration: its tables, functions and rows gone, its journal entry too.
    await sqlAll("drop table campaign_daily_counts");
    await sqlAll("drop table campaign_key_days");
    await sqlAll("drop table campaign_key_firsts");
    await sqlAll("delete from share_facets where facet = 'person'");
    await sqlAll("delete from facet_counts where facet = 'person'");
    // The migration's journal entry, found by its tag (later migrations may follow it).
    const journal = JSON.parse(readFileSync(path.join("db", testEngine, "migrations", "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
    const createdAt = journal.entries.find((entry) => entry.tag.endsWith("_campaign_counters"))!.when;
    if (testEngine === "postgres") {
      await sqlAll("drop function campaign_keys_add(jsonb, smallint)");
      await sqlAll("drop function campaign_key_link(text, text, integer, text, integer, integer, smallint)");
      await sqlAll(`delete from drizzle."__drizzle_migrations" where created_at = ${createdAt}`);
    } else {
      await sqlAll(`delete from "__drizzle_migrations" where created_at = ${createdAt}`);
    }
    await closeStore();
    await getStore();

    expect(Number((await sqlAll<{ n: number }>("select count(*) as n from campaign_key_days"))[0]!.n)).toBeGreaterThan(0);
    expect(Number((await sqlAll<{ n: number }>("select count(*) as n from share_facets where facet = 'person'"))[0]!.n)).toBeGreaterThan(0);
    await expectCountersExact({ campaigns: ["spring", "a", "b", "c"] });
  });
});
