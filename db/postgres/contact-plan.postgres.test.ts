import pg from "pg";
import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import type { ContactFilterSet, ContactSort } from "@/lib/model/contact-query";
import type { Store } from "@/lib/model/store";
import { catchUpSearchFragments } from "@/lib/contacts/search-fragments";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { seedOnce } from "@/test/seed-once";

/**
 * The planner's promise on PostgreSQL, as db/sqlite/contact-plan.sqlite.test.ts checks it on SQLite:
 * every list is driven by one range already in the wanted order, the card table is joined only when
 * a filter needs its row, and every count a counter can answer is read from the counters, never by
 * walking cards. The statements are the ones the store sends; where it matters, their plans are
 * read with sequential scans switched off (the test data is a few rows, which a scan would win).
 * That the answers are right is test/contact-query.test.ts; this is what keeps them fast at scale.
 */

type Ran = { sql: string; params: unknown[] };

let store: Store;
let ran: Ran[] | null = null;

seedOnce(async () => {
  store = await getStore();
  const body = kaleyraCallback({ messageId: "plan-1", cards: [{ name: { formatted_name: "Ana Sharma" }, phones: [{ phone: "+44 20 7946 0018", wa_id: "442079460018" }] }] });
  expect((await postCallback(body)).status).toBe(200);
  // Every statement sent through a pool while `ran` is set (the planner's go through the store's pool).
  const original = pg.Pool.prototype.query as (...args: unknown[]) => unknown;
  pg.Pool.prototype.query = function (this: pg.Pool, ...args: unknown[]) {
    const [config, values] = args;
    if (ran && typeof config === "string") ran.push({ sql: config, params: (values as unknown[] | undefined) ?? [] });
    return original.apply(this, args);
  } as typeof pg.Pool.prototype.query;
});

/** The planner's statements run by `action` (not the row reads by id that follow a page). */
async function plannedBy(action: () => Promise<unknown>): Promise<Ran[]> {
  ran = [];
  try {
    await action();
    return ran;
  } finally {
    ran = null;
  }
}

const page = (filters: ContactFilterSet, sort: ContactSort = "newest") => plannedBy(() => store.listContacts({ ...filters, sort, page: 1, pageSize: 50 }));
const count = (filters: ContactFilterSet) => plannedBy(() => store.countContacts(filters));
const described = (statements: Ran[]) => statements.map((statement) => `${statement.sql}  ${JSON.stringify(statement.params)}`).join("\n");

/** The statement that lists ids (the one ending `limit $n offset $m`). */
function listing(statements: Ran[]): Ran {
  const found = statements.filter((statement) => /limit \$\d+ offset \$\d+$/.test(statement.sql.trim()));
  expect(found, described(statements)).toHaveLength(1);
  return found[0]!;
}

/** The plan PostgreSQL makes for a statement when it can avoid scanning and sorting, one node per line. */
async function planOf(statement: Ran): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    // The test data is a few rows, which a scan and a sort would win: off, a plan that needs either shows it.
    await client.query("set enable_seqscan = off; set enable_bitmapscan = off; set enable_sort = off");
    const rows = (await client.query(`explain ${statement.sql}`, statement.params)).rows as { "QUERY PLAN": string }[];
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  } finally {
    await client.end();
  }
}

