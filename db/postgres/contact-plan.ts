import "server-only";
import type pg from "pg";
import { filterSetOf, searchCountCap, type ContactFilterSet, type ContactSort } from "@/lib/model/contact-query";
import { isShortSearchTerm, searchFragmentsThroughKey, type FragmentStanding } from "@/lib/model/search-fragments";
import { searchTermOf } from "@/lib/model/search-text";

/**
 * The PostgreSQL side of db/sqlite/contact-plan.ts: the same filters, the same answers, each query
 * driven by one index already in the wanted order:
 *  - `q`: contact_search_text, LIKE '%fragment%' on the folded text (a pg_trgm GIN index serves 3+
 *    characters; PostgreSQL picks between it and walking the newest ids first), newest arrival first;
 *    a 1–2 character fragment in no card up to the fragment vocabulary's cursor scans only the cards after it;
 *  - person / campaign / sender / business / waba: one range of share_facets, by message time;
 *  - a sender given by profile name: contact_shares (sender_profile_name, sort_at);
 *  - otherwise contact_shares by its sort index.
 * Sorts put NULL first ascending and last descending, and text sorts compare bytes (COLLATE "C"),
 * as SQLite does, so both engines page through the same rows in the same order.
 */
export type PostgresContactPlan = {
  pageIds(sort: ContactSort, limit: number, offset: number): Promise<number[]>;
  idsBefore(before: { sortAt: Date; id: number } | null, limit: number): Promise<number[]>;
  count(): Promise<number>;
  countAfter(afterId: number): Promise<number>;
};

type Queryable = Pick<pg.Pool, "query">;

/** A fragment of SQL with its parameters, numbered when the whole query is assembled. */
type Condition = { sql: string; params: unknown[] };

type Driver =
  | { kind: "search"; pattern: string; fragment: string; standing: FragmentStanding | null }
  | { kind: "facet"; facet: "person" | "campaign" | "sender" | "business" | "waba"; value: string }
  | { kind: "profile-name"; value: string }
  | { kind: "shares" };

const dayMs = 86_400_000;

export async function planContacts(pool: Queryable, params: ContactFilterSet): Promise<PostgresContactPlan> {
  const filters = filterSetOf(params);
  const term = filters.q !== undefined ? searchTermOf(filters.q) : "";
  const sender = filters.sender !== undefined ? await resolveSender(pool, filters.sender) : undefined;
  const driver = chooseDriver(term, filters, sender, isShortSearchTerm(term) ? await fragmentStanding(pool, term) : null);
  const residual = residualConditions(filters, driver, term, sender);
  const from = filters.from !== undefined ? new Date(`${filters.from}T00:00:00Z`) : undefined;
  const to = filters.to !== undefined ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + dayMs) : undefined;

  return {
    async pageIds(sort, limit, offset) {
      const source = sourceOf(driver, residual, from, to, sort !== "newest" && sort !== "oldest");
      return ids(pool, [{ sql: `select ${source.id} as id from ${source.from}`, params: source.fromParams ?? [] }, whereOf(source.where), { sql: `order by ${orderOf(driver, sort)} limit ? offset ?`, params: [limit, offset] }]);
    },
    async idsBefore(before, limit) {
      const source = sourceOf(driver, residual, from, to, false);
      const keyset: Condition[] = before === null ? [] : [keysetCondition(driver, source, before)];
      return ids(pool, [{ sql: `select ${source.id} as id from ${source.from}`, params: source.fromParams ?? [] }, whereOf([...source.where, ...keyset]), { sql: `order by ${orderOf(driver, "newest")} limit ?`, params: [limit] }]);
    },
    async count() {
      const counted = await countFromCounters(pool, filters, term, sender, from, to);
      if (counted !== null) return counted;
      const source = sourceOf(driver, residual, from, to, false);
      // Counting every match of a common fragment would read every matching card; past the cap a search reports "more than".
      const cap = driver.kind === "search" ? ` limit ${searchCountCap + 1}` : "";
      const rows = await run<{ n: number }>(pool, [{ sql: `select count(*) as n from (select 1 from ${source.from}`, params: source.fromParams ?? [] }, whereOf(source.where), plain(`${cap}) matching`)]);
      return rows[0]!.n;
    },
    async countAfter(afterId) {
      // New cards are few: walk them by id and check every filter on each.
      const conditions: Condition[] = [{ sql: "s.id > ?", params: [afterId] }, ...residualConditions(filters, { kind: "shares" }, term, sender)];
      if (from !== undefined) conditions.push({ sql: "s.sort_at >= ?", params: [from] });
      if (to !== undefined) conditions.push({ sql: "s.sort_at < ?", params: [to] });
      const rows = await run<{ n: number }>(pool, [plain("select count(*) as n from contact_shares s"), whereOf(conditions)]);
      return rows[0]!.n;
    },
  };
}

