"use client";

import { useActionState, useState } from "react";
import { deleteContactAction, type DeleteContactState } from "./actions";

/** "Delete", then a confirmation that says what deleting does; only admins see it. */
export function DeleteContactButton({ contactId, name }: { contactId: number; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<DeleteContactState, FormData>(deleteContactAction, null);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className="btn text-rose-700 dark:text-rose-400">
        Delete
      </button>
    );
  }
  return (
    <form action={action} role="group" aria-label="Confirm deletion" className="w-full space-y-2 rounded-xl border border-rose-300 bg-rose-50 p-4 text-sm dark:border-rose-800 dark:bg-rose-950">
      <input type="hidden" name="contactId" value={contactId} />
      <p className="font-medium text-rose-900 dark:text-rose-100">
        Delete <bdi>{name}</bdi> permanently?
      </p>
      <p className="text-rose-900 dark:text-rose-200">
        The card leaves the inbox, search, counts and exports, and is taken out of the stored callback. This cannot be undone (backups taken before keep it until they expire).
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={pending} className="btn border-rose-600 bg-rose-700 text-white hover:bg-rose-800 disabled:opacity-50 dark:bg-rose-700 dark:text-white">
          {pending ? "Deleting…" : "Delete permanently"}
        </button>
        <button type="button" onClick={() => setConfirming(false)} disabled={pending} className="btn">
          Cancel
        </button>
      </div>
      {state?.error && (
        <p role="alert" className="text-rose-800 dark:text-rose-300">
          {state.error}
        </p>
      )}
    </form>
  );
}
