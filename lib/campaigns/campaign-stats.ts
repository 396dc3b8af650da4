import type { CampaignDayCount, CampaignField, CampaignPeopleCount } from "@/lib/model/campaign-counters";
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
  /** Shares in the range with no value in the field. */
  noCampaign: number;
  truncated: boolean;
};

/** Reads the counters for a query and shapes the answer. */
export async function loadCampaignStats(store: Store, query: CampaignStatsQuery): Promise<CampaignStats> {
  const range = { field: storeFieldOf(query.field), fromDay: query.fromDay, toDay: query.toDay };
  const [dayCounts, people] = await Promise.all([store.listCampaignDayCounts(range), store.countCampaignPeople(range)]);
  return buildCampaignStats(query, dayCounts, people);
}

/** The stats of a query from its day counts and people counts (pure: the API's tests check it against a recount). */
export function buildCampaignStats(query: CampaignStatsQuery, dayCounts: CampaignDayCount[], people: CampaignPeopleCount[]): CampaignStats {
  const totals = new Map<string, { shares: number; firstDay: number; lastDay: number }>();
  let noCampaign = 0;
  for (const row of dayCounts) {
    if (row.value === "") {
      noCampaign += row.shares;
      continue;
    }
    const total = totals.get(row.value);
    if (total) {
      total.shares += row.shares;
      total.firstDay = Math.min(total.firstDay, row.day);
      total.lastDay = Math.max(total.lastDay, row.day);
    } else totals.set(row.value, { shares: row.shares, firstDay: row.day, lastDay: row.day });
  }
  const peopleByValue = new Map(people.map((row) => [row.value, row]));
  const ranked = [...totals.entries()].sort(([a, x], [b, y]) => y.shares - x.shares || (a < b ? -1 : a > b ? 1 : 0));
  const listed = ranked.slice(0, maxStatsCampaigns);
  const campaigns = listed.map(([value, total]) => ({
    field: query.field,
    value,
    shares: total.shares,
    senders: Number(peopleByValue.get(value)?.senders ?? 0),
    contacts: Number(peopleByValue.get(value)?.contacts ?? 0),
    firstAt: isoOfDay(total.firstDay),
    lastAt: isoOfDay(total.lastDay),
  }));

  const shown = new Set(["", ...listed.map(([value]) => value)]);
  const step = query.interval === "week" ? 7 : 1;
  const series: StatsBucket[] = [];
  for (let day = query.fromDay; day <= query.toDay; day += step) series.push({ date: isoOfDay(day), counts: {} });
  for (const row of dayCounts) {
    if (!shown.has(row.value) || row.day < query.fromDay || row.day > query.toDay) continue;
    const bucket = series[Math.floor((row.day - query.fromDay) / step)]!;
    bucket.counts[row.value] = (bucket.counts[row.value] ?? 0) + row.shares;
  }
  return { from: query.from, to: query.to, interval: query.interval, field: query.field, series, campaigns, noCampaign, truncated: ranked.length > listed.length };
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
