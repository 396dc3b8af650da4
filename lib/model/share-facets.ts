import { contactKeyOf } from "./campaign-counters";
import type { NewContactShare } from "./contact-share";

/** What the counters kept on write count by: `all` (value "") counts every card; `campaign` counts a card once even when two refs hold the same value. */
export const counterFacets = ["all", "ref", "ref1", "ref2", "campaign", "sender", "sender_name", "business", "business_id", "waba", "person"] as const;
export type Facet = (typeof counterFacets)[number];

/** The filters a card is found under in the share-facet index, one row per card and value. */
export type ShareFacet = "campaign" | "sender" | "business" | "waba" | "person";

/**
 * The filter values a card is found under: each distinct campaign ref, its sender id, business
 * number and phone_number_id, WABA, and the person it is about (contactKeyOf: E.164, else name).
 */
export function shareFacetsOf(row: NewContactShare): { facet: ShareFacet; value: string }[] {
  const facets: { facet: ShareFacet; value: string }[] = [];
  for (const value of campaignValuesOf(row)) facets.push({ facet: "campaign", value });
  const sender = row.senderWaId ?? row.senderUserId;
  if (sender) facets.push({ facet: "sender", value: sender });
  for (const value of new Set([row.businessPhoneNumber, row.businessPhoneNumberId])) if (value) facets.push({ facet: "business", value });
  if (row.wabaId) facets.push({ facet: "waba", value: row.wabaId });
  const person = contactKeyOf(row);
  if (person) facets.push({ facet: "person", value: person });
  return facets;
}

/** The counters a new card adds one to: totals per filter value, so no count ever scans the cards. */
export function counterKeysOf(row: NewContactShare): { facet: Facet; value: string; label: string | null }[] {
  const keys: { facet: Facet; value: string; label: string | null }[] = [{ facet: "all", value: "", label: null }];
  for (const field of ["ref", "ref1", "ref2"] as const) {
    const value = row[field];
    if (value) keys.push({ facet: field, value, label: null });
  }
  for (const value of campaignValuesOf(row)) keys.push({ facet: "campaign", value, label: null });
  const sender = row.senderWaId ?? row.senderUserId;
  if (sender) keys.push({ facet: "sender", value: sender, label: row.senderProfileName ?? null });
  if (row.senderProfileName) keys.push({ facet: "sender_name", value: row.senderProfileName, label: null });
  if (row.businessPhoneNumber) keys.push({ facet: "business", value: row.businessPhoneNumber, label: row.businessPhoneNumberId ?? null });
  if (row.businessPhoneNumberId && row.businessPhoneNumberId !== row.businessPhoneNumber) keys.push({ facet: "business_id", value: row.businessPhoneNumberId, label: null });
  if (row.wabaId) keys.push({ facet: "waba", value: row.wabaId, label: null });
  const person = contactKeyOf(row);
  if (person) keys.push({ facet: "person", value: person, label: null });
  return keys;
}

/** The UTC day (days since 1970-01-01) a card is counted under in the daily counts. */
export function dayOf(time: Date | number): number {
  return Math.floor(Number(time) / 86_400_000);
}

function campaignValuesOf(row: NewContactShare): string[] {
  return [...new Set([row.ref, row.ref1, row.ref2].filter((value): value is string => Boolean(value)))];
}
