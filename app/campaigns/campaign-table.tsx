import Link from "next/link";
import { campaignFilter } from "@/lib/campaigns/campaign-chart";
import { campaignsHref, type CampaignPageState, type CampaignTableSort } from "@/lib/campaigns/campaign-page-links";
import type { CampaignStats, CampaignSummary } from "@/lib/campaigns/campaign-stats";
import { filterQuery, inboxHref } from "@/lib/contacts/filter-links";
import { CampaignTrend } from "./campaign-trend";

const columns: { sort: CampaignTableSort; label: string; numeric: boolean }[] = [
  { sort: "campaign", label: "Campaign", numeric: false },
  { sort: "shares", label: "Shares", numeric: true },
  { sort: "senders", label: "Senders", numeric: true },
  { sort: "contacts", label: "Contacts", numeric: true },
  { sort: "first", label: "First", numeric: false },
  { sort: "last", label: "Last", numeric: false },
];

/**
 * One row per campaign value: its numbers, a trend line over the period, and links to its shares in
 * the inbox and to their exports. Column headers sort (links: the order lives in the URL).
 */
export function CampaignTable({ stats, rows, state }: { stats: CampaignStats; rows: CampaignSummary[]; state: CampaignPageState }) {
  const period = { from: stats.from, to: stats.to };
  return (
    // relative: the header's hidden "Links" text is positioned inside the scroll box; otherwise the page itself scrolls sideways on a phone.
    <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-sm">
        <caption className="sr-only">Campaigns in the period, {describeSort(state)}</caption>
        <thead className="bg-slate-50 text-left text-xs text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
          <tr>
            {columns.map((column) => {
              const active = state.sort === column.sort;
              const next = active ? (state.order === "asc" ? "desc" : "asc") : undefined;
              return (
                <th key={column.sort} scope="col" aria-sort={active ? (state.order === "asc" ? "ascending" : "descending") : undefined} className={`px-3 py-2 font-medium whitespace-nowrap ${column.numeric ? "text-right" : ""}`}>
                  <Link href={campaignsHref(state, { sort: column.sort, ...(next ? { order: next } : {}) })} className="focus-ring rounded hover:text-slate-900 dark:hover:text-white">
                    {column.label}
                    <span aria-hidden className="ml-1 inline-block w-2 text-slate-400">
                      {active ? (state.order === "asc" ? "↑" : "↓") : ""}
                    </span>
                  </Link>
                </th>
              );
            })}
            <th scope="col" className="px-3 py-2 font-medium">
              Trend
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Links</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((campaign) => {
            const filters = { ...campaignFilter(stats.field, campaign.value), ...period };
            const query = filterQuery(filters);
            return (
              <tr key={campaign.value} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                <th scope="row" className="max-w-56 min-w-32 px-3 py-2 text-left font-medium">
                  <a href={inboxHref({}, filters)} className="focus-ring rounded text-sky-700 wrap-anywhere hover:underline dark:text-sky-400">
                    <bdi>{campaign.value}</bdi>
                  </a>
                </th>
                <td className="px-3 py-2 text-right tabular-nums">{campaign.shares.toLocaleString("en")}</td>
                <td className="px-3 py-2 text-right tabular-nums">{campaign.senders.toLocaleString("en")}</td>
                <td className="px-3 py-2 text-right tabular-nums">{campaign.contacts.toLocaleString("en")}</td>
                <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                  <time dateTime={campaign.firstAt}>{shortDate(campaign.firstAt)}</time>
                </td>
                <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                  <time dateTime={campaign.lastAt}>{shortDate(campaign.lastAt)}</time>
                </td>
                <td className="px-3 py-2">
                  <CampaignTrend values={stats.series.map((bucket) => bucket.counts[campaign.value] ?? 0)} />
                </td>
                <td className="px-3 py-2 text-xs whitespace-nowrap">
                  <a href={`/api/contacts/export.csv?${query}`} download className="focus-ring rounded text-sky-700 hover:underline dark:text-sky-400" aria-label={`CSV of the ${campaign.value} shares`}>
                    CSV
                  </a>
                  <span aria-hidden className="mx-1 text-slate-400">·</span>
                  <a href={`/api/contacts/export.vcf?${query}`} download className="focus-ring rounded text-sky-700 hover:underline dark:text-sky-400" aria-label={`vCard of the ${campaign.value} shares`}>
                    vCard
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function describeSort(state: CampaignPageState): string {
  const column = columns.find((entry) => entry.sort === state.sort)!;
  return `sorted by ${column.label.toLowerCase()}, ${state.order === "asc" ? "ascending" : "descending"}`;
}

function shortDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}
