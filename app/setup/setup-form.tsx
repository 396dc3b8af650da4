"use client";

import { useActionState } from "react";
import { createFirstAdminAction, type SetupState } from "./actions";

export function SetupForm() {
  const [state, action, pending] = useActionState<SetupState, FormData>(createFirstAdminAction, null);
  return (
    <form action={action} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <label className="flex flex-col gap-1 text-sm font-medium">
        Setup code
        <input name="code" required autoComplete="one-time-code" className="input font-mono uppercase" placeholder="XXXX-XXXX-XXXX" />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Your name
        <input name="name" autoComplete="name" defaultValue={state?.values?.name} className="input" />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Email
        <input name="email" type="email" required autoComplete="username" defaultValue={state?.values?.email} className="input" />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Password
        <input name="password" type="password" required minLength={10} autoComplete="new-password" className="input" />
        <span className="text-xs font-normal text-slate-500 dark:text-slate-400">At least 10 characters.</span>
      </label>
      {state?.error && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending} className="btn w-full justify-center border-emerald-700 bg-emerald-700 text-white hover:bg-emerald-800 disabled:opacity-60 dark:bg-emerald-700 dark:text-white">
        {pending ? "Creating…" : "Create admin and sign in"}
      </button>
    </form>
  );
}
