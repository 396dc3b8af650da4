import Link from "next/link";
import { LinkPendingHint } from "@/components/ui/link-pending-hint";

type PaginationProps = { page: number; pageSize: number; total: number; totalLabel: string; hrefFor: (page: number) => string };

/** Previous / next and where we are; links, so paging keeps every filter and works without JavaScript. */
export function Pagination({ page, pageSize, total, totalLabel, hrefFor }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page === 1) return null;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-slate-600 dark:text-slate-400">
        {first > last ? `Page ${page} is past the end` : `${first.toLocaleString()}–${last.toLocaleString()} of ${totalLabel}`}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className="btn" href={hrefFor(Math.min(page - 1, pages))} rel="prev">
            ← Previous
            <LinkPendingHint />
          </Link>
        ) : (
          <span aria-disabled className="btn pointer-events-none opacity-40">← Previous</span>
        )}
        <span className="self-center text-slate-600 dark:text-slate-400">
          Page {page}{totalLabel.endsWith("+") ? "" : ` of ${pages.toLocaleString()}`}
        </span>
        {page < pages ? (
          <Link className="btn" href={hrefFor(page + 1)} rel="next">
            Next →
            <LinkPendingHint />
          </Link>
        ) : (
          <span aria-disabled className="btn pointer-events-none opacity-40">Next →</span>
        )}
      </div>
    </nav>
  );
}
