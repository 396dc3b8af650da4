"use client";

import { useActionState } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { erasureKindLabels, erasureKinds } from "@/lib/lifecycle/erasure-kinds";
import { erasureAction, type ErasureFormState } from "./actions";

/** Name the person, see how many shares match, then erase them and keep the receipt. */
export function ErasureForm() {
  const [state, action, pending] = useActionState<ErasureFormState, FormData>(erasureAction, null);
  const kind = state && "kind" in state ? state.kind : "phone";
  const value = state && "value" in state ? (state.value ?? "") : "";
  return (
    <div className="space-y-4">
      <form action={action} aria-label="Find a person" className="grid gap-2 sm:grid-cols-[auto_1fr_auto] sm:items-end">
        <div className="flex flex-col gap-1 text-xs font-medium">
          <label htmlFor="erasure-kind">Known by</label>
          <select id="erasure-kind" name="kind" defaultValue={kind} key={`kind-${kind}`} className="input">
            {erasureKinds.map((option) => (
              <option key={option} value={option}>
                {erasureKindLabels[option]}
              </option>
            ))}
          </select>
        </div>
        <label className="flex flex-col gap-1 text-xs font-medium">
          Value
          <input name="value" required defaultValue={value} key={`value-${value}`} autoComplete="off" className="input" />
        </label>
        <button type="submit" disabled={pending} className="btn">
          {pending ? "Counting…" : "Count matching shares"}
        </button>
      </form>

      {state?.step === "error" && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">
          {state.error}
        </p>
      )}

      {state?.step === "counted" && (
        <section aria-label="Matching shares" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
          <p role="status" className="font-medium">
            {state.matches === 0 ? "No share matches." : `${state.matches.toLocaleString()} ${state.matches === 1 ? "share matches" : "shares match"}.`}
          </p>
          {state.preview.length > 0 && (
            <ul className="list-inside list-disc text-slate-700 dark:text-slate-300">
              {state.preview.map((match) => (
                <li key={match.id}>
                  <bdi>{match.name}</bdi> · received <RelativeTime iso={match.receivedAt} />
                </li>
              ))}
              {state.matches > state.preview.length && <li>… and {(state.matches - state.preview.length).toLocaleString()} more</li>}
            </ul>
          )}
          <form action={action} aria-label="Confirm erasure" className="space-y-2">
            <input type="hidden" name="kind" value={state.kind} />
            <input type="hidden" name="value" value={state.value} />
            <input type="hidden" name="confirm" value="yes" />
            <p className="text-slate-600 dark:text-slate-400">
              Erasing deletes these shares everywhere (inbox, search, counts, exports) and takes them out of the stored callbacks; for a customer who sent shares, the callbacks naming them are dropped. The receipt keeps only a hash of the value. This cannot be undone.
            </p>
            <button type="submit" disabled={pending} className="btn border-rose-600 bg-rose-700 text-white hover:bg-rose-800 disabled:opacity-50 dark:bg-rose-700 dark:text-white">
              {pending ? "Erasing…" : `Erase ${state.matches.toLocaleString()} ${state.matches === 1 ? "share" : "shares"}`}
            </button>
          </form>
        </section>
      )}

      {state?.step === "erased" && (
        <section aria-label="Erasure receipt" className="space-y-2 rounded-xl border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950">
          <p role="status" className="font-medium text-emerald-900 dark:text-emerald-100">
            Erased: {state.receipt.sharesDeleted.toLocaleString()} {state.receipt.sharesDeleted === 1 ? "share" : "shares"} deleted, {state.receipt.callbacksRedacted.toLocaleString()} stored{" "}
            {state.receipt.callbacksRedacted === 1 ? "callback" : "callbacks"} redacted.
          </p>
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-emerald-900 dark:text-emerald-100">
            <dt>Receipt</dt>
            <dd>#{state.receipt.id}</dd>
            <dt>Requested</dt>
            <dd>{state.receipt.requestedAt}</dd>
            <dt>Criterion</dt>
            <dd>{erasureKindLabels[state.receipt.criteria.kind]}</dd>
            <dt>SHA-256</dt>
            <dd className="font-mono text-xs break-all">{state.receipt.criteria.sha256}</dd>
          </dl>
        </section>
      )}
    </div>
  );
}
