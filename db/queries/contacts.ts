import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { ContactFilters } from "@/lib/contacts/filters";
import { getDb } from "../client";
import { planContacts, type ContactFilterSet } from "./contact-plan";
import { callbacks, contactShares, facetCounts, type ContactShare } from "../schema";

export type ListContactsParams = CountContactsParams & Pick<ContactFilters, "sort" | "page" | "pageSize">;

/** Every filter is optional; an absent one does not narrow. */
export type CountContactsParams = ContactFilterSet;

/** One page of contacts matching the filters (see contact-plan.ts for how each filter is answered). */
export function listContacts(params: ListContactsParams): ContactShare[] {
  const plan = planContacts(getDb().$client, params);
  return rowsInOrder(plan.pageIds(params.sort, params.pageSize, (params.page - 1) * params.pageSize));
}

export { searchCountCap } from "./contact-plan";

/** How many contacts match. A search (`q`) counts up to searchCountCap + 1: a higher number means "more than searchCountCap". */
export function countContacts(params: CountContactsParams): number {
  return planContacts(getDb().$client, params).count();
}

/**
 * Every contact matching the filters, newest first, in batches read with keyset pagination: each
 * batch is its own short query, so an export of 100,000 contacts never holds them all in memory
 * and never keeps the shared connection busy between batches.
 */
export function* iterateContactBatches(params: CountContactsParams & { batchSize: number }): Generator<ContactShare[]> {
  const plan = planContacts(getDb().$client, params);
  let before: { sortAt: number; id: number } | null = null;
  for (;;) {
    const batch = rowsInOrder(plan.idsBefore(before, params.batchSize));
    if (batch.length === 0) return;
    yield batch;
    const tail = batch[batch.length - 1]!;
    before = { sortAt: tail.sortAt.getTime(), id: tail.id };
    if (batch.length < params.batchSize) return;
  }
}

/** Contacts matching the filters that arrived after a given id (ids only grow). */
export function countContactsAfter(params: CountContactsParams & { afterId: number }): number {
  return planContacts(getDb().$client, params).countAfter(params.afterId);
}

/** The newest contact id, or 0: the live notice counts from here. */
export function getLatestContactId(): number {
  return getDb().select({ id: sql<number>`max(${contactShares.id})` }).from(contactShares).get()?.id ?? 0;
}

export function getContactById(params: { id: number }): ContactShare | null {
  return getDb().select().from(contactShares).where(eq(contactShares.id, params.id)).get() ?? null;
}

/** The contact with the raw body of the callback that brought it, as the original text. */
export function getContactWithRawById(params: { id: number }): { contact: ContactShare; rawBody: string | null } | null {
  const row = getDb()
    .select({ contact: contactShares, rawBody: callbacks.rawBody })
    .from(contactShares)
    .leftJoin(callbacks, eq(callbacks.id, contactShares.callbackId))
    .where(eq(contactShares.id, params.id))
    .get();
  return row ?? null;
}

/** Every card of one message, in the order they were shared. */
export function listContactsOfMessage(params: { messageId: string }): ContactShare[] {
  return getDb().select().from(contactShares).where(eq(contactShares.messageId, params.messageId)).orderBy(asc(contactShares.position)).all();
}

export type CampaignCount = { field: "ref" | "ref1" | "ref2"; value: string; count: number };

/** Distinct ref values with how many cards carry each, most first (from counters kept on write). */
export function listCampaigns(): CampaignCount[] {
  return getDb()
    .select({ field: facetCounts.facet, value: facetCounts.value, count: facetCounts.count })
    .from(facetCounts)
    .where(and(inArray(facetCounts.facet, ["ref", "ref1", "ref2"]), sql`${facetCounts.count} > 0`))
    .orderBy(desc(facetCounts.count), asc(facetCounts.value), asc(facetCounts.facet))
    .all() as CampaignCount[];
}

export type FacetValue = { value: string; label: string | null; count: number };

/** Senders (wa_id, with their profile name) or business numbers, with how many cards each, most first. */
export function listFacetValues(params: { facet: "campaign" | "sender" | "business" }): FacetValue[] {
  return getDb()
    .select({ value: facetCounts.value, label: facetCounts.label, count: facetCounts.count })
    .from(facetCounts)
    .where(and(eq(facetCounts.facet, params.facet), sql`${facetCounts.count} > 0`))
    .orderBy(desc(facetCounts.count), asc(facetCounts.value))
    .all();
}

/** The full rows for a list of ids, in the list's order. */
function rowsInOrder(ids: number[]): ContactShare[] {
  if (ids.length === 0) return [];
  const rows = getDb().select().from(contactShares).where(inArray(contactShares.id, ids)).all();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row): row is ContactShare => row !== undefined);
}
