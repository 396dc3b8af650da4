import { campaignTotalsOf, type CampaignBucket, type CampaignField, type CampaignPeopleCount, type CampaignTotal } from "@/lib/model/campaign-counters";
import type { Store } from "@/lib/model/store";
import { isoOfDay, type CampaignStatsQuery, type StatsField } from "./stats-query";

/** At most this many campaign values are answered (most shares first); `truncated` says when there were more. */
export const maxStatsCampaigns = 200;

/** One bar of the series: shares per value in the bucket starting on `date` ("" = no campaign). */
export type StatsBucket = { date: string; counts: Record<string, number> };

export type CampaignSummary = { field: StatsField; value: string; shares: number; senders: number; contacts: number; firstAt: string; lastAt: string };

/**
 * What GET /api/campaigns/stats answers and the campaign page draws. Days are UTC days of a share's
 * sort time (message time, else arrival), as the inbox's from/to filter reads them; a week bucket
 * is 7 days counted from `from` (the last one may be shorter). firstAt/lastAt are the first and last
 * day in the range with a share (day precision).
 */
export type CampaignStats = {
  from: string;
  to: string;
  interval: "day" | "week";
  field: StatsField;
  series: StatsBucket[];
  campaigns: CampaignSummary[];
  /** Shares in the range, each once: the campaigns' shares add up to more when a share's refs hold several. */
  shares: number;
  /** Shares in the range with no value in the field. */
  noCampaign: number;
  truncated: boolean;
};

/** Reads the counters for a query and shapes the answer. */
export async function loadCampaignStats(store: Store, query: CampaignStatsQuery): Promise<CampaignStats> {
  const range = { field: storeFieldOf(query.field), fromDay: query.fromDay, toDay: query.toDay };
  const buckets = await store.listCampaignBuckets({ ...range, step: stepOf(query) });
  const totals = campaignTotalsOf(buckets);
  const listed = rankedTotals(totals).slice(0, maxStatsCampaigns);
  const people = await store.countCampaignPeople({ ...range, values: listed.map((total) => total.value) });
  // The inbox's count for the same days (from its daily counters): the same UTC days of the same sort time.
  const shares = await store.countContacts({ from: query.from, to: query.to });
  return { ...buildCampaignStats(query, buckets, totals, people), shares };
}

/**
 * The stats of a query from its counters: shares per bucket and value, totals per value (with
 * first and last day), distinct people per value. Pure: the API's tests check it against a recount.
 */
export function buildCampaignStats(query: CampaignStatsQuery, buckets: CampaignBucket[], totals: CampaignTotal[], people: CampaignPeopleCount[]): Omit<CampaignStats, "shares"> {
  const peopleByValue = new Map(people.map((row) => [row.value, row]));
  const ranked = rankedTotals(totals);
  const listed = ranked.slice(0, maxStatsCampaigns);
  const campaigns = listed.map((total) => ({
    field: query.field,
    value: total.value,
    shares: Number(total.shares),
    senders: Number(peopleByValue.get(total.value)?.senders ?? 0),
    contacts: Number(peopleByValue.get(total.value)?.contacts ?? 0),
    firstAt: isoOfDay(Number(total.firstDay)),
    lastAt: isoOfDay(Number(total.lastDay)),
  }));

  const shown = new Set(["", ...listed.map((total) => total.value)]);
  const step = stepOf(query);
  const series: StatsBucket[] = [];
  for (let day = query.fromDay; day <= query.toDay; day += step) series.push({ date: isoOfDay(day), counts: {} });
  for (const row of buckets) {
    const bucket = series[Math.floor((Number(row.day) - query.fromDay) / step)];
    if (!bucket || !shown.has(row.value)) continue;
    bucket.counts[row.value] = (bucket.counts[row.value] ?? 0) + Number(row.shares);
  }
  const noCampaign = Number(totals.find((total) => total.value === "")?.shares ?? 0);
  return { from: query.from, to: query.to, interval: query.interval, field: query.field, series, campaigns, noCampaign, truncated: ranked.length > listed.length };
}

/** Campaign values (not "no campaign"), the most shares first, ties by value. */
function rankedTotals(totals: CampaignTotal[]): CampaignTotal[] {
  return totals.filter((total) => total.value !== "").sort((a, b) => Number(b.shares) - Number(a.shares) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function stepOf(query: CampaignStatsQuery): number {
  return query.interval === "week" ? 7 : 1;
}

/** The last day a bucket covers: 6 days after its start for a week, never past the range. */
export function bucketEnd(stats: Pick<CampaignStats, "interval" | "to">, date: string): string {
  if (stats.interval === "day") return date;
  const end = isoOfDay(Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000) + 6);
  return end < stats.to ? end : stats.to;
}

function storeFieldOf(field: StatsField): CampaignField {
  return field === "any" ? "campaign" : field;
}
