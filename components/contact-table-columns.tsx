"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { RelativeTimePlain } from "./ui/relative-time-plain";

/** Just what the table shows, built on the server from each contact. */
export type ContactTableRow = {
  id: number;
  name: string;
  hasName: boolean;
  phone: string | null;
  phoneCount: number;
  email: string | null;
  /** Profile name and number (or user id), shown apart so a right-to-left name cannot reorder the number. */
  sender: { name: string | null; number: string | null };
  /** Formatted for people: "+91 80 4567 8900". */
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
      // A plain link (ContactListHandlers navigates in the page): a next/link per row would prefetch 50 contact pages.
      <a href={`/contacts/${info.row.original.id}`} className={info.row.original.hasName ? "row-name" : "row-name text-slate-500 dark:text-slate-400 italic"}>
        <bdi>{info.getValue()}</bdi>
      </a>
    ),
  }),
  column.accessor("phone", {
    header: "Phone",
    cell: (info) => (
      <span className="flex flex-col">
        <span className="whitespace-nowrap tabular-nums">{info.getValue() ?? "—"}</span>
        {info.row.original.phoneCount > 1 && <ExtraPhones count={info.row.original.phoneCount - 1} />}
      </span>
    ),
  }),
  column.accessor("email", { header: "Email", enableSorting: false, cell: (info) => <span className="block max-w-[22rem] break-words">{info.getValue() ?? "—"}</span> }),
  column.accessor((row) => row.sender.name ?? row.sender.number ?? "", {
    id: "sender",
    header: "Sender",
    cell: (info) => {
      const { name, number } = info.row.original.sender;
      return (
        <span className="flex flex-col">
          {name && (
            <span className="wrap-anywhere">
              <bdi>{name}</bdi>
            </span>
          )}
          {number && <span className={`whitespace-nowrap tabular-nums ${name ? "text-xs text-slate-500 dark:text-slate-400" : ""}`}>{number}</span>}
          {!name && !number && "—"}
        </span>
      );
    },
  }),
  column.accessor("business", { header: "Business number", enableSorting: false, cell: (info) => <span className="whitespace-nowrap tabular-nums">{info.getValue() ?? "—"}</span> }),
  column.accessor("campaign", {
    header: "Campaign",
    cell: (info) => (
      <span className="flex max-w-[16rem] min-w-[12rem] flex-wrap gap-1">
        {info.getValue().map((value) => (
          <bdi key={value} className="chip max-w-full text-xs wrap-anywhere">
            {value}
          </bdi>
        ))}
      </span>
    ),
  }),
  column.accessor("sentAt", { header: "Sent", cell: (info) => <RelativeTimePlain iso={info.getValue()} /> }),
];

/** "+1 more", read as "+1 more phone number". */
function ExtraPhones({ count }: { count: number }) {
  return (
    <span className="text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">
      +{count} more<span className="sr-only"> {count === 1 ? "phone number" : "phone numbers"}</span>
    </span>
  );
}
