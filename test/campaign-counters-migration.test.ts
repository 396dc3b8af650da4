import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closeStore, getStore } from "@/app/_server/store";
import { redactCallbackBody } from "@/lib/callbacks/redact-body";
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
    if (testEngine === "postgres") {
      await sqlAll("drop function campaign_keys_add(jsonb, smallint)");
      await sqlAll("drop function campaign_key_link(text, text, integer, text, integer, integer, smallint)");
      await rollBackReachMigration();
    }
    // Its journal entry and the later ones (found by its tag): the migrator applies them all again.
    await forgetMigrationsFrom("_campaign_counters");
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
    await rollBackKeyOrderMigration();
    await rollBackReachMigration();
    await forgetMigrationsFrom("_campaign_reach");
    await closeStore();
    await getStore();

    expect(Number((await sqlAll<{ n: number }>("select count(*) as n from campaign_key_reach"))[0]!.n)).toBeGreaterThan(0);
    await expectCountersExact({ campaigns: ["spring", "autumn"] });
    const body = kaleyraCallback({ messageId: "reach-after", from: "447700900", timestamp: String(1_760_000_000 + 50 * 86_400), extraInfo: { ref: "spring" }, cards: [{ name: { formatted_name: "Person 1" } }] });
    expect((await postCallback(body)).status).toBe(200);
    await expectCountersExact({ campaigns: ["spring", "autumn"] });
  });
});

describe("the key-order migration of campaign_key_days on an existing inbox", () => {
  it("keeps every row, orders the primary key by the key first, and the counters stay exact after", async () => {
    for (let index = 0; index < 18; index++) {
      const body = kaleyraCallback({
        messageId: `key-order-${index}`,
        from: `44770091${index % 4}`,
        timestamp: String(1_760_000_000 + ((index * 7) % 40) * 86_400),
        extraInfo: { ref: index % 2 ? "spring" : "autumn", ref1: index % 3 ? "web" : "", ref2: "" },
        cards: [{ name: { formatted_name: `Key Person ${index % 5}` }, phones: [{ phone: `+44 7700 9001${index % 7}` }] }],
      });
      expect((await postCallback(body)).status).toBe(200);
    }
    const rowsBefore = await keyDayRows();
    expect(rowsBefore.length).toBeGreaterThan(20);
    expect(await keyDayPrimaryKey()).toEqual(["key", "kind", "field", "value", "day"]);

    await rollBackKeyOrderMigration();
    expect(await keyDayPrimaryKey()).toEqual(["field", "kind", "value", "key", "day"]);
    await closeStore();
    await getStore();

    expect(await keyDayPrimaryKey()).toEqual(["key", "kind", "field", "value", "day"]);
    expect(await keyDayRows()).toEqual(rowsBefore);
    await expectCountersExact({ campaigns: ["spring", "autumn", "web"] });
    // The write path on the new key: new days, a returning person, a redelivery, and deletions.
    for (const index of [18, 19, 3]) {
      const body = kaleyraCallback({
        messageId: `key-order-${index}`,
        from: `44770091${index % 4}`,
        timestamp: String(1_760_000_000 + ((index * 7) % 40) * 86_400 + 3_600),
        extraInfo: { ref: "spring", ref1: "web", ref2: "" },
        cards: [{ name: { formatted_name: `Key Person ${index % 5}` }, phones: [{ phone: `+44 7700 9001${index % 7}` }] }],
      });
      expect((await postCallback(body)).status).toBe(200);
    }
    const gone = await sqlAll<{ id: number }>("select id from contact_shares where message_id in ('key-order-0', 'key-order-5', 'key-order-18')");
    await (await getStore()).deleteShares({ ids: gone.map((row) => Number(row.id)), at: new Date(), bodies: "remove-cards", redactBody: redactCallbackBody, searchIndex: "now" });
    await expectCountersExact({ campaigns: ["spring", "autumn", "web"] });
  });
});

/** Every key-day row, in one order whatever the engine's primary key. */
async function keyDayRows() {
  const rows = await sqlAll<Record<string, unknown>>("select field, kind, value, key, day, count from campaign_key_days order by field, kind, value, key, day");
  return rows.map((row) => ({ ...row, day: Number(row.day), count: Number(row.count) }));
}

/** campaign_key_days' primary key columns, in index order. */
async function keyDayPrimaryKey(): Promise<string[]> {
  if (testEngine === "postgres") {
    const rows = await sqlAll<{ name: string }>(
      `select a.attname as name from pg_index i cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
       where i.indrelid = 'campaign_key_days'::regclass and i.indisprimary order by k.position`,
    );
    return rows.map((row) => row.name);
  }
  const rows = await sqlAll<{ name: string; pk: number }>("select name, pk from pragma_table_info('campaign_key_days') where pk > 0 order by pk");
  return rows.map((row) => row.name);
}

/** The key-order migration (SQLite 0007, PostgreSQL 0009) undone: the table keyed by field first again, its journal entry and the later ones gone. */
async function rollBackKeyOrderMigration(): Promise<void> {
  if (testEngine === "postgres") {
    await sqlAll('alter table campaign_key_days drop constraint "campaign_key_days_key_kind_field_value_day_pk"');
    await sqlAll('alter table campaign_key_days add constraint "campaign_key_days_field_kind_value_key_day_pk" primary key (field, kind, value, key, day)');
  } else {
    await sqlAll("create table old_key_days (field text not null, kind text not null, value text not null, key text not null, day integer not null, count integer not null, primary key (field, kind, value, key, day)) without rowid");
    await sqlAll("insert into old_key_days select field, kind, value, key, day, count from campaign_key_days");
    await sqlAll("drop table campaign_key_days");
    await sqlAll("alter table old_key_days rename to campaign_key_days");
  }
  await forgetMigrationsFrom("_campaign_key_days_by_key");
}

/**
 * Deletes the journal entries of a migration and of every later one: the migrator applies what
 * comes after the newest entry, so they all run again at the next start (each must then be undone).
 */
async function forgetMigrationsFrom(tagSuffix: string): Promise<void> {
  const table = testEngine === "postgres" ? 'drizzle."__drizzle_migrations"' : '"__drizzle_migrations"';
  await sqlAll(`delete from ${table} where created_at >= ${migrationCreatedAt(tagSuffix)}`);
}

/** The migration's journal time, found by its tag (later migrations may follow it). */
function migrationCreatedAt(tagSuffix: string): number {
  const journal = JSON.parse(readFileSync(path.join("db", testEngine, "migrations", "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
  return journal.entries.find((entry) => entry.tag.endsWith(tagSuffix))!.when;
}

/** PostgreSQL's campaign-reach migration (0008) undone: its table, index and functions (the caller forgets its journal entry). */
async function rollBackReachMigration(): Promise<void> {
  await sqlAll("drop table campaign_key_reach");
  await sqlAll("drop index if exists campaign_key_firsts_far_prev_day_idx");
  await sqlAll("drop function campaign_key_reach_rebuild()");
  await sqlAll("drop function campaign_reach_add(integer[], integer, integer)");
}
