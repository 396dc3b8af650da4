import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import type { ContactFilterSet, ContactSort } from "@/lib/model/contact-query";
import type { Store } from "@/lib/model/store";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { seedOnce } from "@/test/seed-once";

/**
 * The planner's promise, checked in SQLite's own query plans: every list is driven by the one index
 * that yields matching ids already in the wanted order (no sort of every match), and every count a
 * counter can answer is read from the counters, never by walking cards. That the answers are right
 * is test/contact-query.test.ts; this is what keeps them fast at a million cards.
 */

type Ran = { sql: string; params: unknown[]; plan: string };

let store: Store;
let ran: Ran[] | null = null;
let explain: Database.Database;

seedOnce(async () => {
  store = await getStore();
  const body = kaleyraCallback({ messageId: "plan-1", cards: [{ name: { formatted_name: "Ana Sharma" }, phones: [{ phone: "+44 20 7946 0018", wa_id: "442079460018" }] }] });
  expect((await postCallback(body)).status).toBe(200);
  explain = new Database(process.env.DATABASE_PATH!, { readonly: true });
  // Every statement the store runs, with its parameters, while `ran` is set.
  const Statement = explain.prepare("select 1").constructor as { prototype: Record<string, (...args: unknown[]) => unknown> };
  for (const method of ["all", "get", "iterate", "run"]) {
    const original = Statement.prototype[method]!;
    Statement.prototype[method] = function (this: Database.Statement, ...params: unknown[]) {
      ran?.push({ sql: this.source, params, plan: "" });
      return original.apply(this, params);
    };
  }
});

/** The planner's statements (not the row reads by id that follow a page) run by `action`, each with its plan. */
async function plannedBy(action: () => Promise<unknown>): Promise<Ran[]> {
  ran = [];
  try {
    await action();
  } finally {
    const statements = ran;
    ran = null;
    for (const statement of statements) {
      statement.plan = explain
        .prepare(`explain query plan ${statement.sql}`)
        .all(...statement.params)
        .map((row) => (row as { detail: string }).detail)
        .join(" / ");
    }
    return statements.filter((statement) => !/json_each|^select \* from contact_shares|where id in/.test(statement.sql));
  }
}

const page = (filters: ContactFilterSet, sort: ContactSort = "newest") => plannedBy(() => store.listContacts({ ...filters, sort, page: 1, pageSize: 50 }));
const count = (filters: ContactFilterSet) => plannedBy(() => store.countContacts(filters));
const described = (statements: Ran[]) => statements.map((statement) => `${statement.sql}\n    ${statement.plan}  ${JSON.stringify(statement.params)}`).join("\n");

/** The statement that lists ids (the one with `limit ? offset ?`). */
function listing(statements: Ran[]): Ran {
  const found = statements.filter((statement) => /limit \? offset \?$/.test(statement.sql.trim()));
  expect(found, described(statements)).toHaveLength(1);
  return found[0]!;
}

