/**
 * Times the store functions the pages and the API call, on the configured database (DATABASE_PATH,
 * or DATABASE_URL for PostgreSQL): 20 runs each (after 5 warm-up runs), server time measured around
 * the call itself. Prints JSON. Run by bench/run.ts with `tsx --conditions react-server`.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { closeStore, getStore } from "../app/_server/store";
import type { ContactFilterSet } from "../lib/model/contact-query";
import { loadCampaignStats } from "../lib/campaigns/campaign-stats";
import { catchUpSearchFragments } from "../lib/contacts/search-fragments";
import { parseCampaignStatsQuery } from "../lib/campaigns/stats-query";
import { contactKeyOf } from "../lib/model/campaign-counters";
import { campaigns, datasetEnd, senders } from "./dataset";

/** A query's name, its timed call (null: not in this data set), its p95 target in ms, and what it looked for. */
type Query = [string, (() => Promise<unknown>) | null, number, string?];

const runs = 20;
const warmUpRuns = 5;
const month = new Date(datasetEnd - 60 * 86_400_000).toISOString().slice(0, 7);
const dateRange = { from: `${month}-01`, to: `${month}-28` };

async function main() {
  const store = await getStore();
  await catchUpFragments(store);
  const latestId = await store.getLatestContactId();
  const page = (filters: ContactFilterSet, pageNumber = 1) => () => store.listContacts({ sort: "newest", page: pageNumber, pageSize: 50, ...filters });
  // The campaign page's one read: the dataset's last 90 days (a quarter of its year), per field.
  const statsTo = new Date(datasetEnd - 86_400_000).toISOString().slice(0, 10);
  const stats = (field: string, days: number) => {
    const parsed = parseCampaignStatsQuery({ to: statsTo, from: new Date(datasetEnd - days * 86_400_000).toISOString().slice(0, 10), field }, new Date(datasetEnd));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return () => loadCampaignStats(store, parsed.query);
  };
  const { rare, common } = await hardestShortFragments();
  const someone = await store.getContactById({ id: Math.max(1, latestId - 4321) });
  const person = someone ? contactKeyOf(someone) : null;
  // A data set may have no fragment of a kind (every two-character fragment of the benchmark's
  // million cards is common): its rows are then not timed, and say so.
  const shortFragmentQueries = (kind: "rare" | "common", fragment: { fragment: string; cards: number } | null): Query[] => {
    const detail = fragment ? `'${fragment.fragment}', ${fragment.cards} cards listed` : "none in this data set";
    const q = fragment?.fragment;
    return [
      [`q 2 chars, ${kind === "rare" ? "rare, the most held" : "common, the fewest held"}`, q ? page({ q }) : null, 150, detail],
      [`count: q 2 chars, ${kind}`, q ? () => store.countContacts({ q }) : null, 150, detail],
    ];
  };
  const queries: Query[] = [
    ["newest page", page({}), 10],
    ["page 200", page({}, 200), 10],
    ["campaign filter", page({ campaign: campaigns[4] }), 10],
    ["sender filter", page({ sender: senders[7]!.waId }), 10],
    ["date range", page(dateRange), 10],
    ["q name fragment (3+ chars: 'sharm')", page({ q: "sharm" }), 10],
    ["q name fragment (2 CJK: '小明')", page({ q: "小明" }), 150],
    ["q name fragment (2 chars matching nothing: 'qx')", page({ q: "qx" }), 150],
    ["q phone digits ('98765')", page({ q: "98765" }), 10],
    ["count: everything", () => store.countContacts({}), 10],
    ["count: campaign", () => store.countContacts({ campaign: campaigns[4] }), 10],
    ["count: campaign + date range", () => store.countContacts({ campaign: campaigns[4], ...dateRange }), 10],
    ["count: date range", () => store.countContacts(dateRange), 10],
    ["count: q 'sharm'", () => store.countContacts({ q: "sharm" }), 10],
    ["count: q '小明' (2 chars)", () => store.countContacts({ q: "小明" }), 150],
    ["count: q 'qx' (2 chars, no match)", () => store.countContacts({ q: "qx" }), 150],
    ...shortFragmentQueries("rare", rare),
    ...shortFragmentQueries("common", common),
    ["campaign list with counts", () => Promise.all([store.listCampaigns(), store.listFacetValues({ facet: "campaign", limit: 200 })]), 10],
    ["detail lookup", () => store.getContactWithRawById({ id: Math.max(1, latestId - 12345) }), 10],
    ["campaign stats: 90 days, any ref (by week)", stats("any", 90), 10],
    ["campaign stats: 90 days, ref1 (by week)", stats("ref1", 90), 10],
    ["campaign stats: 30 days, any ref (by day)", stats("any", 30), 10],
    ["campaign stats: 400 days, any ref", stats("any", 400), 50],
    ["a person's shares and senders (contact page)", () => (person ? store.countPersonShares({ key: person, senderScan: 1000 }) : Promise.resolve(null)), 10],
  ];
  const results = [];
  for (const [name, run, targetMs, detail] of queries) {
    if (!run) {
      results.push({ name, medianMs: null, p95Ms: null, targetMs, detail });
      continue;
    }
    // Warmed as a running server is: PostgreSQL plans a named statement afresh for each of its first
    // five executions on a connection before it keeps one plan (the campaign stats are named).
    for (let i = 0; i < warmUpRuns; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    results.push({ name, medianMs: round(times[Math.floor(runs / 2)]!), p95Ms: round(times[Math.ceil(runs * 0.95) - 1]!), targetMs, ...(detail ? { detail } : {}) });
  }
  console.log(JSON.stringify(results));
}

/**
 * What a running server does in the background after it starts (app/_server/search-fragment-schedule.ts):
 * the 1–2 character search's fragment vocabulary caught up with every card. Nothing is in flight
 * here, so nothing needs to settle. Done once per cached database; the time goes to stderr.
 */
async function catchUpFragments(store: Awaited<ReturnType<typeof getStore>>): Promise<void> {
  const started = performance.now();
  let texts = 0;
  for (let round = 0; round < 2; round++) texts += (await catchUpSearchFragments(store, { settleMs: 0, batchSize: 2000 })).texts;
  if (texts > 0) console.error(`search fragments caught up: ${texts} card texts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The two-character fragments a short search is slowest for: the rare one held by the most cards
 * (its listed cards are all read) and the common one held by the fewest when it became common (a
 * scan reads the most texts before a page fills or a count reaches its cap).
 */
async function hardestShortFragments(): Promise<{ rare: { fragment: string; cards: number } | null; common: { fragment: string; cards: number } | null }> {
  const pick = async (where: string, order: string) => {
    const sql = `select fragment, cards from search_fragments where ${where} and length(fragment) = 2 order by cards ${order}, fragment limit 1`;
    const rows = process.env.DATABASE_URL ? await sqlOnPostgres(sql) : sqlOnSqlite(sql);
    const row = rows[0] as { fragment: string; cards: number } | undefined;
    return row ? { fragment: row.fragment, cards: Number(row.cards) } : null;
  };
  return { rare: await pick("not common", "desc"), common: await pick("common", "asc") };
}

function sqlOnSqlite(sql: string): unknown[] {
  const sqlite = new Database(process.env.DATABASE_PATH!, { readonly: true });
  try {
    return sqlite.prepare(sql).all();
  } finally {
    sqlite.close();
  }
}

async function sqlOnPostgres(sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

main().finally(closeStore);
