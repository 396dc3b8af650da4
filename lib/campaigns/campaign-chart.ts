import { inboxHref } from "@/lib/contacts/filter-links";
import type { ContactFilters } from "@/lib/contacts/filters";
import { bucketEnd, type CampaignStats } from "./campaign-stats";
import type { StatsField } from "./stats-query";

/** The chart stacks the most shared campaigns one by one; the rest is "other". */
export const chartTopCampaigns = 5;

/** A stack of the chart: one of the top campaigns, all the others, or the shares with no campaign. */
export type ChartSeries = { key: string; label: string; kind: "campaign" | "other" | "none"; total: number; tone: number };

export type ChartSegment = { series: ChartSeries; count: number; href: string; label: string };

export type ChartBar = { date: string; end: string; label: string; total: number; segments: ChartSegment[]; href: string };

export type CampaignChart = { series: ChartSeries[]; bars: ChartBar[]; max: number; ticks: number[] };

/**
 * The stacked bar chart of a stats answer: one bar per bucket, one segment per top campaign, then
 * "other" and "no campaign"; each links to the inbox filtered to it and to the bucket's days
 * ("other" and "no campaign" cannot be filtered: they link to the bucket's days).
 */
export function buildCampaignChart(stats: CampaignStats): CampaignChart {
  const top = stats.campaigns.slice(0, chartTopCampaigns);
  const topValues = new Set(top.map((campaign) => campaign.value));
  const series: ChartSeries[] = top.map((campaign, index) => ({ key: campaign.value, label: campaign.value, kind: "campaign", total: 0, tone: index }));
  const other: ChartSeries = { key: "\u0000other", label: "Other campaigns", kind: "other", total: 0, tone: chartTopCampaigns };
  const none: ChartSeries = { key: "\u0000none", label: "No campaign", kind: "none", total: 0, tone: chartTopCampaigns + 1 };

  const bars = stats.series.map((bucket) => {
    const end = bucketEnd(stats, bucket.date);
    const period = { from: bucket.date, to: end };
    const label = describeBucket(bucket.date, end);
    const counts = new Map<ChartSeries, number>();
    for (const [value, count] of Object.entries(bucket.counts)) {
      const target = value === "" ? none : topValues.has(value) ? series.find((entry) => entry.key === value)! : other;
      counts.set(target, (counts.get(target) ?? 0) + count);
    }
    const segments: ChartSegment[] = [];
    for (const entry of [...series, other, none]) {
      const count = counts.get(entry) ?? 0;
      if (count === 0) continue;
      entry.total += count;
      const href = entry.kind === "campaign" ? inboxHref({}, { ...campaignFilter(stats.field, entry.key), ...period }) : inboxHref({}, period);
      segments.push({ series: entry, count, href, label: `${label}, ${entry.kind === "campaign" ? `campaign ${entry.label}` : entry.label.toLowerCase()}: ${count.toLocaleString("en")} ${count === 1 ? "share" : "shares"}` });
    }
    const total = segments.reduce((sum, segment) => sum + segment.count, 0);
    return { date: bucket.date, end, label, total, segments, href: inboxHref({}, period) };
  });
  const used = [...series, other, none].filter((entry) => entry.kind === "campaign" || entry.total > 0);
  const max = niceMax(Math.max(0, ...bars.map((bar) => bar.total)));
  return { series: used, bars, max, ticks: [max, max / 2, 0] };
}

/** The inbox filter for one campaign value of a field: `campaign` for any ref, else the field itself. */
export function campaignFilter(field: StatsField, value: string): Partial<ContactFilters> {
  return field === "any" ? { campaign: value } : { [field]: value };
}

/** "3 Nov" for a day, "3–9 Nov" for a week (UTC dates, as the buckets are). */
export function describeBucket(from: string, to: string): string {
  const day = (iso: string, withMonth: boolean) => new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", ...(withMonth ? { month: "short" } : {}), timeZone: "UTC" });
  if (from === to) return day(from, true);
  return `${from.slice(0, 7) === to.slice(0, 7) ? day(from, false) : day(from, true)}–${day(to, true)}`;
}

/** The axis top: a round even number at or above the tallest bar, so its half is a whole number too (2 when there is nothing). */
export function niceMax(value: number): number {
  if (value <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const candidate = step * power;
    if (candidate >= value && candidate % 2 === 0) return candidate;
  }
  return 10 * power;
}
