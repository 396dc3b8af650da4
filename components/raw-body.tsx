"use client";

import { useState } from "react";

type Loaded = { text: string; format: string; truncated: boolean; totalChars: number } | { error: string };

/**
 * A stored callback body, fetched only when opened: the page itself carries a short preview, so
 * fifty deliveries cost the same whatever their bodies hold.
 */
export function RawBody({ callbackId, preview, summary = "Raw body", redacted = false }: { callbackId: number; preview: string; summary?: string; redacted?: boolean }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const url = `/api/deliveries/${callbackId}/body`;

  async function load(event: React.SyntheticEvent<HTMLDetailsElement>) {
    if (!event.currentTarget.open || loaded) return;
    try {
      const response = await fetch(url);
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        setLoaded({ error: body?.error ?? `Could not load the body (HTTP ${response.status})` });
        return;
      }
      setLoaded({
        text: await response.text(),
        format: response.headers.get("x-body-format") ?? "raw",
        truncated: response.headers.get("x-body-truncated") === "true",
        totalChars: Number(response.headers.get("x-body-total-chars") ?? 0),
      });
    } catch {
      setLoaded({ error: "Could not load the body: the server did not answer" });
    }
  }

  return (
    <details className="min-w-0 flex-1" onToggle={load}>
      <summary className="focus-ring cursor-pointer rounded text-sky-700 dark:text-sky-400">
        {summary} <span className="font-mono text-xs text-slate-500 dark:text-slate-400 wrap-anywhere">{preview}</span>
      </summary>
      {loaded === null ? (
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Loading…</p>
      ) : "error" in loaded ? (
        <p role="alert" className="mt-2 text-xs text-rose-700 dark:text-rose-400">{loaded.error}</p>
      ) : (
        <>
          <pre className="mt-2 max-h-96 overflow-auto rounded-md bg-slate-50 p-3 text-xs whitespace-pre-wrap wrap-anywhere dark:bg-slate-950">{loaded.text}</pre>
          <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500 dark:text-slate-400">
            {loaded.format === "raw" && <span>Shown as received (indenting it would make it much larger).</span>}
            {loaded.truncated && <span>Showing the first {loaded.text.length.toLocaleString()} of {loaded.totalChars.toLocaleString()} characters.</span>}
            <a href={`${url}?download=1`} download className="focus-ring rounded text-sky-700 hover:underline dark:text-sky-400">
              {redacted ? "Download as kept (redacted)" : "Download exactly as received"}
            </a>
          </p>
        </>
      )}
    </details>
  );
}
