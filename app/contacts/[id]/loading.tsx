import { ContactCardSkeleton } from "@/components/contact-card-skeleton";

export default function ContactLoading() {
  return (
    <main aria-busy="true" aria-label="Loading contact" className="mx-auto max-w-5xl space-y-6 px-4 py-6 sm:px-6">
      <div className="h-8 w-72 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <ContactCardSkeleton />
    </main>
  );
}