describe("pages read one range in its order", () => {
  it.each<[string, ContactFilterSet, ContactSort, string, string]>([
    ["no filter, newest", {}, "newest", "from contact_shares s", "order by s.sort_at desc, s.id desc"],
    ["no filter, oldest", {}, "oldest", "from contact_shares s", "order by s.sort_at asc, s.id asc"],
    ["no filter, by name", {}, "name", "from contact_shares s", "order by s.sort_name asc, s.id asc"],
    ["no filter, by name descending", {}, "name_desc", "from contact_shares s", "order by s.sort_name desc, s.id desc"],
    ["no filter, by phone", {}, "phone", "from contact_shares s", "order by s.sort_phone asc, s.id asc"],
    ["no filter, by phone descending", {}, "phone_desc", "from contact_shares s", "order by s.sort_phone desc, s.id desc"],
    ["by sender", {}, "sender", "from contact_shares s", "order by s.sender_profile_name asc nulls first, s.sort_at desc"],
    ["by sender descending", {}, "sender_desc", "from contact_shares s", "order by s.sender_profile_name desc nulls last, s.sort_at desc"],
    ["by campaign", {}, "campaign", "from contact_shares s", "order by s.ref1 asc nulls first, s.sort_at desc"],
    ["by campaign descending", {}, "campaign_desc", "from contact_shares s", "order by s.ref1 desc nulls last, s.sort_at desc"],
    ["a campaign, newest", { campaign: "ref-a" }, "newest", "from share_facets f where f.facet = $1 and f.value = $2", "order by f.sort_at desc, f.share_id desc"],
    ["a campaign, oldest", { campaign: "ref-a" }, "oldest", "from share_facets f where f.facet = $1 and f.value = $2", "order by f.sort_at asc, f.share_id asc"],
    ["a campaign, by name (needs the row)", { campaign: "ref-a" }, "name", "from share_facets f join contact_shares s on s.id = f.share_id where f.facet = $1", "order by s.sort_name asc, s.id asc"],
    ["a search, newest", { q: "sharm" }, "newest", "from contact_search_text t where t.text like $1", "order by t.share_id desc"],
    ["a search, oldest", { q: "sharm" }, "oldest", "from contact_search_text t where t.text like $1", "order by t.share_id asc"],
    ["a search by name (needs the row)", { q: "sharm" }, "name", "from contact_search_text t join contact_shares s on s.id = t.share_id where t.text like $1", "order by s.sort_name asc, s.id asc"],
    ["a sender's profile name", { sender: "Sam" }, "newest", "from contact_shares s where s.sender_profile_name = $1", "order by s.sort_at desc, s.id desc"],
  ])("%s", async (_, filters, sort, from, order) => {
    const statement = listing(await page(filters, sort));
    expect(statement.sql, described([statement])).toContain(` ${from}`);
    expect(statement.sql, described([statement])).toContain(` ${order} limit`);
    expect(statement.params.slice(-2)).toEqual([50, 0]);
  });

  it.each<[string, ContactFilterSet, string, string]>([
    ["a campaign", { campaign: "ref-a" }, "campaign", "ref-a"],
    ["a person", { person: "+442079460018" }, "person", "+442079460018"],
    ["a person and a campaign (the person's range is the narrowest)", { person: "+442079460018", campaign: "ref-a" }, "person", "+442079460018"],
    ["a sender by id", { sender: "919800000001" }, "sender", "919800000001"],
    ["a sender by id and a business", { sender: "919800000001", business: "918000000000" }, "sender", "919800000001"],
    ["a campaign and a sender", { campaign: "ref-a", sender: "919800000001" }, "campaign", "ref-a"],
    ["a business number", { business: "918000000000" }, "business", "918000000000"],
    ["a business and a WABA", { business: "918000000000", waba: "347000000000069" }, "business", "918000000000"],
    ["a WABA", { waba: "347000000000069" }, "waba", "347000000000069"],
  ])("%s: one range of share_facets, the card row only for the other filters", async (_, filters, facet, value) => {
    const statement = listing(await page(filters));
    expect(statement.params.slice(0, 2), described([statement])).toEqual([facet, value]);
    const others = Object.keys(filters).length > 1;
    expect(statement.sql.includes("join contact_shares s on s.id = f.share_id"), described([statement])).toBe(others);
    const plan = await planOf(statement);
    expect(plan, plan).toMatch(/Index (Only )?Scan( Backward)? using share_facets_facet_value_sort_at_share_id_pk on share_facets f/);
    expect(plan, plan).not.toMatch(/\bSort\b/);
  });

  it("the other filters are checked on the card row", async () => {
    const statement = listing(await page({ campaign: "ref-a", sender: "919800000001", business: "918000000000", waba: "347000000000069", ref: "ref-a", ref1: "shoes campaign", ref2: "summer sale", person: "+442079460018", q: "sharm" }));
    expect(statement.sql, described([statement])).toContain(
      "where t.text like $1 and exists (select 1 from share_facets p where p.facet = 'person' and p.value = $2 and p.share_id = s.id) and (s.ref = $3 or s.ref1 = $4 or s.ref2 = $5) and coalesce(s.sender_wa_id, s.sender_user_id) = $6 and (s.business_phone_number = $7 or s.business_phone_number_id = $8) and s.waba_id = $9 and s.ref = $10 and s.ref1 = $11 and s.ref2 = $12 order by",
    );
    expect(statement.params.slice(0, 12)).toEqual(["%sharm%", "+442079460018", "ref-a", "ref-a", "ref-a", "919800000001", "918000000000", "918000000000", "347000000000069", "ref-a", "shoes campaign", "summer sale"]);
    const byName = listing(await page({ campaign: "ref-a", sender: "Sam", q: "sh" }));
    expect(byName.sql).toContain("and (s.ref = $2 or s.ref1 = $3 or s.ref2 = $4) and s.sender_profile_name = $5 order by");
    const driven = listing(await page({ person: "+442079460018", q: "" }));
    expect(driven.sql).toContain("from share_facets f where f.facet = $1 and f.value = $2 order by");
  });

  it("a search's wildcards are matched as characters", async () => {
    const statement = listing(await page({ q: "50%_\\x" }));
    expect(statement.params[0]).toBe("%50\\%\\_\\\\x%");
  });

  it("dates bound the driving range", async () => {
    const from = new Date("2025-01-01T00:00:00Z");
    const to = new Date("2025-02-01T00:00:00Z");
    const facet = listing(await page({ campaign: "ref-a", from: "2025-01-01", to: "2025-01-31" }));
    expect(facet.sql).toContain("where f.facet = $1 and f.value = $2 and f.sort_at >= $3 and f.sort_at < $4 order by");
    expect(facet.params.slice(0, 4)).toEqual(["campaign", "ref-a", from, to]);
    const search = listing(await page({ q: "sharm", from: "2025-01-01" }));
    expect(search.sql).toContain("from contact_search_text t join contact_shares s on s.id = t.share_id where t.text like $1 and s.sort_at >= $2 order by");
    const shares = listing(await page({ to: "2025-01-31" }));
    expect(shares.sql).toContain("from contact_shares s where s.sort_at < $1 order by");
    expect(shares.params[0]).toEqual(to);
    const byName = listing(await page({ sender: "Sam", from: "2025-01-01" }));
    expect(byName.sql).toContain("where s.sender_profile_name = $1 and s.sort_at >= $2 order by");
    const plan = await planOf(shares);
    expect(plan, plan).toMatch(/Index (Only )?Scan( Backward)? using contact_shares_sort_at_idx on contact_shares s/);
    expect(plan, plan).not.toMatch(/\bSort\b/);
  });

  it("an export continues each range from a keyset position, never from the start", async () => {
    // A second card, so an export of one card per batch takes a second batch from the first one's position.
    expect((await postCallback(kaleyraCallback({ messageId: "plan-2", cards: [{ name: { formatted_name: "Ana Two" } }] }))).status).toBe(200);
    const exported = async (filters: ContactFilterSet) =>
      plannedBy(async () => {
        for await (const _ of store.iterateContactBatches({ ...filters, batchSize: 1 })) void _;
      });
    const facet = (await exported({ campaign: "ref-a" })).filter((statement) => statement.sql.includes("< ($"));
    expect(facet.length, described(facet)).toBeGreaterThan(0);
    expect(facet[0]!.sql).toContain("and (f.sort_at, f.share_id) < ($3, $4) order by f.sort_at desc, f.share_id desc limit $5");
    const plan = await planOf(facet[0]!);
    expect(plan, plan).toMatch(/Index Cond: .*ROW\(sort_at, share_id\) < ROW/);
    const shares = (await exported({})).filter((statement) => statement.sql.includes("< ($"));
    expect(shares[0]!.sql).toContain("where (s.sort_at, s.id) < ($1, $2) order by s.sort_at desc, s.id desc limit $3");
    const search = (await exported({ q: "ana" })).filter((statement) => statement.sql.includes("t.share_id < $"));
    expect(search[0]!.sql, described(search)).toContain("where t.text like $1 and t.share_id < $2 order by t.share_id desc limit $3");
  });
});

