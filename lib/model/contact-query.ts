import { searchTermOf } from "./search-text";

/** What the store is asked for contacts by: the filters (all optional), a sort, and a page. */

/** Orders the inbox and the table can be sorted in; `_desc` reverses a column's order. */
export const contactSorts = ["newest", "oldest", "name", "name_desc", "phone", "phone_desc", "sender", "sender_desc", "campaign", "campaign_desc"] as const;
export type ContactSort = (typeof contactSorts)[number];

/** Every filter is optional; an absent one does not narrow. Dates are YYYY-MM-DD, UTC, inclusive. */
export type ContactFilterSet = {
  q?: string;
  campaign?: string;
  ref?: string;
  ref1?: string;
  ref2?: string;
  sender?: string;
  business?: string;
  waba?: string;
  from?: string;
  to?: string;
  /** Every card of one message (its WhatsApp message id). */
  message?: string;
  /** Every card about one person (a contactKeyOf key: E.164, else "name:" + the folded name). */
  person?: string;
};

export type ListContactsParams = ContactFilterSet & { sort: ContactSort; page: number; pageSize: number };

/** A search counts its matches up to this many; a count above it means "more than this" (shown as "1,000+"). */
export const searchCountCap = 1000;

/** Whether a count is the number of matching cards, or (a search past searchCountCap) only a lower bound. */
export function countIsExact(filters: ContactFilterSet, total: number): boolean {
  return total <= searchCountCap || filters.q === undefined || searchTermOf(filters.q) === "";
}

export type CampaignCount = { field: "ref" | "ref1" | "ref2"; value: string; count: number };

export type FacetValue = { value: string; label: string | null; count: number };

const filterKeys = ["q", "campaign", "ref", "ref1", "ref2", "sender", "business", "waba", "from", "to", "message", "person"] as const satisfies readonly (keyof ContactFilterSet)[];

/** Only the filters of a params object (not its sort, page or batch size), with absent ones left out. */
export function filterSetOf(params: ContactFilterSet): ContactFilterSet {
  const set: ContactFilterSet = {};
  for (const key of filterKeys) if (params[key] !== undefined) set[key] = params[key];
  return set;
}
