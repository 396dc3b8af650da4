"use client";

import { useActionState } from "react";
import { reprocessAction, type ReprocessState } from "./actions";

/** Runs one logged callback through today's parser again and says what came of it. */
export function ReprocessButton({ callbackId }: { callbackId: number }) {
  const [state, action, pending] = useActionState<ReprocessState, FormData>(reprocessAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="callbackId" value={callbackId} />
      <button type="submit" disabled={pending} className="btn h-8 text-xs disabled:opacity-50">
        {pending ? "Re-processing…" : "Re-process"}
      </button>
      <span role="status" className="text-xs">
        {state?.ok === true && (
          <span className="text-emerald-700 dark:text-emerald-400">
            {state.outcome === "stored" ? `Stored ${state.sharesStored} contact(s)` : state.outcome === "duplicate" ? "Already stored: nothing new" : "Nothing to store (ignored)"} — logged as #{state.callbackId}
          </span>
        )}
        {state?.ok === false && <span className="text-rose-700 dark:text-rose-400">{state.error}</span>}
      </span>
    </form>
  );
}
