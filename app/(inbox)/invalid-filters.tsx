import Link from "next/link";
import type { InputIssue } from "@/lib/callbacks/normalized";

/** A hand-edited or stale link with a bad filter: say which, and offer the plain inbox. */
export function InvalidFilters({ issues }: { issues: InputIssue[] }) {
  return (
    <main className="mx-auto max-w-xl px-4 py-12">
      <section role="alert" className="rounded-xl border border-amber-300 bg-amber-50 p-6 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
        <h1 className="text-lg font-semibold">This link has filters we can’t read</h1>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm">
          {issues.map((issue) => (
            <li key={issue.path}>
              <code>{issue.path}</code> {issue.message}
            </li>
          ))}
        </ul>
        <Link href="/" className="btn mt-4">
          Open the inbox without filters
        </Link>
      </section>
    </main>
  );
}
