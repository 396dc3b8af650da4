import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { getStore } from "@/app/_server/store";
import { callbackOutcomes, type CallbackOutcome, type CallbackSummary } from "@/lib/model/callback-log";
import { redactionNotes } from "@/lib/model/lifecycle";
import { RawBody } from "@/components/raw-body";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireAgent } from "@/app/_server/current-agent";
import { bodyPreview } from "@/lib/callbacks/raw-body-view";
import { mayReprocess } from "@/lib/callbacks/reprocess";
import { ReprocessButton } from "./reprocess-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Deliveries" };

const outcomes = callbackOutcomes;
const pageSize = 50;

const deliveriesParamsSchema = z.object({
  outcome: z.enum(outcomes).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

const outcomeStyles: Record<CallbackOutcome, string> = {
  stored: "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800",
  duplicate: "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800",
  ignored: "bg-slate-100 text-slate-700 ring-slate-200 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-700",
  rejected: "bg-rose-50 text-rose-800 ring-rose-200 dark:bg-rose-950 dark:text-rose-200 dark:ring-rose-800",
};

type DeliveriesPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The callback log: every request the receiver got, what became of it, and its body. */
export default async function DeliveriesPage({ searchParams }: DeliveriesPageProps) {
  await requireAgent();
  const params = deliveriesParamsSchema.parse(await searchParams);
  const rows = await (await getStore()).listCallbacks({ outcome: params.outcome, before: params.before, limit: pageSize + 1 });
  const page = rows.slice(0, pageSize);
  const older = rows.length > pageSize ? page[page.length - 1]?.id : undefined;

  return (
    <main className="mx-auto max-w-7xl space-y-5 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Deliveries</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">Every callback received, newest first, with its outcome and the body exactly as it arrived.</p>
      </div>
      <nav aria-label="Outcome" className="flex flex-wrap gap-2 text-sm">
        {[undefined, ...outcomes].map((outcome) => (
          <Link
            key={outcome ?? "all"}
            href={outcome ? `/deliveries?outcome=${outcome}` : "/deliveries"}
            aria-current={params.outcome === outcome ? "page" : undefined}
            className={`focus-ring rounded-full px-3 py-1 ring-1 ${params.outcome === outcome ? "bg-emerald-700 text-white ring-emerald-700" : "bg-white ring-slate-300 hover:bg-slate-50 dark:bg-slate-900 dark:ring-slate-700"}`}
          >
            {outcome ?? "All"}
          </Link>
        ))}
      </nav>

      {page.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-400">
          No {params.outcome ?? ""} callbacks {params.before ? "before this point" : "yet"}.
        </p>
      ) : (
        <ol aria-label="Callbacks" className="space-y-3">
          {page.map((callback) => (
            <DeliveryRow key={callback.id} callback={callback} />
          ))}
        </ol>
      )}

      <nav aria-label="Pages" className="flex justify-between text-sm">
        {params.before ? (
          <Link className="btn" href={params.outcome ? `/deliveries?outcome=${params.outcome}` : "/deliveries"}>
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {older && (
          <Link className="btn" href={`/deliveries?${new URLSearchParams({ ...(params.outcome ? { outcome: params.outcome } : {}), before: String(older) })}`}>
            Older →
          </Link>
        )}
      </nav>
    </main>
  );
}

function DeliveryRow({ callback }: { callback: CallbackSummary }) {
  return (
    <li aria-label={`Callback ${callback.id}`} className="rounded-xl border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">#{callback.id}</span>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${outcomeStyles[callback.outcome]}`}>{callback.outcome}</span>
        <span className="text-slate-600 dark:text-slate-400">HTTP {callback.httpStatus}</span>
        {callback.envelope && <span className="text-slate-600 dark:text-slate-400">{callback.envelope === "meta" ? "Meta envelope" : "Kaleyra envelope"}</span>}
        {callback.sharesStored > 0 && (
          <span className="text-slate-600 dark:text-slate-400">
            {callback.sharesStored} {callback.sharesStored === 1 ? "share" : "shares"} stored
          </span>
        )}
        {/* A callback refused before its body was read has no size to show. */}
        {(callback.bodyBytes > 0 || callback.bodyStart !== null) && <span className="text-slate-600 dark:text-slate-400">{formatBytes(callback.bodyBytes)}</span>}
        <span className="text-slate-600 dark:text-slate-400">{callback.durationMs} ms</span>
        {callback.reprocessedFrom && <span className="text-slate-600 dark:text-slate-400">re-processed from #{callback.reprocessedFrom}</span>}
        <RelativeTime iso={callback.receivedAt.toISOString()} className="ml-auto text-slate-600 dark:text-slate-400" />
      </div>
      {callback.redaction && (
        <p className="mt-2 text-amber-800 dark:text-amber-300">
          {redactionNotes[callback.redaction]}
          {callback.redactedAt && (
            <>
              {" "}
              (<RelativeTime iso={callback.redactedAt.toISOString()} />)
            </>
          )}
        </p>
      )}
      {callback.reasonStart && (
        <p className={`mt-2 wrap-anywhere ${callback.outcome === "rejected" ? "text-rose-800 dark:text-rose-300" : "text-slate-700 dark:text-slate-300"}`}>
          {callback.reasonStart}
          {callback.reasonChars > callback.reasonStart.length && "…"}
        </p>
      )}
      <div className="mt-2 flex flex-wrap items-start gap-3">
        {callback.bodyStart !== null ? (
          <RawBody callbackId={callback.id} preview={bodyPreview(callback.bodyStart)} redacted={callback.redaction !== null} />
        ) : (
          <p className="flex-1 text-slate-500 dark:text-slate-400">{bodyNotKeptReason(callback)}</p>
        )}
        {mayReprocess({ outcome: callback.outcome, reason: callback.reasonStart, hasBody: callback.bodyStart !== null }) && <ReprocessButton callbackId={callback.id} />}
      </div>
    </li>
  );
}

function bodyNotKeptReason(callback: CallbackSummary): string {
  if (callback.redaction === "body-dropped") return "Body dropped after a deletion.";
  if (callback.redaction === "body-expired") return "Body cleared by retention.";
  return callback.httpStatus === 401 ? "Body not kept: the callback failed authentication." : "Body not kept: it was too large.";
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
