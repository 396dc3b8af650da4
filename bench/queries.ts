/**
 * Times the query functions the pages and the API call, on the database at DATABASE_PATH: 20 runs
 * each (after one warm-up), server time measured around the function call itself. Prints JSON.
 * Run by bench/run.ts with `tsx --conditions react-server`.
 */
import { getDb } from "../db/client";
import { countContacts, getContactWithRawById, listCampaigns, listContacts, listFacetValues } from "../db/queries/contacts";
import { campaigns, datasetEnd, senders } from "./dataset";

const runs = 20;
const page = (filters: object, pageNumber = 1) => () => listContacts({ sort: "newest", page: pageNumber, pageSize: 50, ...filters });
const month = new Date(datasetEnd - 60 * 86_400_000).toISOString().slice(0, 7);
const dateRange = { from: `${month}-01`, to: `${month}-28` };
const latestId = (getDb().$client.prepare("select max(id) as id from contact_shares").get() as { id: number }).id;

export const queries: [string, () => unknown, number][] = [
  ["newest page", page({}), 10],
  ["page 200", page({}, 200), 10],
  ["campaign filter", page({ campaign: campaigns[4] }), 10],
  ["sender filter", page({ sender: senders[7]!.waId }), 10],
  ["date range", page(dateRange), 10],
  ["q name fragment (3+ chars: 'sharm')", page({ q: "sharm" }), 10],
  ["q name fragment (2 CJK: '小明')", page({ q: "小明" }), 150],
  ["q name fragment (2 chars matching nothing: 'qx')", page({ q: "qx" }), 150],
  ["q phone digits ('98765')", page({ q: "98765" }), 10],
  ["count: campaign", () => countContacts({ campaign: campaigns[4] }), 10],
  ["count: campaign + date range", () => countContacts({ campaign: campaigns[4], ...dateRange }), 10],
  ["count: date range", () => countContacts(dateRange), 10],
  ["count: q 'sharm'", () => countContacts({ q: "sharm" }), 10],
  ["count: q '小明' (2 chars)", () => countContacts({ q: "小明" }), 150],
  ["count: q 'qx' (2 chars, no match)", () => countContacts({ q: "qx" }), 150],
  ["campaign list with counts", () => [listCampaigns(), listFacetValues({ facet: "campaign" })], 10],
  ["detail lookup", () => getContactWithRawById({ id: Math.max(1, latestId - 12345) }), 10],
];

const results = queries.map(([name, run, targetMs]) => {
  run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: round(times[Math.floor(runs / 2)]!), p95Ms: round(times[Math.ceil(runs * 0.95) - 1]!), targetMs };
});
console.log(JSON.stringify(results));

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