describe("pages are read in index order", () => {
  it.each<[string, ContactFilterSet, ContactSort, RegExp]>([
    ["no filter, newest", {}, "newest", /^SCAN s USING COVERING INDEX contact_shares_sort_at_idx$/],
    ["no filter, oldest", {}, "oldest", /^SCAN s USING COVERING INDEX contact_shares_sort_at_idx$/],
    ["no filter, by name", {}, "name", /^SCAN s USING COVERING INDEX contact_shares_sort_name_idx$/],
    ["no filter, by name descending", {}, "name_desc", /^SCAN s USING COVERING INDEX contact_shares_sort_name_idx$/],
    ["no filter, by phone", {}, "phone", /^SCAN s USING COVERING INDEX contact_shares_sort_phone_idx$/],
    ["no filter, by phone descending", {}, "phone_desc", /^SCAN s USING COVERING INDEX contact_shares_sort_phone_idx$/],
    ["a date range", { from: "2025-01-01", to: "2025-12-31" }, "newest", /^SEARCH s USING COVERING INDEX contact_shares_sort_at_idx \(sort_at>\? AND sort_at<\?\)$/],
    ["from a day", { from: "2025-01-01" }, "newest", /^SEARCH s USING COVERING INDEX contact_shares_sort_at_idx \(sort_at>\?\)$/],
    ["to a day", { to: "2025-01-01" }, "newest", /^SEARCH s USING COVERING INDEX contact_shares_sort_at_idx \(sort_at<\?\)$/],
  ])("%s", async (_, filters, sort, plan) => {
    const statement = listing(await page(filters, sort));
    expect(statement.plan, described([statement])).toMatch(plan);
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
  ])("%s: one range of share_facets, in its order", async (_, filters, facet, value) => {
    for (const sort of ["newest", "oldest"] as const) {
      const statement = listing(await page(filters, sort));
      expect(statement.params.slice(0, 2), described([statement])).toEqual([facet, value]);
      expect(statement.plan, described([statement])).toMatch(/^SEARCH f USING PRIMARY KEY \(facet=\? AND value=\?\)/);
      expect(statement.plan).not.toMatch(/TEMP B-TREE/);
      // Other filters are checked on the card row, found by its id; with none, the card table is not read.
      const others = Object.keys(filters).length > 1;
      expect(statement.plan.includes("SEARCH s USING INTEGER PRIMARY KEY (rowid=?)"), described([statement])).toBe(others);
    }
  });

  it("a sender's profile name: its own index on the card table", async () => {
    const statement = listing(await page({ sender: "Sam" }));
    expect(statement.params[0]).toBe("Sam");
    expect(statement.plan, described([statement])).toMatch(/^SEARCH s USING COVERING INDEX contact_shares_sender_profile_name_sort_at_idx \(sender_profile_name=\?\)/);
  });

  it("sorts by sender and by campaign read their indexes", async () => {
    for (const sort of ["sender", "sender_desc"] as const) expect(listing(await page({}, sort)).plan).toMatch(/^SCAN s USING (COVERING )?INDEX contact_shares_sender_profile_name_sort_at_idx/);
    for (const sort of ["campaign", "campaign_desc"] as const) expect(listing(await page({}, sort)).plan).toMatch(/^SCAN s USING (COVERING )?INDEX contact_shares_ref1_sort_at_idx/);
  });

  it("a search of 3+ characters: the trigram index in arrival order, the text checked only for longer terms, no card row", async () => {
    for (const sort of ["newest", "oldest"] as const) {
      const long = listing(await page({ q: "sharm" }, sort));
      expect(long.plan, described([long])).toMatch(/^SCAN c VIRTUAL TABLE INDEX \d+:M1 \/ SEARCH t USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
      expect(long.params.slice(0, 2)).toEqual(['"sha" AND "har" AND "arm"', "*sharm*"]);
      const three = listing(await page({ q: "Sha" }, sort));
      expect(three.plan, described([three])).toMatch(/^SCAN c VIRTUAL TABLE INDEX \d+:M1$/);
      expect(three.params[0]).toBe('"sha"');
    }
  });

  it("a search with another filter or a date reads the card row by id", async () => {
    for (const filters of [{ q: "sharm", campaign: "ref-a" }, { q: "sharm", from: "2025-01-01" }]) {
      const statement = listing(await page(filters));
      expect(statement.plan, described([statement])).toMatch(/^SCAN c VIRTUAL TABLE INDEX \d+:M1 \/ SEARCH t USING INTEGER PRIMARY KEY \(rowid=\?\) \/ SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
    }
  });

  it("a search of 1–2 characters: one pass over the narrow search text in id order, no card row", async () => {
    for (const sort of ["newest", "oldest"] as const) {
      const statement = listing(await page({ q: "sh" }, sort));
      expect(statement.plan, described([statement])).toBe("SCAN t");
      expect(statement.params[0]).toBe("*sh*");
    }
  });

  it("an export walks the same index from a keyset position, never from the start", async () => {
    // A second card, so an export of one card per batch takes a second batch from the first one's position.
    expect((await postCallback(kaleyraCallback({ messageId: "plan-2", cards: [{ name: { formatted_name: "Ana Two" } }] }))).status).toBe(200);
    const keyed = await plannedBy(async () => {
      for await (const _ of store.iterateContactBatches({ campaign: "ref-a", batchSize: 1 })) void _;
    });
    const next = keyed.filter((statement) => statement.sql.includes("< (?, ?)"));
    expect(next.length, described(keyed)).toBeGreaterThan(0);
    expect(next[0]!.plan, described(next)).toMatch(/^SEARCH f USING PRIMARY KEY \(facet=\? AND value=\? AND \(sort_at,share_id\)<\(\?,\?\)\)$/);
    const byDate = await plannedBy(async () => {
      for await (const _ of store.iterateContactBatches({ batchSize: 1 })) void _;
    });
    const dateNext = byDate.filter((statement) => statement.sql.includes("< (?, ?)"));
    expect(dateNext[0]!.plan, described(dateNext)).toMatch(/^SEARCH s USING COVERING INDEX contact_shares_sort_at_idx \(sort_at<\?\)$/);
  });
});

describe("counts come from the counters kept on write", () => {
  it.each<[string, ContactFilterSet, unknown[][]]>([
    ["everything", {}, [["all", ""]]],
    ["a campaign", { campaign: "ref-a" }, [["campaign", "ref-a"]]],
    ["a ref", { ref: "ref-a" }, [["ref", "ref-a"]]],
    ["a ref1", { ref1: "shoes campaign" }, [["ref1", "shoes campaign"]]],
    ["a ref2", { ref2: "summer sale" }, [["ref2", "summer sale"]]],
    ["a WABA", { waba: "347000000000069" }, [["waba", "347000000000069"]]],
    ["a person", { person: "+442079460018" }, [["person", "+442079460018"]]],
    ["a sender by id", { sender: "919800000001" }, [["sender", "919800000001"]]],
    ["a sender by name", { sender: "Sam" }, [["sender_name", "Sam"]]],
    ["a business by number or id", { business: "918000000000" }, [["business", "918000000000"], ["business_id", "918000000000"]]],
    ["a blank search (no search)", { q: "  " }, [["all", ""]]],
  ])("%s", async (_, filters, counters) => {
    const statements = await count(filters);
    const read = statements.filter((statement) => statement.sql.startsWith("select count from facet_counts"));
    expect(read.map((statement) => statement.params), described(statements)).toEqual(counters);
    expect(statements.filter((statement) => /contact_shares|share_facets|contact_search/.test(statement.sql)), described(statements)).toEqual([]);
  });

  it("a date range alone sums the daily counts of its days", async () => {
    const statements = await count({ from: "2025-01-01", to: "2025-01-31" });
    expect(statements.map((statement) => [statement.sql.includes("from daily_counts"), statement.params]), described(statements)).toEqual([[true, [Date.parse("2025-01-01") / 86_400_000, Date.parse("2025-02-01") / 86_400_000]]]);
    const open = await count({ from: "2025-01-01" });
    expect(open.map((statement) => statement.params)).toEqual([[Date.parse("2025-01-01") / 86_400_000, 1e9]]);
    const until = await count({ to: "2025-01-01" });
    expect(until.map((statement) => statement.params)).toEqual([[-1e9, Date.parse("2025-01-02") / 86_400_000]]);
  });

  it("two filters, or a filter and dates, count their one index range (no counter holds them)", async () => {
    for (const filters of [{ campaign: "ref-a", sender: "919800000001" }, { campaign: "ref-a", from: "2025-01-01" }, { ref: "ref-a", to: "2030-01-01" }, { message: "plan-1" }]) {
      const statements = await count(filters);
      expect(statements.some((statement) => statement.sql.includes("from facet_counts where facet = ? and value = ?")), described(statements)).toBe(false);
      expect(statements.some((statement) => statement.sql.startsWith("select count(*) as n from (select 1 from")), described(statements)).toBe(true);
    }
  });

  it("a search counts at most 1,001 matches; other counts have no cap", async () => {
    for (const q of ["sharm", "sh"]) {
      // A 1–2 character search first asks the fragment vocabulary (two lookups), then counts.
      const statements = (await count({ q })).filter((statement) => !/from (search_fragments|settings) where/.test(statement.sql));
      expect(statements.map((statement) => statement.sql.trim().endsWith("limit 1001)")), described(statements)).toEqual([true]);
    }
    const statements = await count({ campaign: "ref-a", sender: "919800000001" });
    expect(statements.filter((statement) => statement.sql.startsWith("select count(*)")).map((statement) => statement.sql.includes("limit")), described(statements)).toEqual([false]);
  });

  it("the live count walks only the new ids", async () => {
    const statements = await plannedBy(() => store.countContactsAfter({ q: "sharm", campaign: "ref-a", afterId: 0 }));
    expect(statements, described(statements)).toHaveLength(1);
    expect(statements[0]!.plan).toMatch(/^SEARCH s USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(statements[0]!.params).toEqual([0, "sharm", "ref-a", "ref-a", "ref-a"]);
  });
});
