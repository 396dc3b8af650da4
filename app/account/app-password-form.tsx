"use client";

import { useActionState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { createAppPasswordAction, type AppPasswordFormState } from "./actions";

export function CreateAppPasswordForm() {
  const [state, action, pending] = useActionState<AppPasswordFormState, FormData>(createAppPasswordAction, null);
  return (
    <form action={action} aria-label="Create app password" className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-xs font-medium">
          Name (the device or app it is for)
          <input name="name" required maxLength={80} placeholder="e.g. iPhone, Thunderbird" className="input w-72" />
        </label>
        <button type="submit" disabled={pending} className="btn">
          Create app password
        </button>
      </div>
      {state && !state.ok && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">
          {state.error}
        </p>
      )}
      {state?.ok && (
        <div role="status" className="space-y-1 text-sm text-emerald-800 dark:text-emerald-300">
          <p>{state.message}</p>
          <p className="flex items-center gap-2 rounded-md bg-slate-100 px-2 py-1 font-mono text-base break-all text-slate-900 dark:bg-slate-800 dark:text-slate-100">
            <span data-testid="new-app-password">{state.password}</span>
            <CopyButton value={state.password} label="app password" />
          </p>
        </div>
      )}
    </form>
  );
}
