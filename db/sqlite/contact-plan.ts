import "server-only";
import type Database from "better-sqlite3";
import { filterSetOf, searchCountCap, type ContactFilterSet, type ContactSort } from "@/lib/model/contact-query";
import { searchFragmentsThroughKey, type FragmentStanding } from "@/lib/model/search-fragments";
import { searchTermOf } from "@/lib/model/search-text";

/**
 * Turns the inbox's filters into SQL that stays fast at a million cards. Each query is driven by
 * the one index that yields matching ids already in the order wanted, so a page reads ~50 index
 * entries instead of sorting every match:
 *  - `q` of 3+ characters: the FTS5 trigram index, newest arrival first (rowid order);
 *  - `q` of 1–2 characters: a GLOB scan of the narrow contact_search_text table, newest first (only
 *    of the cards after the fragment vocabulary's cursor when the fragment is in no card before it);
 *  - person / campaign / sender / business / waba: one range of share_facets, by message time;
 *  - a sender given by profile name: contact_shares (sender_profile_name, sort_at);
 *  - otherwise contact_shares by its sort index.
 * The other filters are checked on each candidate row.
 */

type Condition = { sql: string; params: unknown[] };

type Driver =
  | { kind: "search"; pattern: string; trigrams: string[]; oneTrigram: boolean }
  | { kind: "short-search"; pattern: string; fragment: string; standing: FragmentStanding }
  | { kind: "facet"; facet: "person" | "campaign" | "sender" | "business" | "waba"; value: string }
  | { kind: "profile-name"; value: string }
  | { kind: "shares" };

export type ContactPlan = {
  /** Ids of one page, in order. */
  pageIds(sort: ContactSort, limit: number, offset: number): number[];
  /** Ids after a keyset position, newest first (for streaming exports). */
  idsBefore(before: { sortAt: number; id: number } | null, limit: number): number[];
  /** How many cards match, from counters when the filters allow it; for a search, at most searchCountCap + 1. */
  count(): number;
  /** How many matching cards have an id above `afterId` (the live "N new" notice). */
  countAfter(afterId: number): number;
};

const trigramLength = 3;
const dayMs = 86_400_000;

export function planContacts(sqlite: Database.Database, params: ContactFilterSet): ContactPlan {
  const filters = filterSetOf(params);
  const cache = statementCache(sqlite);
  const term = filters.q !== undefined ? searchTermOf(filters.q) : "";
  const sender = filters.sender !== undefined ? resolveSender(cache, filters.sender) : undefined;
  const business = filters.business;
  const driver = chooseDriver(term, filters, sender, business, (fragment) => fragmentStanding(cache, fragment));
  const residual = residualConditions(filters, driver, term, sender, business);
  const from = filters.from !== undefined ? Date.parse(`${filters.from}T00:00:00Z`) : undefined;
  const to = filters.to !== undefined ? Date.parse(`${filters.to}T00:00:00Z`) + dayMs : undefined;

  const source = sourceOf(driver, residual, from, to, false);

  return {
    pageIds(sort, limit, offset) {
      const order = orderOf(driver, sort);
      // Sorting by a card column needs the card row even where the driver's own index would do.
      const source = sourceOf(driver, residual, from, to, sort !== "newest" && sort !== "oldest");
      const sql = `select ${source.id} as id from ${source.from}${whereClause(source.where)} order by ${order} limit ? offset ?`;
      return ids(cache, sql, [...source.params, limit, offset]);
    },
    idsBefore(before, limit) {
      const keyset: Condition[] = before === null ? [] : [keysetCondition(driver, source, before)];
      const sql = `select ${source.id} as id from ${source.from}${whereClause([...source.where, ...keyset.map((condition) => condition.sql)])} order by ${orderOf(driver, "newest")} limit ?`;
      return ids(cache, sql, [...source.params, ...keyset.flatMap((condition) => condition.params), limit]);
    },
    count() {
      const counted = countFromCounters(cache, filters, term, sender, business, from, to);
      if (counted !== null) return counted;
      // Counting every match of a common fragment would read every matching card; past the cap a search reports "more than".
      const limit = driver.kind === "search" || driver.kind === "short-search" ? ` limit ${searchCountCap + 1}` : "";
      const sql = `select count(*) as n from (select 1 from ${source.from}${whereClause(source.where)}${limit})`;
      return (cache.get(sql).get(...source.params) as { n: number }).n;
    },
    countAfter(afterId) {
      // New cards are few: walk them by id and check every filter on each, including `q` by instr().
      const conditions = [{ sql: "s.id > ?", params: [afterId] }, ...residualConditions(filters, { kind: "shares" }, term, sender, business)];
      if (from !== undefined) conditions.push({ sql: "s.sort_at >= ?", params: [from] });
      if (to !== undefined) conditions.push({ sql: "s.sort_at < ?", params: [to] });
      const sql = `select count(*) as n from contact_shares s${whereClause(conditions.map((c) => c.sql))}`;
      return (cache.get(sql).get(...conditions.flatMap((c) => c.params)) as { n: number }).n;
    },
  };
}

