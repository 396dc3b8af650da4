"use client";

import { useActionState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { addAgentAction, createTokenAction, resetPasswordAction, type AdminFormState } from "./actions";

function Result({ state }: { state: AdminFormState }) {
  if (!state) return null;
  if (!state.ok)
    return (
      <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">
        {state.error}
      </p>
    );
  return (
    <div role="status" className="space-y-1 text-sm text-emerald-800 dark:text-emerald-300">
      <p>{state.message}</p>
      {state.token && (
        <p className="flex items-center gap-2 rounded-md bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-900 dark:bg-slate-800 dark:text-slate-100">
          <span data-testid="new-token">{state.token}</span>
          <CopyButton value={state.token} label="API token" />
        </p>
      )}
    </div>
  );
}

export function AddAgentForm() {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(addAgentAction, null);
  return (
    <form action={action} aria-label="Add agent" className="grid gap-2 sm:grid-cols-[1fr_1fr_1fr_auto_auto] sm:items-end">
      <label className="flex flex-col gap-1 text-xs font-medium">
        Email
        <input name="email" type="email" required className="input" />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Name
        <input name="name" className="input" />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Password
        <input name="password" type="password" required minLength={10} autoComplete="new-password" className="input" />
      </label>
      <label className="flex h-9 items-center gap-2 text-sm">
        <input name="isAdmin" type="checkbox" /> Admin
      </label>
      <button type="submit" disabled={pending} className="btn">
        Add agent
      </button>
      <div className="sm:col-span-5">
        <Result state={state} />
      </div>
    </form>
  );
}

export function ResetPasswordForm({ agentId, email }: { agentId: number; email: string }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(resetPasswordAction, null);
  return (
    <form action={action} aria-label={`Reset password of ${email}`} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="agentId" value={agentId} />
      <label className="sr-only" htmlFor={`password-${agentId}`}>
        New password for {email}
      </label>
      <input id={`password-${agentId}`} name="password" type="password" required minLength={10} placeholder="New password" autoComplete="new-password" className="input h-8 w-40" />
      <button type="submit" disabled={pending} className="btn h-8 text-xs">
        Reset password
      </button>
      <Result state={state} />
    </form>
  );
}

export function CreateTokenForm() {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createTokenAction, null);
  return (
    <form action={action} aria-label="Create API token" className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-xs font-medium">
          Token name
          <input name="name" required maxLength={120} placeholder="e.g. CRM sync" className="input w-64" />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium">
          Expires
          <select name="expiresInDays" defaultValue="90" className="input w-40">
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="never">never</option>
          </select>
        </label>
        <button type="submit" disabled={pending} className="btn">
          Create token
        </button>
      </div>
      <Result state={state} />
    </form>
  );
}
