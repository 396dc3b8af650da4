import type { Store } from "@/lib/model/store";
import { formatWhatsAppNumber } from "./display";

/** One choice of a filter list: the value the URL carries, what the list shows, how many cards it finds. */
export type FilterOption = { value: string; label: string; count: number };

/** The inbox's three filter lists, most used values first. */
export type FilterOptions = { campaigns: FilterOption[]; senders: FilterOption[]; businesses: FilterOption[] };

/**
 * The lists offer the most used values: a sender list grows with every customer, and a page must
 * not embed all of them. Any value can still be filtered by (a link, the URL, the search).
 */
export const filterOptionLimit = 200;

export async function loadFilterOptions(store: Store): Promise<FilterOptions> {
  const [campaigns, senders, businesses] = await Promise.all([
    store.listFacetValues({ facet: "campaign", limit: filterOptionLimit }),
    store.listFacetValues({ facet: "sender", limit: filterOptionLimit }),
    store.listFacetValues({ facet: "business", limit: filterOptionLimit }),
  ]);
  return {
    // One entry per campaign value, whichever ref field carries it.
    campaigns: campaigns.map((campaign) => ({ value: campaign.value, label: campaign.value, count: campaign.count })),
    // An <option> holds text only, so the profile name (Arabic, Hebrew…) is bidi-isolated with
    // FSI…PDI, the plain-text form of <bdi>: otherwise a right-to-left name reorders the number after it.
    senders: senders.map((sender) => {
      const number = formatWhatsAppNumber(sender.value) ?? sender.value;
      return { value: sender.value, label: sender.label ? `\u2068${sender.label}\u2069 · ${number}` : number, count: sender.count };
    }),
    businesses: businesses.map((business) => ({ value: business.value, label: formatWhatsAppNumber(business.value) ?? business.value, count: business.count })),
  };
}