type Source = { id: string; sortAt: string; from: string; where: string[]; params: unknown[] };

function sourceOf(driver: Driver, residual: Condition[], from: number | undefined, to: number | undefined, needsRow: boolean): Source {
  const join = needsRow || residual.length > 0;
  const residualSql = residual.map((condition) => condition.sql);
  const residualParams = residual.flatMap((condition) => condition.params);
  const dateOn = (column: string) => {
    const where: string[] = [];
    const params: unknown[] = [];
    if (from !== undefined) where.push(`${column} >= ?`), params.push(from);
    if (to !== undefined) where.push(`${column} < ?`), params.push(to);
    return { where, params };
  };
  switch (driver.kind) {
    case "facet": {
      const dates = dateOn("f.sort_at");
      return {
        id: "f.share_id",
        sortAt: "f.sort_at",
        from: join ? "share_facets f join contact_shares s on s.id = f.share_id" : "share_facets f",
        where: ["f.facet = ?", "f.value = ?", ...dates.where, ...residualSql],
        params: [driver.facet, driver.value, ...dates.params, ...residualParams],
      };
    }
    case "search": {
      const dates = dateOn("s.sort_at");
      // The index's rows are the cards' (deleted with them): a plain search needs no card row, and
      // counting 1,001 matches without one reads about half as much.
      const needsShares = join || dates.where.length > 0;
      // The trigram index finds the cards holding every trigram of the term; a longer term is then
      // checked against the text itself, read straight from its table (about twice as fast as
      // `c.text glob`, which fetches it through FTS5). A 3-character term is one trigram: exact.
      const verify = !driver.oneTrigram;
      const tables = ["contact_search c", ...(verify ? ["join contact_search_text t on t.share_id = c.rowid"] : []), ...(needsShares ? ["join contact_shares s on s.id = c.rowid"] : [])];
      return {
        id: "c.rowid",
        sortAt: "s.sort_at",
        from: tables.join(" "),
        where: ["contact_search match ?", ...(verify ? ["t.text glob ?"] : []), ...dates.where, ...residualSql],
        params: [trigramQuery(driver.trigrams), ...(verify ? [driver.pattern] : []), ...dates.params, ...residualParams],
      };
    }
    case "short-search": {
      const dates = dateOn("s.sort_at");
      const needsShares = join || dates.where.length > 0;
      const texts = shortSearchTexts(driver.fragment, driver.standing);
      return {
        id: "t.share_id",
        sortAt: "s.sort_at",
        from: needsShares ? `${texts.from} join contact_shares s on s.id = t.share_id` : texts.from,
        where: ["t.text glob ?", ...dates.where, ...residualSql],
        params: [...texts.params, driver.pattern, ...dates.params, ...residualParams],
      };
    }
    case "profile-name": {
      const dates = dateOn("s.sort_at");
      return { id: "s.id", sortAt: "s.sort_at", from: "contact_shares s", where: ["s.sender_profile_name = ?", ...dates.where, ...residualSql], params: [driver.value, ...dates.params, ...residualParams] };
    }
    case "shares": {
      const dates = dateOn("s.sort_at");
      return { id: "s.id", sortAt: "s.sort_at", from: "contact_shares s", where: [...dates.where, ...residualSql], params: [...dates.params, ...residualParams] };
    }
  }
}

function chooseDriver(term: string, filters: ContactFilterSet, sender: ResolvedSender | undefined, business: string | undefined, standingOf: (fragment: string) => FragmentStanding): Driver {
  if (term !== "") {
    // GLOB, not instr(): the same answer (the text is case-folded), and it scans about twice as fast.
    if ([...term].length >= trigramLength) return { kind: "search", pattern: globPattern(term), trigrams: trigramsOf(term), oneTrigram: [...term].length === trigramLength };
    return { kind: "short-search", pattern: globPattern(term), fragment: term, standing: standingOf(term) };
  }
  // A person has few cards: theirs is the narrowest range there is.
  if (filters.person !== undefined) return { kind: "facet", facet: "person", value: filters.person };
  if (filters.campaign !== undefined) return { kind: "facet", facet: "campaign", value: filters.campaign };
  if (sender?.kind === "id") return { kind: "facet", facet: "sender", value: sender.value };
  if (business !== undefined) return { kind: "facet", facet: "business", value: business };
  if (filters.waba !== undefined) return { kind: "facet", facet: "waba", value: filters.waba };
  if (sender?.kind === "name") return { kind: "profile-name", value: sender.value };
  return { kind: "shares" };
}

