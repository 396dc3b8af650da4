import { z } from "zod";
import type { InputIssue } from "@/lib/callbacks/normalized";
import { toInputIssues } from "@/lib/callbacks/issues";
import { contactSorts } from "@/lib/model/contact-query";
import { withoutNul } from "@/lib/model/nul";

export const maxPageSize = 200;

export const defaultPageSize = 50;

const optionalFilter = z
  .string()
  .max(500, "must be at most 500 characters")
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : withoutNul(value.trim())));

const isoDate = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : value))
  .refine((value) => value === undefined || isValidIsoDate(value), "must be a date written YYYY-MM-DD");

/**
 * The one schema for the inbox's filters: the JSON API, the pages and the exports all read their
 * query string through it, so a link means the same thing everywhere.
 */
export const contactFiltersSchema = z
  .object({
    q: optionalFilter,
    campaign: optionalFilter,
    ref: optionalFilter,
    ref1: optionalFilter,
    ref2: optionalFilter,
    sender: optionalFilter,
    business: optionalFilter,
    waba: optionalFilter,
    from: isoDate,
    to: isoDate,
    /** Every card of one message (its WhatsApp message id). */
    message: optionalFilter,
    /** Every card about one person: their E.164 number, or "name:" and their case-folded name (see contactKeyOf). */
    person: optionalFilter,
    sort: z.enum(contactSorts, { error: `must be one of ${contactSorts.map((sort) => `"${sort}"`).join(", ")}` }).default("newest"),
    page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be 1 or more").max(1_000_000, "is too large").default(1),
    pageSize: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be 1 or more")
      .max(maxPageSize, `must be at most ${maxPageSize}`)
      .default(defaultPageSize),
  })
  .refine((filters) => !filters.from || !filters.to || filters.from <= filters.to, { path: ["to"], message: "must not be before from" });

export type ContactFilters = z.infer<typeof contactFiltersSchema>;

export type FiltersResult = { ok: true; filters: ContactFilters } | { ok: false; issues: InputIssue[] };

/** Reads the filters from a query string; parameters it does not know (e.g. `view`) are left alone. */
export function parseContactFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): FiltersResult {
  const input: Record<string, string> = {};
  for (const key of Object.keys(contactFiltersSchema.shape)) {
    const value = params instanceof URLSearchParams ? params.get(key) : firstOf(params[key]);
    if (value !== null && value !== undefined) input[key] = value;
  }
  const parsed = contactFiltersSchema.safeParse(input);
  return parsed.success ? { ok: true, filters: parsed.data } : { ok: false, issues: toInputIssues(parsed.error) };
}

/** The query string for a set of filters, without defaults, so links stay short. */
export function toSearchParams(filters: Partial<ContactFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === "") continue;
    if ((key === "sort" && value === "newest") || (key === "page" && value === 1) || (key === "pageSize" && value === defaultPageSize)) continue;
    params.set(key, String(value));
  }
  return params;
}

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
