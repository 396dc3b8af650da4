"use client";

import { flexRender, getCoreRowModel, useReactTable, type SortingState, type VisibilityState } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { contactTableColumns, sortableColumns, type ContactTableRow } from "./contact-table-columns";

const visibilityStorageKey = "contact-inbox.table.columns";

/** The inbox as a table: sorting and paging happen on the server (through the URL); column choice is remembered per browser. */
export function ContactTable({ rows, sort }: { rows: ContactTableRow[]; sort: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>({});
  const columnsMenu = useDisclosure();

  useEffect(() => {
    try {
      const saved = localStorage.getItem(visibilityStorageKey);
      if (saved) setColumnVisibility(JSON.parse(saved) as VisibilityState);
    } catch {
      // A broken saved value just means every column is shown.
    }
  }, []);

  const sorting: SortingState = Object.entries(sortableColumns).flatMap(([id, [asc, desc]]): SortingState =>
    sort === asc || sort === desc ? [{ id, desc: sort === desc }] : [],
  );

  const table = useReactTable({
    data: rows,
    columns: contactTableColumns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    state: { sorting, columnVisibility },
    onColumnVisibilityChange: (updater) => {
      setColumnVisibility((previous) => {
        const next = typeof updater === "function" ? updater(previous) : updater;
        localStorage.setItem(visibilityStorageKey, JSON.stringify(next));
        return next;
      });
    },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      const sorts = first ? sortableColumns[first.id as keyof typeof sortableColumns] : undefined;
      const params = new URLSearchParams(searchParams.toString());
      params.delete("page");
      if (sorts) params.set("sort", first!.desc ? sorts[1] : sorts[0]);
      router.push(`${pathname}?${params}`, { scroll: false });
    },
  });

  return (
    <div className="space-y-2">
      <div ref={columnsMenu.containerRef} className="relative w-fit text-sm">
        <button ref={columnsMenu.buttonRef} type="button" {...columnsMenu.buttonProps} className="btn">
          Columns
          <svg aria-hidden viewBox="0 0 20 20" className={`h-4 w-4 transition-transform ${columnsMenu.open ? "rotate-180" : ""}`} fill="none" stroke="currentColor" strokeWidth="1.8"><path d="m5 8 5 5 5-5" /></svg>
        </button>
        <fieldset {...columnsMenu.panelProps} className="absolute z-10 mt-1 w-52 space-y-1 rounded-md border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <legend className="sr-only">Visible columns</legend>
          {table.getAllLeafColumns().map((column) => (
            <label key={column.id} className="flex items-center gap-2">
              <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} disabled={column.id === "name"} />
              {String(column.columnDef.header)}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        {/* Below this width the table scrolls sideways, its Name column staying in view, rather than squeezing every column. */}
        <table className="w-full min-w-[60rem] text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-400">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th key={header.id} scope="col" className={`px-3 py-2 font-semibold ${header.column.id === "name" ? "sticky-name bg-slate-50 dark:bg-slate-800" : ""}`} aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                      {header.column.getCanSort() ? (
                        <button type="button" onClick={header.column.getToggleSortingHandler()} className="focus-ring inline-flex items-center gap-1 rounded uppercase hover:text-slate-900 dark:hover:text-slate-100">
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden className="text-[10px]">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="contact-rows">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={cell.column.id === "name" ? "sticky-name" : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A button that shows and hides a panel, and closes it on Escape (focus back on the button) or a click outside. */
function useDisclosure() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const containerRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!containerRef.current?.contains(event.target as Node)) setOpen(false);
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    }
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);
  return {
    open,
    containerRef,
    buttonRef,
    buttonProps: { "aria-expanded": open, "aria-controls": panelId, onClick: () => setOpen((value) => !value) },
    panelProps: { id: panelId, hidden: !open },
  };
}
