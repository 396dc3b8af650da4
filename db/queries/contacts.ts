import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { ContactFilters } from "@/lib/contacts/filters";
import { searchTermOf } from "@/lib/contacts/search-text";
import { getDb } from "../client";
import { callbacks, contactShares, facetCounts, type ContactShare } from "../schema";

/** The trigram index answers fragments of this many characters or more; shorter ones scan search_text. */
const trigramLength = 3;

export type ListContactsParams = CountContactsParams & Pick<ContactFilters, "sort" | "page" | "pageSize">;

export function listContacts(params: ListContactsParams): ContactShare[] {
  return getDb()
    .select()
    .from(contactShares)
    .where(whereOf(params))
    .orderBy(...orderOf(params.sort))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize)
    .all();
}

/** Every filter is optional; an absent one does not narrow. */
export type CountContactsParams = Partial<Omit<ContactFilters, "page" | "pageSize" | "sort">>;

export function countContacts(params: CountContactsParams): number {
  return getDb().select({ count: sql<number>`count(*)` }).from(contactShares).where(whereOf(params)).get()?.count ?? 0;
}

/**
 * Every contact matching the filters, newest first, in batches read with keyset pagination: each
 * batch is its own short query, so an export of 100,000 contacts never holds them all in memory
 * and never keeps the shared connection busy between batches.
 */
export function* iterateContactBatches(params: CountContactsParams & { batchSize: number }): Generator<ContactShare[]> {
  const c = contactShares;
  let last: { sortAt: Date; id: number } | null = null;
  for (;;) {
    const after: SQL | undefined = last ? or(lt(c.sortAt, last.sortAt), and(eq(c.sortAt, last.sortAt), lt(c.id, last.id))) : undefined;
    const batch: ContactShare[] = getDb().select().from(c).where(and(whereOf(params), after)).orderBy(desc(c.sortAt), desc(c.id)).limit(params.batchSize).all();
    if (batch.length === 0) return;
    yield batch;
    const tail: ContactShare = batch[batch.length - 1]!;
    last = { sortAt: tail.sortAt, id: tail.id };
    if (batch.length < params.batchSize) return;
  }
}

/** Contacts matching the filters that arrived after a given id (ids only grow). */
export function countContactsAfter(params: CountContactsParams & { afterId: number }): number {
  return getDb()
    .select({ count: sql<number>`count(*)` })
    .from(contactShares)
    .where(and(gt(contactShares.id, params.afterId), whereOf(params)))
    .get()?.count ?? 0;
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
export function listFacetValues(params: { facet: "sender" | "business" }): FacetValue[] {
  return getDb()
    .select({ value: facetCounts.value, label: facetCounts.label, count: facetCounts.count })
    .from(facetCounts)
    .where(and(eq(facetCounts.facet, params.facet), sql`${facetCounts.count} > 0`))
    .orderBy(desc(facetCounts.count), asc(facetCounts.value))
    .all();
}

function whereOf(filters: CountContactsParams): SQL | undefined {
  const c = contactShares;
  return and(
    filters.q !== undefined ? searchCondition(filters.q) : undefined,
    filters.campaign !== undefined ? or(eq(c.ref, filters.campaign), eq(c.ref1, filters.campaign), eq(c.ref2, filters.campaign)) : undefined,
    filters.ref !== undefined ? eq(c.ref, filters.ref) : undefined,
    filters.ref1 !== undefined ? eq(c.ref1, filters.ref1) : undefined,
    filters.ref2 !== undefined ? eq(c.ref2, filters.ref2) : undefined,
    filters.sender !== undefined ? or(eq(c.senderWaId, filters.sender), eq(c.senderProfileName, filters.sender)) : undefined,
    filters.business !== undefined ? or(eq(c.businessPhoneNumber, filters.business), eq(c.businessPhoneNumberId, filters.business)) : undefined,
    filters.waba !== undefined ? eq(c.wabaId, filters.waba) : undefined,
    filters.message !== undefined ? eq(c.messageId, filters.message) : undefined,
    filters.from !== undefined ? gte(c.sortAt, startOfDay(filters.from)) : undefined,
    filters.to !== undefined ? lt(c.sortAt, startOfNextDay(filters.to)) : undefined,
  );
}

/** `q` is a literal fragment: quoted as an FTS5 phrase (3+ characters) or matched with instr() (shorter). */
function searchCondition(q: string): SQL | undefined {
  const term = searchTermOf(q);
  if (term === "") return undefined;
  if ([...term].length < trigramLength) return sql`instr(${contactShares.searchText}, ${term}) > 0`;
  const phrase = `"${term.replaceAll('"', '""')}"`;
  return sql`${contactShares.id} in (select rowid from contact_search where contact_search match ${phrase})`;
}

function orderOf(sort: ContactFilters["sort"]) {
  const c = contactShares;
  switch (sort) {
    case "oldest":
      return [asc(c.sortAt), asc(c.id)];
    case "name":
      return [asc(c.sortName), asc(c.id)];
    case "name_desc":
      return [desc(c.sortName), desc(c.id)];
    case "phone":
      return [asc(c.sortPhone), asc(c.id)];
    case "phone_desc":
      return [desc(c.sortPhone), desc(c.id)];
    case "sender":
      return [asc(c.senderProfileName), asc(c.senderWaId), desc(c.sortAt)];
    case "sender_desc":
      return [desc(c.senderProfileName), desc(c.senderWaId), desc(c.sortAt)];
    case "campaign":
      return [asc(c.ref1), asc(c.ref), asc(c.ref2), desc(c.sortAt)];
    case "campaign_desc":
      return [desc(c.ref1), desc(c.ref), desc(c.ref2), desc(c.sortAt)];
    default:
      return [desc(c.sortAt), desc(c.id)];
  }
}

function startOfDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

function startOfNextDay(isoDate: string): Date {
  return new Date(startOfDay(isoDate).getTime() + 24 * 60 * 60 * 1000);
}
