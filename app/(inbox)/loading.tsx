import { ContactCardSkeleton } from "@/components/contact-card-skeleton";

export default function InboxLoading() {
  return (
    <main aria-busy="true" aria-label="Loading contacts" className="mx-auto max-w-7xl space-y-5 px-4 py-6 sm:px-6">
      <div className="h-8 w-56 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-16 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
        {Array.from({ length: 6 }, (_, index) => (
          <ContactCardSkeleton key={index} />
        ))}
      </div>
    </main>
  );
}
