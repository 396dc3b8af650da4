"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const pollEveryMs = 4000;

type LiveUpdatesProps = {
  /** The newest contact id the page was rendered with; anything above it is new. */
  afterId: number;
  /** The current filters as a query string, so only new contacts that match are counted. */
  filterQuery: string;
  /** Where "show" leads: the first page of the same view. */
  firstPageHref: string;
};

/**
 * Polls for contacts that arrived after the page was rendered and offers to show them. The list
 * itself never changes until the agent asks, so nothing moves under the pointer.
 */
export function LiveUpdates({ afterId, filterQuery, firstPageHref }: LiveUpdatesProps) {
  const router = useRouter();
  const [count, setCount] = useState(0);

  useEffect(() => {
    setCount(0);
    let cancelled = false;
    async function poll() {
      if (document.visibilityState === "hidden") return;
      try {
        const query = new URLSearchParams(filterQuery);
        query.set("after", String(afterId));
        const response = await fetch(`/api/contacts/updates?${query}`, { cache: "no-store" });
        if (!response.ok) return;
        const { count: newCount } = (await response.json()) as { count: number };
        if (!cancelled) setCount(newCount);
      } catch {
        // Offline for a moment: the next poll tries again.
      }
    }
    const timer = setInterval(poll, pollEveryMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [afterId, filterQuery]);

  return (
    <div aria-live="polite" className="min-h-0">
      {count > 0 && (
        <button
          type="button"
          onClick={() => {
            router.push(firstPageHref, { scroll: true });
            router.refresh();
          }}
          className="focus-ring fixed inset-x-0 top-3 z-20 mx-auto w-fit rounded-full bg-emerald-700 px-4 py-2 text-sm font-medium text-white shadow-lg hover:bg-emerald-800"
        >
          {count} new {count === 1 ? "contact" : "contacts"} — show
        </button>
      )}
    </div>
  );
}
