import { z } from "zod";
import type { InputIssue } from "@/lib/callbacks/normalized";
import { toInputIssues } from "@/lib/callbacks/issues";
import { dayOf } from "@/lib/model/share-facets";

/** The longest range one request may ask for: the work a stats answer does grows with its days. */
export const maxStatsDays = 400;
/** Ranges up to this many days are shown per day when no interval is asked for; longer ones per week. */
export const maxDailyDays = 45;
/** The periods the campaign page offers, in days ending today. */
export const statsPeriods = ["7d", "30d", "90d"] as const;
export type StatsPeriod = (typeof statsPeriods)[number];
export const defaultStatsPeriod: StatsPeriod = "30d";

/** "any" reads every ref field (a card counts once per distinct value), like the inbox's `campaign` filter. */
export const statsFields = ["any", "ref", "ref1", "ref2"] as const;
export type StatsField = (typeof statsFields)[number];

const isoDate = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : value))
  .refine((value) => value === undefined || isValidIsoDate(value), "must be a date written YYYY-MM-DD");

export const campaignStatsQuerySchema = z.object({
  from: isoDate,
  to: isoDate,
  period: z.enum(statsPeriods, { error: `must be one of ${statsPeriods.map((p) => `"${p}"`).join(", ")}` }).optional(),
  interval: z.enum(["day", "week"], { error: 'must be "day" or "week"' }).optional(),
  field: z.enum(statsFields, { error: `must be one of ${statsFields.map((f) => `"${f}"`).join(", ")}` }).default("any"),
});

/** A resolved stats request: an inclusive range of UTC days (YYYY-MM-DD and day numbers), its interval and field. */
export type CampaignStatsQuery = {
  from: string;
  to: string;
  fromDay: number;
  toDay: number;
  interval: "day" | "week";
  field: StatsField;
  /** The preset the range came from, or null for dates given. */
  period: StatsPeriod | null;
};

export type StatsQueryResult = { ok: true; query: CampaignStatsQuery } | { ok: false; issues: InputIssue[] };

/**
 * Reads `from`, `to` (YYYY-MM-DD, UTC, inclusive), `period` (7d, 30d, 90d ending today; dates win
 * when given), `interval` (day, week; by default day up to 45 days) and `field` (any, ref, ref1,
 * ref2). A missing `from` is 29 days before `to`; a missing `to` is today. Unknown parameters are left alone.
 */
export function parseCampaignStatsQuery(params: URLSearchParams | Record<string, string | string[] | undefined>, today: Date): StatsQueryResult {
  const input: Record<string, string> = {};
  for (const key of Object.keys(campaignStatsQuerySchema.shape)) {
    const raw = params instanceof URLSearchParams ? params.get(key) : params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== null && value !== undefined) input[key] = value;
  }
  const parsed = campaignStatsQuerySchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toInputIssues(parsed.error) };
  const { from, to, period, interval, field } = parsed.data;
  const custom = from !== undefined || to !== undefined;
  const span = Number.parseInt(period ?? defaultStatsPeriod, 10);
  const toDay = to !== undefined ? dayOfIso(to) : dayOf(today);
  const fromDay = from !== undefined ? dayOfIso(from) : toDay - (custom ? 29 : span - 1);
  if (fromDay > toDay) return { ok: false, issues: [{ path: "to", message: "must not be before from" }] };
  if (toDay - fromDay + 1 > maxStatsDays) return { ok: false, issues: [{ path: "from", message: `must be at most ${maxStatsDays - 1} days before to (ranges are at most ${maxStatsDays} days)` }] };
  return {
    ok: true,
    query: {
      from: isoOfDay(fromDay),
      to: isoOfDay(toDay),
      fromDay,
      toDay,
      interval: interval ?? (toDay - fromDay + 1 <= maxDailyDays ? "day" : "week"),
      field,
      period: custom ? null : (period ?? defaultStatsPeriod),
    },
  };
}

/** The UTC day number (days since 1970-01-01) of a YYYY-MM-DD date. */
export function dayOfIso(date: string): number {
  return dayOf(Date.parse(`${date}T00:00:00Z`));
}

/** A UTC day number as YYYY-MM-DD. */
export function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