/** What the vocabulary knows of a 1–2 character fragment, up to its cursor (lib/model/search-fragments.ts). */
function fragmentStanding(cache: StatementCache, fragment: string): FragmentStanding {
  const through = cache.get("select value from settings where key = ?").get(searchFragmentsThroughKey) as { value: string } | undefined;
  const throughId = through === undefined ? 0 : Number(through.value);
  const known = cache.get("select common from search_fragments where fragment = ?").get(fragment) as { common: number } | undefined;
  return { kind: known === undefined ? "unknown" : known.common ? "common" : "rare", throughId };
}

/**
 * The texts a 1–2 character search must read, as the table `t`: every one when the fragment is
 * common; else the listed holders of a rare fragment (none for an unknown one) up to the cursor, and
 * every text after it. The two parts never overlap.
 */
function shortSearchTexts(fragment: string, standing: FragmentStanding): { from: string; params: unknown[] } {
  if (standing.kind === "common" || standing.throughId === 0) return { from: "contact_search_text t", params: [] };
  const after = "select share_id, text from contact_search_text where share_id > ?";
  if (standing.kind === "unknown") return { from: `(${after}) t`, params: [standing.throughId] };
  const listed = "select c.share_id, c.text from search_fragment_cards f join contact_search_text c on c.share_id = f.share_id where f.fragment = ? and f.share_id <= ?";
  return { from: `(${listed} union all ${after}) t`, params: [fragment, standing.throughId, standing.throughId] };
}

/**
 * The filters the driver does not already apply, as conditions on the card row `s`. A search term is
 * one only when the cards are walked by id (countAfter): any other query with a term is driven by a search.
 */
function residualConditions(filters: ContactFilterSet, driver: Driver, term: string, sender: ResolvedSender | undefined, business: string | undefined): Condition[] {
  const conditions: Condition[] = [];
  const drivenBy = (facet: string) => driver.kind === "facet" && driver.facet === facet;
  if (term !== "" && driver.kind === "shares") {
    conditions.push({ sql: "exists (select 1 from contact_search_text t2 where t2.share_id = s.id and instr(t2.text, ?) > 0)", params: [term] });
  }
  if (filters.person !== undefined && !drivenBy("person")) conditions.push({ sql: "exists (select 1 from share_facets p where p.facet = 'person' and p.value = ? and p.share_id = s.id)", params: [filters.person] });
  if (filters.campaign !== undefined && !drivenBy("campaign")) conditions.push({ sql: "(s.ref = ? or s.ref1 = ? or s.ref2 = ?)", params: [filters.campaign, filters.campaign, filters.campaign] });
  if (sender !== undefined && !drivenBy("sender") && driver.kind !== "profile-name") {
    conditions.push(sender.kind === "id" ? { sql: "coalesce(s.sender_wa_id, s.sender_user_id) = ?", params: [sender.value] } : { sql: "s.sender_profile_name = ?", params: [sender.value] });
  }
  if (business !== undefined && !drivenBy("business")) conditions.push({ sql: "(s.business_phone_number = ? or s.business_phone_number_id = ?)", params: [business, business] });
  if (filters.waba !== undefined && !drivenBy("waba")) conditions.push({ sql: "s.waba_id = ?", params: [filters.waba] });
  for (const [field, column] of [["ref", "s.ref"], ["ref1", "s.ref1"], ["ref2", "s.ref2"], ["message", "s.message_id"]] as const) {
    const value = filters[field];
    if (value !== undefined) conditions.push({ sql: `${column} = ?`, params: [value] });
  }
  return conditions;
}

function orderOf(driver: Driver, sort: ContactSort): string {
  if (driver.kind === "facet" && (sort === "newest" || sort === "oldest")) {
    const direction = sort === "newest" ? "desc" : "asc";
    return `f.sort_at ${direction}, f.share_id ${direction}`;
  }
  // Search results come newest arrival first: the index's own order, so a page never sorts every match.
  if (driver.kind === "search" && (sort === "newest" || sort === "oldest")) return `c.rowid ${sort === "newest" ? "desc" : "asc"}`;
  if (driver.kind === "short-search" && (sort === "newest" || sort === "oldest")) return `t.share_id ${sort === "newest" ? "desc" : "asc"}`;
  switch (sort) {
    case "oldest":
      return "s.sort_at asc, s.id asc";
    case "name":
      return "s.sort_name asc, s.id asc";
    case "name_desc":
      return "s.sort_name desc, s.id desc";
    case "phone":
      return "s.sort_phone asc, s.id asc";
    case "phone_desc":
      return "s.sort_phone desc, s.id desc";
    case "sender":
      return "s.sender_profile_name asc, s.sort_at desc";
    case "sender_desc":
      return "s.sender_profile_name desc, s.sort_at desc";
    case "campaign":
      return "s.ref1 asc, s.sort_at desc";
    case "campaign_desc":
      return "s.ref1 desc, s.sort_at desc";
    default:
      return "s.sort_at desc, s.id desc";
  }
}

