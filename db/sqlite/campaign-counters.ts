import "server-only";
import type Database from "better-sqlite3";
import { campaignKeysOf, campaignValuesByField, isFarLink, noPreviousDay } from "@/lib/model/campaign-counters";
import type { NewContactShare } from "@/lib/model/contact-share";
import { dayOf } from "@/lib/model/share-facets";

type CountedShare = Pick<NewContactShare, "sortAt" | "ref" | "ref1" | "ref2" | "senderWaId" | "senderUserId" | "phones" | "sortName">;

/**
 * Adds a card to the campaign counters (delta 1) or takes it back (delta -1), exactly: shares per
 * field, day and value; the sender's and contact's day under each value; and, when a key's day
 * appears or goes, the previous-day links of that day and of the key's next day (see
 * lib/model/campaign-counters.ts). Must run inside the write's transaction.
 */
export function countCampaignShare(sqlite: Database.Database, row: CountedShare, delta: 1 | -1): void {
  const statements = statementsFor(sqlite);
  const day = dayOf(row.sortAt);
  for (const { field, value } of campaignValuesByField(row)) {
    statements.addDay.run(field, day, value, delta);
    if (delta < 0) statements.deleteEmptyDay.run(field, day, value);
  }
  for (const key of campaignKeysOf(row)) moveKeyDay(statements, [key.field, key.kind, key.value, key.key], day, delta);
}

function moveKeyDay(statements: Statements, key: [string, string, string, string], day: number, delta: number): void {
  const before = (statements.keyDay.get(...key, day) as { count: number } | undefined)?.count ?? 0;
  const after = before + delta;
  if (after > 0) statements.putKeyDay.run(...key, day, after);
  else statements.deleteKeyDay.run(...key, day);
  if (before > 0 === after > 0) return;
  // The day appeared (or went): it is linked to the key's previous day, and the key's next day is now linked to it (or back to that previous day).
  const [field, kind, value] = key;
  const previous = (statements.previousDay.get(...key, day) as { day: number | null }).day ?? noPreviousDay;
  const next = (statements.nextDay.get(...key, day) as { day: number | null }).day;
  const sign = after > 0 ? 1 : -1;
  const link = (linkDay: number, prevDay: number, n: number) => {
    const far = isFarLink(linkDay, prevDay) ? 1 : 0;
    statements.addFirst.run(field, kind, value, far, linkDay, prevDay, n);
    if (n < 0) statements.deleteEmptyFirst.run(field, kind, value, far, linkDay, prevDay);
  };
  link(day, previous, sign);
  if (next !== null) {
    link(next, previous, -sign);
    link(next, day, sign);
  }
}

type Statements = ReturnType<typeof prepareStatements>;

const statementsByConnection = new WeakMap<Database.Database, Statements>();

function statementsFor(sqlite: Database.Database): Statements {
  let statements = statementsByConnection.get(sqlite);
  if (!statements) {
    statements = prepareStatements(sqlite);
    statementsByConnection.set(sqlite, statements);
  }
  return statements;
}

function prepareStatements(sqlite: Database.Database) {
  const keyWhere = "field = ? and kind = ? and value = ? and key = ?";
  return {
    addDay: sqlite.prepare("insert into campaign_daily_counts (field, day, value, count) values (?, ?, ?, ?) on conflict (field, day, value) do update set count = count + excluded.count"),
    deleteEmptyDay: sqlite.prepare("delete from campaign_daily_counts where field = ? and day = ? and value = ? and count <= 0"),
    keyDay: sqlite.prepare(`select count from campaign_key_days where ${keyWhere} and day = ?`),
    putKeyDay: sqlite.prepare("insert into campaign_key_days (field, kind, value, key, day, count) values (?, ?, ?, ?, ?, ?) on conflict (field, kind, value, key, day) do update set count = excluded.count"),
    deleteKeyDay: sqlite.prepare(`delete from campaign_key_days where ${keyWhere} and day = ?`),
    previousDay: sqlite.prepare(`select max(day) as day from campaign_key_days where ${keyWhere} and day < ?`),
    nextDay: sqlite.prepare(`select min(day) as day from campaign_key_days where ${keyWhere} and day > ?`),
    addFirst: sqlite.prepare(
      "insert into campaign_key_firsts (field, kind, value, far, day, prev_day, count) values (?, ?, ?, ?, ?, ?, ?) on conflict (field, kind, value, far, day, prev_day) do update set count = count + excluded.count",
    ),
    deleteEmptyFirst: sqlite.prepare("delete from campaign_key_firsts where field = ? and kind = ? and value = ? and far = ? and day = ? and prev_day = ? and count <= 0"),
  };
}
