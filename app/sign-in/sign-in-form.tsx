"use client";

import { useState } from "react";

/** Posts the credentials to /api/auth/sign-in (which answers 401 / 429 with real statuses) and goes on to where the agent was headed. */
export function SignInForm({ returnTo }: { returnTo: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password"), next: returnTo }),
      });
      const result = (await response.json()) as { ok?: boolean; next?: string; error?: string; issues?: { path: string; message: string }[] };
      if (response.ok && result.next) {
        window.location.assign(result.next);
        return;
      }
      setError(result.issues?.length ? result.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ") : (result.error ?? "Sign-in failed"));
    } catch {
      setError("The server could not be reached. Try again.");
    }
    setPending(false);
  }

  return (
    <form onSubmit={submit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <label className="flex flex-col gap-1 text-sm font-medium">
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus className="input" />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Password
        <input name="password" type="password" autoComplete="current-password" required className="input" />
      </label>
      {error && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className="btn w-full justify-center border-emerald-700 bg-emerald-700 text-white hover:bg-emerald-800 disabled:opacity-60 dark:bg-emerald-700 dark:text-white">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
