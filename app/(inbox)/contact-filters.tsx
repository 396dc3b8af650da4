"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import type { FilterOption, FilterOptions } from "@/lib/contacts/filter-options";

type ContactFiltersProps = {
  /** The newest share's id when the page was rendered: lists loaded before a newer share are loaded again. */
  latestId: number;
  total: number;
  /** The count as shown: "1,000+" when a search has more matches than it counts. */
  totalLabel: string;
};

const searchDelayMs = 300;
/** Lists loaded this long ago are loaded again (deletions change counts without a newer share). */
const optionsFreshForMs = 60_000;

/**
 * The filter lists, kept for the browser tab: the bar mounts again on every visit to the inbox
 * from another page, and the lists only change when shares arrive or go.
 */
let loadedOptions: { options: FilterOptions; latestId: number; at: number } | null = null;

/**
 * The lists from /api/contacts/filter-options, loaded once the bar is on screen: the page does not
 * carry them (they were a tenth of its HTML and of its server time on every view, page turn and
 * filter change). Lists from before the page's newest share are shown while newer ones load.
 */
function useFilterOptions(latestId: number): FilterOptions | null {
  const [options, setOptions] = useState<FilterOptions | null>(null);
  useEffect(() => {
    if (loadedOptions) setOptions(loadedOptions.options);
    if (loadedOptions && loadedOptions.latestId >= latestId && Date.now() - loadedOptions.at < optionsFreshForMs) return;
    let current = true;
    fetch("/api/contacts/filter-options", { headers: { accept: "application/json" } })
      .then((response) => (response.ok ? (response.json() as Promise<FilterOptions>) : null))
      .then((loaded) => {
        if (!loaded) return;
        loadedOptions = { options: loaded, latestId, at: Date.now() };
        if (current) setOptions(loaded);
      })
      // Without the lists the bar still filters by what the URL holds, and search works.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [latestId]);
  return options;
}
const filterKeys = ["q", "campaign", "sender", "business", "from", "to", "ref", "ref1", "ref2", "waba", "message", "person"] as const;

/**
 * The filter bar. Every value lives in the URL: a link reproduces the view, back/forward and reload keep it.
 * On a phone only the search box shows; the other filters open under a "Filters" button that counts the active ones.
 */
export function ContactFilters({ latestId, total, totalLabel }: ContactFiltersProps) {
  const options = useFilterOptions(latestId);
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [query, setQuery] = useState(searchParams.get("q") ?? "");
  const lastPushedQuery = useRef(searchParams.get("q") ?? "");
  const [filtersOpen, setFiltersOpen] = useState(false);
  const panelId = useId();
  const searchInput = useRef<HTMLInputElement>(null);

  // "/" anywhere on the page (outside a field) jumps to the search box, as in GitHub or Gmail.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      event.preventDefault();
      searchInput.current?.focus();
      searchInput.current?.select();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

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

  // One history entry per settled query (not per keystroke), so Back returns to the previous search.
  useEffect(() => {
    const current = searchParams.get("q") ?? "";
    if (query === current || query.trim() === current) return;
    const timer = setTimeout(() => {
      lastPushedQuery.current = query;
      navigate({ q: query.trim() || null });
    }, searchDelayMs);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  const active = filterKeys.some((key) => searchParams.get(key));
  const activeBesidesSearch = filterKeys.filter((key) => key !== "q" && searchParams.get(key)).length;

  return (
    <form role="search" aria-label="Filter contacts" onSubmit={(event) => event.preventDefault()} className="space-y-3">
      <div className="grid grid-cols-[minmax(0,1fr)_auto] gap-2 sm:grid-cols-3 lg:grid-cols-[minmax(14rem,2fr)_repeat(3,minmax(9rem,1fr))_auto_auto]">
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 sm:col-span-3 lg:col-span-1 dark:text-slate-400">
          <span className="flex items-baseline justify-between gap-2">
            Search
            <kbd aria-hidden title="Press / to search" className="hidden rounded border border-slate-300 px-1 font-sans text-[10px] leading-4 font-normal text-slate-500 sm:inline dark:border-slate-600 dark:text-slate-400">
              /
            </kbd>
          </span>
          <input
            ref={searchInput}
            type="search"
            aria-keyshortcuts="/"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Name, email, company or phone"
            className="input"
            autoComplete="off"
          />
        </label>
        <button type="button" aria-expanded={filtersOpen} aria-controls={panelId} onClick={() => setFiltersOpen((open) => !open)} className="btn self-end sm:hidden">
          <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.8"><path d="M3 5h14M6 10h8M9 15h2" /></svg>
          Filters
          {activeBesidesSearch > 0 && (
            <span className="rounded-full bg-emerald-700 px-1.5 text-xs leading-5 text-white">
              {activeBesidesSearch}
              <span className="sr-only"> active</span>
            </span>
          )}
        </button>
        <div id={panelId} className={`${filtersOpen ? "col-span-2 grid grid-cols-2 gap-2" : "hidden"} sm:contents`}>
          <Select label="Campaign" name="campaign" options={options?.campaigns} value={searchParams.get("campaign")} onChange={(value) => navigate({ campaign: value })} />
          <Select label="Sender" name="sender" options={options?.senders} value={searchParams.get("sender")} onChange={(value) => navigate({ sender: value })} />
          <Select label="Business number" name="business" options={options?.businesses} value={searchParams.get("business")} onChange={(value) => navigate({ business: value })} />
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
            From
            <input type="date" value={searchParams.get("from") ?? ""} onChange={(event) => navigate({ from: event.target.value || null })} className="input" />
          </label>
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
            To
            <input type="date" value={searchParams.get("to") ?? ""} onChange={(event) => navigate({ to: event.target.value || null })} className="input" />
          </label>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <p aria-live="polite" className="font-medium text-slate-700 dark:text-slate-300">
          {pending ? "Searching…" : `${totalLabel} ${total === 1 ? "contact" : "contacts"}${active ? (total === 1 ? " matches" : " match") : ""}`}
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

/** A filter list; `options` is undefined while the lists load (the current value shows meanwhile). */
function Select({ label, name, options, value, onChange }: { label: string; name: string; options: FilterOption[] | undefined; value: string | null; onChange: (value: string | null) => void }) {
  const known = value === null || (options ?? []).some((option) => option.value === value);
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
      {label}
      <select name={name} value={value ?? ""} onChange={(event) => onChange(event.target.value || null)} aria-busy={options === undefined} className="input">
        <option value="">All</option>
        {!known && value !== null && <option value={value}>{value}</option>}
        {(options ?? []).map((option) => (
          // One string: three text pieces would each be a node, with separators between them, 75 options over.
          <option key={option.value} value={option.value}>
            {`${option.label} (${option.count.toLocaleString()})`}
          </option>
        ))}
      </select>
    </label>
  );
}
