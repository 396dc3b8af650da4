import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_server/current-agent";
import { getStore } from "@/app/_server/store";
import { RelativeTime } from "@/components/ui/relative-time";
import { auditFilterSetOf, auditQueryOf, parseAuditFilters, type AuditFilters } from "@/lib/audit/audit-filters";
import { env } from "@/lib/env";
import { auditActionLabels, auditActions, type AuditDetails, type AuditEvent } from "@/lib/model/audit";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit trail" };

const pageSize = 100;

type AuditPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Who did what, newest first (admins only); filtered by who, what and when, exported as CSV. Read-only: nobody edits or deletes entries here. */
export default async function AuditPage({ searchParams }: AuditPageProps) {
  await requireAdmin();
  const parsed = parseAuditFilters(await searchParams);
  const filters: AuditFilters = parsed.ok ? parsed.filters : { actor: undefined, from: undefined, to: undefined };
  const store = await getStore();
  const [events, agents, tokens] = await Promise.all([
    parsed.ok ? store.listAuditEvents({ ...auditFilterSetOf(filters), before: filters.before, limit: pageSize + 1 }) : Promise.resolve([]),
    store.listAgents(),
    store.listApiTokens(),
  ]);
  const page = events.slice(0, pageSize);
  const older = events.length > pageSize ? page[page.length - 1]?.id : undefined;
  const query = auditQueryOf(filters);

  return (
    <main className="mx-auto max-w-7xl space-y-5 px-4 py-6 sm:px-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/admin" className="focus-ring rounded text-sky-700 hover:underline dark:text-sky-400">
          ← Admin
        </Link>
      </nav>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit trail</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Sign-ins, account and token changes, exports, deletions, erasures, purges and re-processing, newest first. Entries cannot be changed; they are kept {env.AUDIT_RETENTION_DAYS} days (AUDIT_RETENTION_DAYS).
        </p>
      </div>

      <form method="get" role="search" aria-label="Filter the audit trail" className="flex flex-wrap items-end gap-2 text-sm">
        <div className="flex flex-col gap-1 text-xs font-medium">
          <label htmlFor="audit-actor">Who</label>
          <select id="audit-actor" name="actor" defaultValue={filters.actor ?? ""} className="input">
            <option value="">Anyone</option>
            <optgroup label="Agents">
              {agents.map((agent) => (
                <option key={agent.id} value={`agent:${agent.id}`}>
                  {agent.email}
                </option>
              ))}
            </optgroup>
            {tokens.length > 0 && (
              <optgroup label="API tokens">
                {tokens.map((token) => (
                  <option key={token.id} value={`token:${token.id}`}>
                    {token.name} (#{token.id})
                  </option>
                ))}
              </optgroup>
            )}
            <option value="system">The server (scheduled purge)</option>
            <option value="cli">The command line</option>
            <option value="anonymous">Unknown (failed sign-ins)</option>
          </select>
        </div>
        <div className="flex flex-col gap-1 text-xs font-medium">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue={filters.action ?? ""} className="input">
            <option value="">Any action</option>
            {auditActions.map((action) => (
              <option key={action} value={action}>
                {auditActionLabels[action]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1 text-xs font-medium">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" type="date" name="from" defaultValue={filters.from ?? ""} className="input" />
        </div>
        <div className="flex flex-col gap-1 text-xs font-medium">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" type="date" name="to" defaultValue={filters.to ?? ""} className="input" />
        </div>
        <button type="submit" className="btn">
          Filter
        </button>
        <a href={`/api/audit/export.csv${query.size ? `?${query}` : ""}`} download className="btn">
          Export CSV
        </a>
      </form>

      {!parsed.ok && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">
          {parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}
        </p>
      )}

      {page.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-400">No entries{query.size ? " match these filters" : " yet"}.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit entries, newest first</caption>
            <thead className="border-b border-slate-200 text-xs text-slate-500 dark:text-slate-400 dark:border-slate-800">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">When</th>
                <th scope="col" className="px-3 py-2 font-medium">Who</th>
                <th scope="col" className="px-3 py-2 font-medium">From</th>
                <th scope="col" className="px-3 py-2 font-medium">What</th>
                <th scope="col" className="px-3 py-2 font-medium">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {page.map((event) => (
                <AuditRow key={event.id} event={event} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <nav aria-label="Pages" className="flex justify-between text-sm">
        {filters.before ? (
          <Link className="btn" href={`/admin/audit${query.size ? `?${query}` : ""}`}>
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {older && (
          <Link className="btn" href={`/admin/audit?${new URLSearchParams([...query, ["before", String(older)]])}`}>
            Older →
          </Link>
        )}
      </nav>
    </main>
  );
}

function AuditRow({ event }: { event: AuditEvent }) {
  return (
    <tr aria-label={`Audit entry ${event.id}`} className="align-top">
      <td className="px-3 py-2 whitespace-nowrap">
        <RelativeTime iso={event.at.toISOString()} showExact />
      </td>
      <td className="px-3 py-2">{actorLabel(event)}</td>
      <td className="px-3 py-2 font-mono text-xs">{event.clientAddress ?? "—"}</td>
      <td className="px-3 py-2">{auditActionLabels[event.action] ?? event.action}</td>
      <td className="px-3 py-2 text-xs text-slate-600 wrap-anywhere dark:text-slate-400">{detailsText(event.details)}</td>
    </tr>
  );
}

function actorLabel(event: AuditEvent): string {
  switch (event.actorType) {
    case "agent":
      return event.actorName ?? `agent #${event.actorId}`;
    case "token":
      return `API token ${event.actorName ?? ""} (#${event.actorId})`;
    case "system":
      return "the server";
    case "cli":
      return "command line";
    default:
      return "unknown";
  }
}

function detailsText(details: AuditDetails): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`)
    .join(" · ");
}