/** `fromParams`: the parameters of placeholders in `from`, which come before those of `where`. */
type Source = { id: string; sortAt: string; from: string; fromParams?: unknown[]; where: Condition[] };

function sourceOf(driver: Driver, residual: Condition[], from: Date | undefined, to: Date | undefined, needsRow: boolean): Source {
  const dates = (column: string): Condition[] => [
    ...(from !== undefined ? [{ sql: `${column} >= ?`, params: [from] }] : []),
    ...(to !== undefined ? [{ sql: `${column} < ?`, params: [to] }] : []),
  ];
  const join = needsRow || residual.length > 0;
  switch (driver.kind) {
    case "facet":
      return {
        id: "f.share_id",
        sortAt: "f.sort_at",
        from: join ? "share_facets f join contact_shares s on s.id = f.share_id" : "share_facets f",
        where: [{ sql: "f.facet = ?", params: [driver.facet] }, { sql: "f.value = ?", params: [driver.value] }, ...dates("f.sort_at"), ...residual],
      };
    case "search": {
      const withDates = dates("s.sort_at");
      const texts = driver.standing ? shortSearchTexts(driver.fragment, driver.standing) : { from: "contact_search_text t", params: [] };
      return {
        id: "t.share_id",
        sortAt: "s.sort_at",
        from: join || withDates.length ? `${texts.from} join contact_shares s on s.id = t.share_id` : texts.from,
        fromParams: texts.params,
        where: [{ sql: "t.text like ?", params: [driver.pattern] }, ...withDates, ...residual],
      };
    }
    case "profile-name":
      return { id: "s.id", sortAt: "s.sort_at", from: "contact_shares s", where: [{ sql: "s.sender_profile_name = ?", params: [driver.value] }, ...dates("s.sort_at"), ...residual] };
    case "shares":
      return { id: "s.id", sortAt: "s.sort_at", from: "contact_shares s", where: [...dates("s.sort_at"), ...residual] };
  }
}

type ResolvedSender = { kind: "id" | "name"; value: string };

function chooseDriver(term: string, filters: ContactFilterSet, sender: ResolvedSender | undefined, standing: FragmentStanding | null): Driver {
  if (term !== "") return { kind: "search", pattern: likePattern(term), fragment: term, standing };
  // A person has few cards: theirs is the narrowest range there is.
  if (filters.person !== undefined) return { kind: "facet", facet: "person", value: filters.person };
  if (filters.campaign !== undefined) return { kind: "facet", facet: "campaign", value: filters.campaign };
  if (sender?.kind === "id") return { kind: "facet", facet: "sender", value: sender.value };
  if (filters.business !== undefined) return { kind: "facet", facet: "business", value: filters.business };
  if (filters.waba !== undefined) return { kind: "facet", facet: "waba", value: filters.waba };
  if (sender?.kind === "name") return { kind: "profile-name", value: sender.value };
  return { kind: "shares" };
}

/** What the vocabulary knows of a 1–2 character fragment, up to its cursor (lib/model/search-fragments.ts). */
async function fragmentStanding(pool: Queryable, fragment: string): Promise<FragmentStanding> {
  const result = await pool.query<{ common: boolean | null; through: string | null }>(
    "select (select common from search_fragments where fragment = $1) as common, (select value from settings where key = $2) as through",
    [fragment, searchFragmentsThroughKey],
  );
  const row = result.rows[0]!;
  return { kind: row.common === null ? "unknown" : row.common ? "common" : "rare", throughId: row.through === null ? 0 : Number(row.through) };
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
  // The listed ids as an array, looked up one by one: a join lets the planner walk every text by id
  // instead (seen at a million cards right after the list was filled: 185 ms for 30 cards).
  const listed = "select share_id, text from contact_search_text where share_id = any(array(select share_id from search_fragment_cards where fragment = ? and share_id <= ?))";
  return { from: `(${listed} union all ${after}) t`, params: [fragment, standing.throughId, standing.throughId] };
}

