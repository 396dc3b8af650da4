import "server-only";
import { and, asc, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { ContactFilters } from "@/lib/contacts/filters";
import { searchTermOf } from "@/lib/contacts/search-text";
import { getDb } from "../client";
import { callbacks, campaignCounts, contactShares, type ContactShare } from "../schema";

/** The trigram index answers fragments of this many characters or more; shorter ones scan search_text. */
const trigramLength = 3;

export type ListContactsParams = ContactFilters;

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

export type CountContactsParams = Omit<ContactFilters, "page" | "pageSize" | "sort">;

export function countContacts(params: CountContactsParams): number {
  return getDb().select({ count: sql<number>`count(*)` }).from(contactShares).where(whereOf(params)).get()?.count ?? 0;
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
    .select({ field: campaignCounts.field, value: campaignCounts.value, count: campaignCounts.count })
    .from(campaignCounts)
    .where(sql`${campaignCounts.count} > 0`)
    .orderBy(desc(campaignCounts.count), asc(campaignCounts.value), asc(campaignCounts.field))
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
  if (sort === "oldest") return [asc(c.sortAt), asc(c.id)];
  if (sort === "name") return [asc(c.sortName), asc(c.id)];
  return [desc(c.sortAt), desc(c.id)];
}

function startOfDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

function startOfNextDay(isoDate: string): Date {
  return new Date(startOfDay(isoDate).getTime() + 24 * 60 * 60 * 1000);
}
