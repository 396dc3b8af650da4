import { z } from "zod";
import { toInputIssues } from "@/lib/callbacks/issues";
import type { InputIssue } from "@/lib/callbacks/normalized";
import { auditActions, auditActorTypes, type AuditActorType, type AuditFilterSet } from "@/lib/model/audit";

const isoDate = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : value))
  .refine((value) => value === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))), "must be a date written YYYY-MM-DD");

/**
 * The audit page's filters, from its query string (the CSV export reads the same): `actor` is
 * `agent:<id>`, `token:<id>`, `system`, `cli` or `anonymous`; `action` one of the action codes;
 * `from`/`to` dates (UTC, inclusive); `before` an entry id, for the next page.
 */
export const auditFiltersSchema = z
  .object({
    actor: z
      .string()
      .optional()
      .transform((value) => (value === undefined || value === "" ? undefined : value))
      .refine((value) => value === undefined || actorPattern.test(value), `must be agent:<id>, token:<id>, ${auditActorTypes.filter((type) => type !== "agent" && type !== "token").join(", ")}`),
    action: z.preprocess((value) => (value === "" ? undefined : value), z.enum(auditActions, { error: "must be one of the audit actions" }).optional()),
    from: isoDate,
    to: isoDate,
    before: z.coerce.number().int().positive().optional(),
  })
  .refine((filters) => !filters.from || !filters.to || filters.from <= filters.to, { path: ["to"], message: "must not be before from" });

const actorPattern = /^(?:(agent|token):(\d{1,15})|(system|cli|anonymous))$/;

export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export function parseAuditFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): { ok: true; filters: AuditFilters } | { ok: false; issues: InputIssue[] } {
  const input: Record<string, string> = {};
  for (const key of ["actor", "action", "from", "to", "before"]) {
    const raw = params instanceof URLSearchParams ? params.get(key) : params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== null && value !== undefined) input[key] = value;
  }
  const parsed = auditFiltersSchema.safeParse(input);
  return parsed.success ? { ok: true, filters: parsed.data } : { ok: false, issues: toInputIssues(parsed.error) };
}

/** The store's filter set for the page's filters. */
export function auditFilterSetOf(filters: AuditFilters): AuditFilterSet {
  const match = filters.actor ? actorPattern.exec(filters.actor) : null;
  return {
    ...(match ? { actorType: (match[1] ?? match[3]) as AuditActorType, ...(match[2] ? { actorId: Number(match[2]) } : {}) } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
}

/** The query string for filters (without `before`), for links and the CSV export. */
export function auditQueryOf(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["actor", "action", "from", "to"] as const) if (filters[key]) params.set(key, filters[key]!);
  return params;
}
