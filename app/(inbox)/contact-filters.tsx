"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";

export type FilterOption = { value: string; label: string; count: number };

type ContactFiltersProps = {
  campaigns: FilterOption[];
  senders: FilterOption[];
  businesses: FilterOption[];
  total: number;
};

const searchDelayMs = 300;
const filterKeys = ["q", "campaign", "sender", "business", "from", "to", "ref", "ref1", "ref2", "waba", "message"] as const;

/** The filter bar. Every value lives in the URL: a link reproduces the view, back/forward and reload keep it. */
export function ContactFilters({ campaigns, senders, businesses, total }: ContactFiltersProps) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [query, setQuery] = useState(searchParams.get("q") ?? "");
  const lastPushedQuery = useRef(searchParams.get("q") ?? "");

  // Back/forward changes the URL under us: follow it.
  useEffect(() => {
    const fromUrl = searchParams.get("q") ?? "";
    if (fromUrl !== lastPushedQuery.current) {
      lastPushedQuery.current = fromUrl;
      setQuery(fromUrl);
    }
  }, [searchParams]);

  function navigate(patch: Record<string, string | null>, mode: "push" | "replace" = "push") {
    const params = new URLSearchParams(searchParams.toString());
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === "") params.delete(key);
      else params.set(key, value);
    }
    params.delete("page");
    const href = params.size ? `${pathname}?${params}` : pathname;
    startTransition(() => (mode === "push" ? router.push(href, { scroll: false }) : router.replace(href, { scroll: false })));
  }

  useEffect(() => {
    if (query === (searchParams.get("q") ?? "")) return;
    const timer = setTimeout(() => {
      lastPushedQuery.current = query;
      navigate({ q: query.trim() || null }, "replace");
    }, searchDelayMs);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  const active = filterKeys.some((key) => searchParams.get(key));

  return (
    <form role="search" aria-label="Filter contacts" onSubmit={(event) => event.preventDefault()} className="space-y-3">
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-[minmax(14rem,2fr)_repeat(3,minmax(9rem,1fr))_auto_auto]">
        <label className="col-span-2 flex flex-col gap-1 text-xs font-medium text-slate-600 sm:col-span-3 lg:col-span-1 dark:text-slate-400">
          Search
          <input
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Name, email, company or phone digits"
            className="input"
            autoComplete="off"
          />
        </label>
        <Select label="Campaign" name="campaign" options={campaigns} value={searchParams.get("campaign")} onChange={(value) => navigate({ campaign: value })} />
        <Select label="Sender" name="sender" options={senders} value={searchParams.get("sender")} onChange={(value) => navigate({ sender: value })} />
        <Select label="Business number" name="business" options={businesses} value={searchParams.get("business")} onChange={(value) => navigate({ business: value })} />
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
          From
          <input type="date" value={searchParams.get("from") ?? ""} onChange={(event) => navigate({ from: event.target.value || null })} className="input" />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
          To
          <input type="date" value={searchParams.get("to") ?? ""} onChange={(event) => navigate({ to: event.target.value || null })} className="input" />
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <p aria-live="polite" className="font-medium text-slate-700 dark:text-slate-300">
          {pending ? "Searching…" : `${total.toLocaleString()} ${total === 1 ? "contact" : "contacts"}${active ? " match" : ""}`}
        </p>
        {active && (
          <button
            type="button"
            onClick={() => {
              setQuery("");
              lastPushedQuery.current = "";
              navigate(Object.fromEntries(filterKeys.map((key) => [key, null])));
            }}
            className="focus-ring rounded text-sky-700 underline-offset-2 hover:underline dark:text-sky-400"
          >
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}

function Select({ label, name, options, value, onChange }: { label: string; name: string; options: FilterOption[]; value: string | null; onChange: (value: string | null) => void }) {
  const known = value === null || options.some((option) => option.value === value);
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
      {label}
      <select name={name} value={value ?? ""} onChange={(event) => onChange(event.target.value || null)} className="input">
        <option value="">All</option>
        {!known && value !== null && <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label} ({option.count.toLocaleString()})
          </option>
        ))}
      </select>
    </label>
  );
}
