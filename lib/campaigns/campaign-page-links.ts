import type { CampaignSummary } from "./campaign-stats";
import type { CampaignStatsQuery, StatsField, StatsPeriod } from "./stats-query";

/** The campaign table's sortable columns; numbers and dates sort largest first unless asked otherwise. */
export const campaignTableSorts = ["campaign", "shares", "senders", "contacts", "first", "last"] as const;
export type CampaignTableSort = (typeof campaignTableSorts)[number];
export type SortOrder = "asc" | "desc";

export type CampaignPageState = { query: CampaignStatsQuery; sort: CampaignTableSort; order: SortOrder };

/** Reads the table's `sort` and `order` (unknown values fall back to shares, most first: a sort is never worth a 400). */
export function parseTableSort(params: Record<string, string | string[] | undefined>): { sort: CampaignTableSort; order: SortOrder } {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const sort = (campaignTableSorts as readonly string[]).includes(first(params.sort) ?? "") ? (first(params.sort) as CampaignTableSort) : "shares";
  const order = first(params.order) === "asc" || first(params.order) === "desc" ? (first(params.order) as SortOrder) : defaultOrder(sort);
  return { sort, order };
}

export function defaultOrder(sort: CampaignTableSort): SortOrder {
  return sort === "campaign" ? "asc" : "desc";
}

/** A link to the campaign page with some of its state changed: a preset period, or from/to, the field, the table's sort. */
export function campaignsHref(state: CampaignPageState, patch: { period?: StatsPeriod; from?: string; to?: string; field?: StatsField; sort?: CampaignTableSort; order?: SortOrder } = {}): string {
  const params = new URLSearchParams();
  const custom = patch.from !== undefined || (patch.period === undefined && state.query.period === null);
  if (custom) {
    params.set("from", patch.from ?? state.query.from);
    params.set("to", patch.to ?? state.query.to);
  } else {
    const period = patch.period ?? state.query.period;
    if (period && period !== "30d") params.set("period", period);
  }
  const field = patch.field ?? state.query.field;
  if (field !== "any") params.set("field", field);
  const sort = patch.sort ?? state.sort;
  const order = patch.order ?? (patch.sort ? defaultOrder(patch.sort) : state.order);
  if (sort !== "shares") params.set("sort", sort);
  if (order !== defaultOrder(sort)) params.set("order", order);
  const query = params.toString();
  return query ? `/campaigns?${query}` : "/campaigns";
}

/** The table's rows in the chosen order; ties by campaign value. */
export function sortCampaigns(campaigns: CampaignSummary[], sort: CampaignTableSort, order: SortOrder): CampaignSummary[] {
  const key = (campaign: CampaignSummary): number | string => {
    switch (sort) {
      case "campaign":
        return campaign.value;
      case "first":
        return campaign.firstAt;
      case "last":
        return campaign.lastAt;
      default:
        return campaign[sort];
    }
  };
  const direction = order === "asc" ? 1 : -1;
  return [...campaigns].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x !== y) return (x < y ? -1 : 1) * direction;
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  });
}
