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
    const createdAt = migrationCreatedAt("_campaign_counters");
    if (testEngine === "postgres") {
      await sqlAll("drop function campaign_keys_add(jsonb, smallint)");
      await sqlAll("drop function campaign_key_link(text, text, integer, text, integer, integer, smallint)");
      await rollBackReachMigration();
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

describe.runIf(testEngine === "postgres")("the campaign-reach migration on an existing PostgreSQL inbox", () => {
  it("builds each day's reach from the links already stored, and the write path keeps it from there", async () => {
    for (let index = 0; index < 40; index++) {
      const body = kaleyraCallback({
        messageId: `reach-${index}`,
        from: `44770090${index % 4}`,
        // Days 0…117 apart in steps of 3 or 29: near links, far links and first days.
        timestamp: String(1_760_000_000 + ((index * 29) % 118) * 86_400),
        extraInfo: { ref: index % 3 ? "spring" : "autumn", ref1: "", ref2: "" },
        cards: [{ name: { formatted_name: `Person ${index % 6}` } }],
      });
      expect((await postCallback(body)).status).toBe(200);
    }
    await expectCountersExact();

    await sqlAll("drop function campaign_key_link(text, text, integer, text, integer, integer, smallint)");
    await sqlAll(`create function campaign_key_link(p_field text, p_kind text, p_day integer, p_value text, p_prev integer, p_n integer, p_shard smallint) returns void language plpgsql as $$
      begin
        insert into campaign_key_firsts as f (field, kind, value, far, day, prev_day, shard, count)
          values (p_field, p_kind, p_value, case when p_day::bigint - p_prev > 31 then 1 else 0 end, p_day, p_prev, p_shard, p_n)
          on conflict (field, kind, value, far, day, prev_day, shard) do update set count = f.count + excluded.count;
        delete from campaign_key_firsts where field = p_field and kind = p_kind and value = p_value and day = p_day and prev_day = p_prev and shard = p_shard and count = 0;
      end $$`);
    await rollBackReachMigration();
    await closeStore();
    await getStore();

    expect(Number((await sqlAll<{ n: number }>("select count(*) as n from campaign_key_reach"))[0]!.n)).toBeGreaterThan(0);
    await expectCountersExact({ campaigns: ["spring", "autumn"] });
    const body = kaleyraCallback({ messageId: "reach-after", from: "447700900", timestamp: String(1_760_000_000 + 50 * 86_400), extraInfo: { ref: "spring" }, cards: [{ name: { formatted_name: "Person 1" } }] });
    expect((await postCallback(body)).status).toBe(200);
    await expectCountersExact({ campaigns: ["spring", "autumn"] });
  });
});

/** The migration's journal time, found by its tag (later migrations may follow it). */
function migrationCreatedAt(tagSuffix: string): number {
  const journal = JSON.parse(readFileSync(path.join("db", testEngine, "migrations", "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
  return journal.entries.find((entry) => entry.tag.endsWith(tagSuffix))!.when;
}

/** PostgreSQL's campaign-reach migration (0008) undone: its table, index and functions, and its journal entry. */
async function rollBackReachMigration(): Promise<void> {
  await sqlAll("drop table campaign_key_reach");
  await sqlAll("drop index if exists campaign_key_firsts_far_prev_day_idx");
  await sqlAll("drop function campaign_key_reach_rebuild()");
  await sqlAll("drop function campaign_reach_add(integer[], integer, integer)");
  await sqlAll(`delete from drizzle."__drizzle_migrations" where created_at = ${migrationCreatedAt("_campaign_reach")}`);
}