describe("counts come from the counters kept on write", () => {
  it.each<[string, ContactFilterSet, unknown[]]>([
    ["everything", {}, [["all"], ""]],
    ["a campaign", { campaign: "ref-a" }, [["campaign"], "ref-a"]],
    ["a ref", { ref: "ref-a" }, [["ref"], "ref-a"]],
    ["a ref1", { ref1: "shoes campaign" }, [["ref1"], "shoes campaign"]],
    ["a ref2", { ref2: "summer sale" }, [["ref2"], "summer sale"]],
    ["a WABA", { waba: "347000000000069" }, [["waba"], "347000000000069"]],
    ["a person", { person: "+442079460018" }, [["person"], "+442079460018"]],
    ["a sender by id", { sender: "919800000001" }, [["sender"], "919800000001"]],
    ["a sender by name", { sender: "Sam" }, [["sender_name"], "Sam"]],
    ["a business by number or id", { business: "918000000000" }, [["business", "business_id"], "918000000000"]],
    ["a blank search (no search)", { q: "  " }, [["all"], ""]],
  ])("%s", async (_, filters, counter) => {
    const statements = await count(filters);
    const read = statements.filter((statement) => statement.sql.startsWith("select coalesce(sum(count), 0)::bigint as n from facet_counts"));
    expect(read.map((statement) => statement.params), described(statements)).toEqual([counter]);
    expect(statements.filter((statement) => /contact_shares|share_facets|contact_search|daily_counts/.test(statement.sql)), described(statements)).toEqual([]);
  });

  it("counts the right numbers from them", async () => {
    // Every card here has the same business id, sender and day.
    const cards = (await store.listContacts({ sort: "newest", page: 1, pageSize: 50 })).length;
    expect(cards).toBeGreaterThan(0);
    expect(await store.countContacts({})).toBe(cards);
    expect(await store.countContacts({ business: "104600000000058" })).toBe(cards);
    expect(await store.countContacts({ business: "104600000000059" })).toBe(0);
    expect(await store.countContacts({ sender: "Sam" })).toBe(cards);
    expect(await store.countContacts({ from: "2025-11-24", to: "2025-11-24" })).toBe(cards);
    expect(await store.countContacts({ from: "2025-11-25" })).toBe(0);
    expect(await store.countContacts({ to: "2025-11-23" })).toBe(0);
  });

  it("a date range alone sums the daily counts of its days", async () => {
    const statements = await count({ from: "2025-01-01", to: "2025-01-31" });
    expect(statements.map((statement) => [statement.sql.includes("from daily_counts where day >= $1 and day < $2"), statement.params]), described(statements)).toEqual([[true, [Date.parse("2025-01-01") / 86_400_000, Date.parse("2025-02-01") / 86_400_000]]]);
    const open = await count({ from: "2025-01-01" });
    expect(open.map((statement) => statement.params)).toEqual([[Date.parse("2025-01-01") / 86_400_000, 1e9]]);
    const until = await count({ to: "2025-01-01" });
    expect(until.map((statement) => statement.params)).toEqual([[-1e9, Date.parse("2025-01-02") / 86_400_000]]);
  });

  it("two filters, or a filter and dates, count their one range (no counter holds them)", async () => {
    for (const filters of [{ campaign: "ref-a", sender: "919800000001" }, { campaign: "ref-a", from: "2025-01-01" }, { ref: "ref-a", to: "2030-01-01" }, { message: "plan-1" }]) {
      const statements = await count(filters);
      expect(statements.some((statement) => statement.sql.includes("from facet_counts where facet = any")), described(statements)).toBe(false);
      expect(statements.some((statement) => statement.sql.startsWith("select count(*) as n from (select 1 from")), described(statements)).toBe(true);
    }
  });

  it("a search counts at most 1,001 matches; other counts have no cap", async () => {
    for (const q of ["sharm", "sh"]) {
      // A 1–2 character search first asks the fragment vocabulary, then counts.
      const statements = (await count({ q })).filter((statement) => !statement.sql.includes("from search_fragments where"));
      expect(statements.map((statement) => statement.sql.trim().endsWith("limit 1001) matching")), described(statements)).toEqual([true]);
    }
    const statements = await count({ campaign: "ref-a", sender: "919800000001" });
    expect(statements.filter((statement) => statement.sql.startsWith("select count(*)")).map((statement) => statement.sql.includes("limit")), described(statements)).toEqual([false]);
  });

  it("the live count walks only the new ids", async () => {
    const statements = await plannedBy(() => store.countContactsAfter({ q: "sharm", campaign: "ref-a", from: "2025-01-01", to: "2025-12-31", afterId: 0 }));
    const walk = statements.filter((statement) => statement.sql.startsWith("select count(*) as n from contact_shares s"));
    expect(walk, described(statements)).toHaveLength(1);
    expect(walk[0]!.sql).toBe(
      "select count(*) as n from contact_shares s where s.id > $1 and exists (select 1 from contact_search_text t2 where t2.share_id = s.id and strpos(t2.text, $2) > 0) and (s.ref = $3 or s.ref1 = $4 or s.ref2 = $5) and s.sort_at >= $6 and s.sort_at < $7",
    );
    expect(walk[0]!.params).toEqual([0, "sharm", "ref-a", "ref-a", "ref-a", new Date("2025-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z")]);
  });

  it("a sender is an id when a counter knows it, else a profile name", async () => {
    const statements = await count({ sender: "919800000001" });
    expect(statements[0]!.sql).toBe("select 1 from facet_counts where facet = 'sender' and value = $1 limit 1");
    expect(statements[0]!.params).toEqual(["919800000001"]);
  });
});

describe("a short search for a rare fragment", () => {
  it("reads the texts of the listed cards by id, one lookup each, and of the cards after the cursor", async () => {
    // The vocabulary caught up (last in this file: the other tests' short searches scan): "sh" is rare, one card lists it.
    for (let round = 0; round < 2; round++) await catchUpSearchFragments(store, { settleMs: 0 });
    const statement = listing(await page({ q: "sh" }));
    expect(statement.sql, described([statement])).toContain("share_id = any(array(select share_id from search_fragment_cards where fragment = $1 and share_id <= $2))");
    expect(statement.sql, described([statement])).toContain("union all select share_id, text from contact_search_text where share_id > $3");
    const plan = await planOf(statement);
    expect(plan, plan).toMatch(/Index Scan using contact_search_text_pkey on contact_search_text {2}\(cost[^\n]*\n\s+Index Cond: \(share_id = ANY/);
    expect(plan, plan).not.toMatch(/Merge Join|Hash Join/);
    expect((await store.listContacts({ q: "sh", sort: "newest", page: 1, pageSize: 50 })).map((row) => row.formattedName)).toEqual(["Ana Sharma"]);
  });
});
