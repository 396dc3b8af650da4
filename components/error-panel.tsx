"use client";

/** What a segment shows when loading its data failed: a clear message and a retry, never a blank page. */
export function ErrorPanel({ title, reset, digest }: { title: string; reset: () => void; digest?: string }) {
  return (
    <main className="mx-auto max-w-xl px-4 py-12">
      <section role="alert" className="rounded-xl border border-rose-300 bg-rose-50 p-6 text-rose-950 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
        <h1 className="text-lg font-semibold">{title}</h1>
        <p className="mt-2 text-sm">The server could not load this page. It may be a passing problem with the database; try again in a moment.</p>
        {digest && <p className="mt-2 text-xs opacity-70">Reference: {digest}</p>}
        <button type="button" onClick={reset} className="btn mt-4">
          Try again
        </button>
      </section>
    </main>
  );
}
