import Link from "next/link";
import { campaignsHref, type CampaignPageState } from "@/lib/campaigns/campaign-page-links";
import { statsFields, statsPeriods } from "@/lib/campaigns/stats-query";

const periodLabels = { "7d": "7 days", "30d": "30 days", "90d": "90 days" } as const;
const fieldLabels = { any: "Any ref", ref: "ref", ref1: "ref1", ref2: "ref2" } as const;

/**
 * The period (last 7, 30 or 90 days, or dates) and the field the page counts by: links and a plain
 * GET form, so they work before (and without) any script.
 */
export function CampaignControls({ state }: { state: CampaignPageState }) {
  const { query } = state;
  return (
    <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
      <Segmented label="Period">
        {statsPeriods.map((period) => (
          <SegmentLink key={period} href={campaignsHref(state, { period })} current={query.period === period}>
            {periodLabels[period]}
          </SegmentLink>
        ))}
      </Segmented>
      <Segmented label="Campaign field">
        {statsFields.map((field) => (
          <SegmentLink key={field} href={campaignsHref(state, { field })} current={query.field === field}>
            {fieldLabels[field]}
          </SegmentLink>
        ))}
      </Segmented>
      <form method="get" action="/campaigns" className="flex flex-wrap items-end gap-2" aria-label="Custom period">
        <label className="block text-xs text-slate-600 dark:text-slate-400">
          From
          <input type="date" name="from" defaultValue={query.from} required className="input mt-1 block w-36" />
        </label>
        <label className="block text-xs text-slate-600 dark:text-slate-400">
          To
          <input type="date" name="to" defaultValue={query.to} required className="input mt-1 block w-36" />
        </label>
        {query.field !== "any" && <input type="hidden" name="field" value={query.field} />}
        <button type="submit" className="btn">
          Show
        </button>
      </form>
    </div>
  );
}

function Segmented({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <nav aria-label={label}>
      <span className="mb-1 block text-xs text-slate-600 dark:text-slate-400">{label}</span>
      <span className="inline-flex rounded-md shadow-sm [&>a:first-child]:rounded-l-md [&>a:last-child]:rounded-r-md [&>a+a]:-ml-px">{children}</span>
    </nav>
  );
}

function SegmentLink({ href, current, children }: { href: string; current: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`focus-ring inline-flex h-9 items-center border px-3 text-sm font-medium whitespace-nowrap ${current ? "border-emerald-700 bg-emerald-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800"}`}
    >
      {children}
    </Link>
  );
}
