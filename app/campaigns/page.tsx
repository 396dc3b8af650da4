import type { Metadata } from "next";
import Link from "next/link";
import { requireAgent } from "@/app/_server/current-agent";
import { getStore } from "@/app/_server/store";
import { buildCampaignChart } from "@/lib/campaigns/campaign-chart";
import { parseTableSort, sortCampaigns, type CampaignPageState } from "@/lib/campaigns/campaign-page-links";
import { loadCampaignStats, maxStatsCampaigns } from "@/lib/campaigns/campaign-stats";
import { parseCampaignStatsQuery } from "@/lib/campaigns/stats-query";
import { CampaignChart } from "./campaign-chart";
import { CampaignControls } from "./campaign-controls";
import { CampaignTable } from "./campaign-table";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Campaigns" };

type CampaignsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Which campaigns bring contacts, over time: GET /api/campaigns/stats's numbers as a chart and a table. */
export default async function CampaignsPage({ searchParams }: CampaignsPageProps) {
  await requireAgent();
  const params = await searchParams;
  const parsed = parseCampaignStatsQuery(params, new Date());
  if (!parsed.ok) {
    return (
      <main className="mx-auto max-w-xl px-4 py-12">
        <section role="alert" className="rounded-xl border border-amber-300 bg-amber-50 p-6 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <h1 className="text-lg font-semibold">This link asks for a period we can’t show</h1>
          <ul className="mt-3 list-disc space-y-1 pl-5 text-sm">
            {parsed.issues.map((issue) => (
              <li key={issue.path}>
                <code>{issue.path}</code> {issue.message}
              </li>
            ))}
          </ul>
          <Link href="/campaigns" className="btn mt-4">
            Show the last 30 days
          </Link>
        </section>
      </main>
    );
  }
  const state: CampaignPageState = { query: parsed.query, ...parseTableSort(params) };
  const stats = await loadCampaignStats(await getStore(), parsed.query);
  const chart = buildCampaignChart(stats);
  const per = stats.interval === "week" ? "week" : "day";
  const fieldName = stats.field === "any" ? "campaign (any ref)" : stats.field;

  return (
    <main className="mx-auto max-w-7xl space-y-6 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Campaigns</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">Which campaigns bring contacts: shares by {fieldName}, from Kaleyra’s ref, ref1 and ref2.</p>
      </div>
      <CampaignControls state={state} />

      <section aria-labelledby="chart-title" className="space-y-2 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="chart-title" className="font-semibold">
          Shares per {per}
        </h2>
        <CampaignChart chart={chart} caption={`${describeRange(stats.from, stats.to)} (UTC days), per ${per}, the top ${Math.min(5, stats.campaigns.length)} ${stats.campaigns.length === 1 ? "campaign" : "campaigns"} stacked. Select a bar to see those shares in the inbox.`} />
        {stats.field === "any" && <p className="text-xs text-slate-500 dark:text-slate-400">A share whose refs hold two different campaigns counts once under each.</p>}
      </section>

      <section aria-labelledby="table-title" className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="table-title" className="font-semibold">
            By campaign
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {stats.shares.toLocaleString("en")} {stats.shares === 1 ? "share" : "shares"} in the period
            {stats.noCampaign > 0 && `, ${stats.noCampaign.toLocaleString("en")} with no campaign`}
          </p>
        </div>
        {stats.campaigns.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">No share in this period carries a campaign in {stats.field === "any" ? "any ref" : stats.field}.</p>
        ) : (
          <CampaignTable stats={stats} rows={sortCampaigns(stats.campaigns, state.sort, state.order)} state={state} />
        )}
        {stats.truncated && <p className="text-xs text-slate-500 dark:text-slate-400">The {maxStatsCampaigns} campaigns with the most shares are listed.</p>}
        <p className="text-xs text-slate-500 dark:text-slate-400">Senders are counted by WhatsApp id; contacts by the card’s phone number (E.164, or its WhatsApp id), else by name. First and last are days.</p>
      </section>
    </main>
  );
}

function describeRange(from: string, to: string): string {
  const format = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return `${format(from)} – ${format(to)}`;
}
