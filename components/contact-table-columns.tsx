"use client";

import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import { RelativeTime } from "./ui/relative-time";

/** Just what the table shows, built on the server from each contact. */
export type ContactTableRow = {
  id: number;
  name: string;
  hasName: boolean;
  phone: string | null;
  phoneCount: number;
  email: string | null;
  sender: string;
  business: string | null;
  campaign: string[];
  sentAt: string;
};

const column = createColumnHelper<ContactTableRow>();

/** Sortable columns and the server sort each maps to, ascending and descending. */
export const sortableColumns = {
  name: ["name", "name_desc"],
  phone: ["phone", "phone_desc"],
  sender: ["sender", "sender_desc"],
  campaign: ["campaign", "campaign_desc"],
  sentAt: ["oldest", "newest"],
} as const;

export const contactTableColumns = [
  column.accessor("name", {
    header: "Name",
    cell: (info) => (
      <Link href={`/contacts/${info.row.original.id}`} className={`focus-ring rounded font-medium hover:underline ${info.row.original.hasName ? "" : "italic text-slate-500"}`}>
        {info.getValue()}
      </Link>
    ),
  }),
  column.accessor("phone", {
    header: "Phone",
    cell: (info) => (
      <span className="tabular-nums whitespace-nowrap">
        {info.getValue() ?? "—"}
        {info.row.original.phoneCount > 1 && <span className="ml-1 text-xs text-slate-500">+{info.row.original.phoneCount - 1}</span>}
      </span>
    ),
  }),
  column.accessor("email", { header: "Email", enableSorting: false, cell: (info) => <span className="break-all">{info.getValue() ?? "—"}</span> }),
  column.accessor("sender", { header: "Sender" }),
  column.accessor("business", { header: "Business number", enableSorting: false, cell: (info) => <span className="tabular-nums">{info.getValue() ?? "—"}</span> }),
  column.accessor("campaign", {
    header: "Campaign",
    cell: (info) => (
      <span className="flex flex-wrap gap-1">
        {info.getValue().map((value) => (
          <span key={value} className="rounded-full bg-amber-50 px-2 text-xs text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800">
            {value}
          </span>
        ))}
      </span>
    ),
  }),
  column.accessor("sentAt", { header: "Sent", cell: (info) => <RelativeTime iso={info.getValue()} className="whitespace-nowrap" /> }),
];