function keysetCondition(driver: Driver, source: Source, before: { sortAt: number; id: number }): Condition {
  if (driver.kind === "search" || driver.kind === "short-search") return { sql: `${source.id} < ?`, params: [before.id] };
  // A row value, not "a < ? or (a = ? and b < ?)": SQLite seeks straight to it in the (…, sort_at, id)
  // index, where the OR made it scan from the newest entry every batch (an export of N cards read ~N²/1000 entries).
  return { sql: `(${source.sortAt}, ${source.id}) < (?, ?)`, params: [before.sortAt, before.id] };
}

/** Counts answered by the counters kept on write, when the filters are a single value, a date range, or nothing. */
function countFromCounters(cache: StatementCache, filters: ContactFilterSet, term: string, sender: ResolvedSender | undefined, business: string | undefined, from: number | undefined, to: number | undefined): number | null {
  const set = Object.entries(filters).filter(([key, value]) => value !== undefined && key !== "from" && key !== "to" && !(key === "q" && term === ""));
  const counter = (facet: string, value: string) => (cache.get("select count from facet_counts where facet = ? and value = ?").get(facet, value) as { count: number } | undefined)?.count ?? 0;
  if (set.length === 0) {
    if (from === undefined && to === undefined) return counter("all", "");
    const days = cache.get("select coalesce(sum(count), 0) as n from daily_counts where day >= ? and day < ?").get(from === undefined ? -1e9 : from / dayMs, to === undefined ? 1e9 : to / dayMs) as { n: number };
    return days.n;
  }
  if (set.length > 1 || from !== undefined || to !== undefined) return null;
  const [key, value] = set[0] as [string, string];
  switch (key) {
    case "campaign":
    case "ref":
    case "ref1":
    case "ref2":
    case "waba":
    case "person":
      return counter(key, value);
    case "sender":
      return sender!.kind === "id" ? counter("sender", sender!.value) : counter("sender_name", sender!.value);
    case "business":
      return counter("business", business!) + counter("business_id", business!);
    default:
      return null;
  }
}

type ResolvedSender = { kind: "id" | "name"; value: string };

/** `sender` is a wa_id (or business-scoped user id) when one is known, else a profile name. */
function resolveSender(cache: StatementCache, value: string): ResolvedSender {
  const known = cache.get("select 1 from facet_counts where facet = 'sender' and value = ?").get(value);
  return { kind: known ? "id" : "name", value };
}

/** The term's distinct trigrams, as FTS5's trigram tokenizer cuts text: by code point. */
export function trigramsOf(term: string): string[] {
  const chars = [...term];
  const trigrams = new Set<string>();
  for (let index = 0; index + trigramLength <= chars.length; index++) trigrams.add(chars.slice(index, index + trigramLength).join(""));
  return [...trigrams];
}

/** An FTS5 query asking for every trigram: each one a quoted string, so no character is syntax. */
function trigramQuery(trigrams: string[]): string {
  return trigrams.map((trigram) => `"${trigram.replaceAll('"', '""')}"`).join(" AND ");
}

/** `*fragment*` with GLOB's own wildcards taken literally. */
export function globPattern(term: string): string {
  return `*${term.replace(/[*?[]/g, (char) => `[${char}]`)}*`;
}

function whereClause(conditions: string[]): string {
  return conditions.length ? ` where ${conditions.join(" and ")}` : "";
}

function ids(cache: StatementCache, sql: string, params: unknown[]): number[] {
  return (cache.get(sql).all(...params) as { id: number }[]).map((row) => row.id);
}

type StatementCache = { get(sql: string): Database.Statement };

const caches = new WeakMap<Database.Database, StatementCache>();

/** Prepared statements by SQL text: the planner produces a few dozen shapes, each compiled once. */
function statementCache(sqlite: Database.Database): StatementCache {
  let cache = caches.get(sqlite);
  if (!cache) {
    const statements = new Map<string, Database.Statement>();
    cache = {
      get(sql) {
        let statement = statements.get(sql);
        if (!statement) {
          statement = sqlite.prepare(sql);
          statements.set(sql, statement);
        }
        return statement;
      },
    };
    caches.set(sqlite, cache);
  }
  return cache;
}