/** The filters the driver does not already apply, as conditions on the card row `s`. */
function residualConditions(filters: ContactFilterSet, driver: Driver, term: string, sender: ResolvedSender | undefined): Condition[] {
  const conditions: Condition[] = [];
  const drivenBy = (facet: string) => driver.kind === "facet" && driver.facet === facet;
  if (term !== "" && driver.kind !== "search") {
    conditions.push({ sql: "exists (select 1 from contact_search_text t2 where t2.share_id = s.id and strpos(t2.text, ?) > 0)", params: [term] });
  }
  if (filters.person !== undefined && !drivenBy("person")) conditions.push({ sql: "exists (select 1 from share_facets p where p.facet = 'person' and p.value = ? and p.share_id = s.id)", params: [filters.person] });
  if (filters.campaign !== undefined && !drivenBy("campaign")) conditions.push({ sql: "(s.ref = ? or s.ref1 = ? or s.ref2 = ?)", params: [filters.campaign, filters.campaign, filters.campaign] });
  if (sender !== undefined && !drivenBy("sender") && driver.kind !== "profile-name") {
    conditions.push(sender.kind === "id" ? { sql: "coalesce(s.sender_wa_id, s.sender_user_id) = ?", params: [sender.value] } : { sql: "s.sender_profile_name = ?", params: [sender.value] });
  }
  if (filters.business !== undefined && !drivenBy("business")) conditions.push({ sql: "(s.business_phone_number = ? or s.business_phone_number_id = ?)", params: [filters.business, filters.business] });
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
  // Search results come newest arrival first, as on SQLite.
  if (driver.kind === "search" && (sort === "newest" || sort === "oldest")) return `t.share_id ${sort === "newest" ? "desc" : "asc"}`;
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
      return "s.sender_profile_name asc nulls first, s.sort_at desc";
    case "sender_desc":
      return "s.sender_profile_name desc nulls last, s.sort_at desc";
    case "campaign":
      return "s.ref1 asc nulls first, s.sort_at desc";
    case "campaign_desc":
      return "s.ref1 desc nulls last, s.sort_at desc";
    default:
      return "s.sort_at desc, s.id desc";
  }
}

function keysetCondition(driver: Driver, source: Source, before: { sortAt: Date; id: number }): Condition {
  if (driver.kind === "search") return { sql: `${source.id} < ?`, params: [before.id] };
  return { sql: `(${source.sortAt}, ${source.id}) < (?, ?)`, params: [before.sortAt, before.id] };
}

/** Counts answered by the counters kept on write (summed over their shards), when the filters allow it. */
async function countFromCounters(pool: Queryable, filters: ContactFilterSet, term: string, sender: ResolvedSender | undefined, from: Date | undefined, to: Date | undefined): Promise<number | null> {
  const set = Object.entries(filters).filter(([key, value]) => value !== undefined && key !== "from" && key !== "to" && !(key === "q" && term === ""));
  const counter = async (facets: string[], value: string) =>
    (await run<{ n: number }>(pool, [{ sql: "select coalesce(sum(count), 0)::bigint as n from facet_counts where facet = any(?) and value = ?", params: [facets, value] }]))[0]!.n;
  if (set.length === 0) {
    if (from === undefined && to === undefined) return counter(["all"], "");
    const rows = await run<{ n: number }>(pool, [
      {
        sql: "select coalesce(sum(count), 0)::bigint as n from daily_counts where day >= ? and day < ?",
        params: [from === undefined ? -1e9 : Math.floor(from.getTime() / dayMs), to === undefined ? 1e9 : Math.ceil(to.getTime() / dayMs)],
      },
    ]);
    return rows[0]!.n;
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
      return counter([key], value);
    case "sender":
      return counter([sender!.kind === "id" ? "sender" : "sender_name"], sender!.value);
    case "business":
      return counter(["business", "business_id"], filters.business!);
    default:
      return null;
  }
}

/** `sender` is a wa_id (or business-scoped user id) when one is known, else a profile name. */
async function resolveSender(pool: Queryable, value: string): Promise<ResolvedSender> {
  const known = await run(pool, [{ sql: "select 1 from facet_counts where facet = 'sender' and value = ? limit 1", params: [value] }]);
  return { kind: known.length > 0 ? "id" : "name", value };
}

/** `%fragment%` for LIKE, with LIKE's own wildcards (and its escape character) taken literally. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function plain(sql: string): Condition {
  return { sql, params: [] };
}

function whereOf(conditions: Condition[]): Condition {
  return conditions.length ? { sql: `where ${conditions.map((condition) => condition.sql).join(" and ")}`, params: conditions.flatMap((condition) => condition.params) } : plain("");
}

async function ids(pool: Queryable, pieces: Condition[]): Promise<number[]> {
  return (await run<{ id: number }>(pool, pieces)).map((row) => row.id);
}

/** Runs SQL written with `?` placeholders, in pieces that each carry their parameters; numbered $1, $2… here. */
async function run<Row>(pool: Queryable, pieces: Condition[]): Promise<Row[]> {
  const text = pieces.map((piece) => piece.sql).join(" ");
  const params = pieces.flatMap((piece) => piece.params);
  let index = 0;
  const numbered = text.replace(/\?/g, () => `$${++index}`);
  if (params.length !== index) throw new Error(`${index} placeholders but ${params.length} parameters in: ${text}`);
  return (await pool.query(numbered, params)).rows as Row[];
}
