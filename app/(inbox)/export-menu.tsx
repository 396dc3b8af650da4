"use client";

import { useEffect, useRef } from "react";

type ExportMenuProps = {
  /** The inbox's filters as a query string (no page): every export downloads exactly what the inbox shows. */
  filterQuery: string;
};

/** The formats an agent can export to, each with who it is for. */
const exportOptions = [
  { label: "vCard 3.0", hint: "For phones, Mac and most address books", path: "/api/contacts/export.vcf", params: {} },
  { label: "vCard 4.0", hint: "The newer standard: CardDAV servers, Thunderbird, khard", path: "/api/contacts/export.vcf", params: { version: "4.0" } },
  { label: "CSV for spreadsheets", hint: "Every field, for Excel, Numbers or Sheets", path: "/api/contacts/export.csv", params: {} },
  { label: "CSV for Google Contacts", hint: "Import it at contacts.google.com", path: "/api/contacts/export.csv", params: { format: "google" } },
  { label: "CSV for Outlook", hint: "Import it in Outlook or Outlook.com", path: "/api/contacts/export.csv", params: { format: "outlook" } },
] as const;

/**
 * One "Export" disclosure instead of a button per format. A <details> opens and closes without
 * JavaScript; with it, the menu also closes on Escape, on a click outside and once a format is chosen.
 */
export function ExportMenu({ filterQuery }: ExportMenuProps) {
  const menu = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    const details = menu.current;
    if (!details) return;
    const close = () => {
      details.open = false;
    };
    const onPointerDown = (event: PointerEvent) => {
      if (details.open && !details.contains(event.target as Node)) close();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !details.open) return;
      close();
      details.querySelector("summary")?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    details.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      details.removeEventListener("keydown", onKeyDown);
    };
  }, []);

  return (
    <details ref={menu} className="relative">
      <summary className="btn cursor-pointer list-none [&::-webkit-details-marker]:hidden">
        Export
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4 text-slate-500 dark:text-slate-400">
          <path fillRule="evenodd" d="M5.23 7.21a.75.75 0 0 1 1.06.02L10 11.17l3.71-3.94a.75.75 0 1 1 1.08 1.04l-4.25 4.5a.75.75 0 0 1-1.08 0l-4.25-4.5a.75.75 0 0 1 .02-1.06Z" clipRule="evenodd" />
        </svg>
      </summary>
      {/* On a phone the button may sit mid-row: the list then spans the screen, just below it. */}
      <ul className="absolute right-0 z-20 mt-1 w-80 rounded-lg border border-slate-200 bg-white p-1 shadow-lg max-sm:fixed max-sm:inset-x-4 max-sm:w-auto dark:border-slate-700 dark:bg-slate-900">
        {exportOptions.map((option) => (
          <li key={option.label}>
            <a
              href={exportHref(option.path, filterQuery, option.params)}
              download
              onClick={() => {
                if (menu.current) menu.current.open = false;
              }}
              className="focus-ring block rounded-md px-3 py-2 hover:bg-slate-50 dark:hover:bg-slate-800"
            >
              <span className="block text-sm font-medium text-slate-900 dark:text-slate-100">{option.label}</span>
              <span className="block text-xs text-slate-600 dark:text-slate-400">{option.hint}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

function exportHref(path: string, filterQuery: string, params: Record<string, string>): string {
  const query = new URLSearchParams(filterQuery);
  for (const [key, value] of Object.entries(params)) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
