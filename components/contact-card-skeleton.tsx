/** The shape of a contact card while the page loads. */
export function ContactCardSkeleton() {
  return (
    <div aria-hidden className="h-56 animate-pulse rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex gap-3">
        <div className="h-10 w-10 rounded-full bg-slate-200 dark:bg-slate-800" />
        <div className="flex-1 space-y-2">
          <div className="h-4 w-2/3 rounded bg-slate-200 dark:bg-slate-800" />
          <div className="h-3 w-1/3 rounded bg-slate-200 dark:bg-slate-800" />
        </div>
      </div>
      <div className="mt-6 space-y-2">
        <div className="h-3 w-1/2 rounded bg-slate-200 dark:bg-slate-800" />
        <div className="h-3 w-3/5 rounded bg-slate-200 dark:bg-slate-800" />
      </div>
    </div>
  );
}
