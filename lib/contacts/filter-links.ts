import { toSearchParams, type ContactFilters } from "./filters";

export type InboxView = "cards" | "table";

/** A link to the inbox with some filters changed; any change but the page number goes back to page 1. */
export function inboxHref(filters: Partial<ContactFilters>, patch: Partial<ContactFilters> = {}, view: InboxView = "cards"): string {
  const next: Partial<ContactFilters> = { ...filters, ...patch };
  if (!("page" in patch)) delete next.page;
  const params = toSearchParams(next);
  if (view === "table") params.set("view", "table");
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

/** The same filters as a query string for an API route (exports, live updates), without paging. */
export function filterQuery(filters: Partial<ContactFilters>): string {
  const { page: _page, pageSize: _pageSize, ...rest } = filters;
  return toSearchParams(rest).toString();
}

/** Whether any filter that narrows the results is set (sorting and paging do not count). */
export function hasActiveFilters(filters: ContactFilters): boolean {
  const { sort: _sort, page: _page, pageSize: _pageSize, ...narrowing } = filters;
  return Object.values(narrowing).some((value) => value !== undefined);
}
