import Link from "next/link";
import { headers } from "next/headers";
import { getStore } from "@/app/_server/store";
import { ContactListHandlers } from "@/components/contact-list-handlers";
import { ContactCardList } from "@/components/contact-card-list";
import { ContactTable } from "@/components/contact-table";
import type { ContactTableRow } from "@/components/contact-table-columns";
import { toContactCardView } from "@/lib/contacts/contact-card-view";
import { toContactItem, type ContactItem } from "@/lib/contacts/contact-item";
import { contactTitle, formatWhatsAppNumber, refsOf, senderOf } from "@/lib/contacts/display";
import { filterQuery, hasActiveFilters, inboxHref, type InboxView } from "@/lib/contacts/filter-links";
import { parseContactFilters } from "@/lib/contacts/filters";
import { requireAgent } from "@/app/_server/current-agent";
import { env } from "@/lib/env";
import { countIsExact, searchCountCap } from "@/lib/model/contact-query";
import { publicBaseUrl } from "@/lib/http/public-url";
import { ContactFilters } from "./contact-filters";
import { ContactsEmptyInbox, ContactsNoMatch } from "./contacts-empty";
import { ExportMenu } from "./export-menu";
import { InvalidFilters } from "./invalid-filters";
import { LiveUpdates } from "./live-updates";
import { Pagination } from "./pagination";

export const dynamic = "force-dynamic";

type InboxPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function InboxPage({ searchParams }: InboxPageProps) {
  await requireAgent();
  const params = await searchParams;
  const view: InboxView = params.view === "table" ? "table" : "cards";
  const parsed = parseContactFilters(params);
  if (!parsed.ok) return <InvalidFilters issues={parsed.issues} />;
  const { filters } = parsed;

  const store = await getStore();
  const [rows, total, latestId, rejectedToday] = await Promise.all([
    store.listContacts(filters),
    store.countContacts(filters),
    store.getLatestContactId(),
    store.countRejectedCallbacksSince({ since: new Date(Date.now() - 24 * 3600 * 1000) }),
  ]);
  const items = rows.map(toContactItem);
  // A search counts up to searchCountCap matches: more reads as "1,000+".
  const totalLabel = countIsExact(filters, total) ? total.toLocaleString() : `${searchCountCap.toLocaleString()}+`;
  const filtered = hasActiveFilters(filters);
  const isEmptyInbox = total === 0 && !filtered && latestId === 0;
  const callbackUrl = `${publicBaseUrl(await headers())}/api/callbacks/whatsapp`;
  const exportQuery = filterQuery(filters);
  // 50 cards name the same few campaigns: each link is built once.
  const campaignHrefs = new Map<string, string>();
  const campaignHref = (value: string) => campaignHrefs.get(value) ?? campaignHrefs.set(value, inboxHref(filters, { campaign: value }, view)).get(value)!;

  return (
    <main className="mx-auto max-w-7xl space-y-5 px-4 py-6 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Shared contacts</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">Contact cards your customers shared on WhatsApp, newest first.</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {rejectedToday > 0 && (
            <Link href="/deliveries?outcome=rejected" className="focus-ring rounded-full bg-rose-50 px-3 py-1 text-xs font-medium text-rose-800 ring-1 ring-rose-200 hover:bg-rose-100 dark:bg-rose-950 dark:text-rose-200 dark:ring-rose-800">
              {rejectedToday} rejected {rejectedToday === 1 ? "callback" : "callbacks"} in 24 h
            </Link>
          )}
          {!isEmptyInbox && (
            <>
              <nav aria-label="View" className="inline-flex rounded-md shadow-sm">
                <Link href={inboxHref(filters, { page: filters.page }, "cards")} aria-current={view === "cards" ? "page" : undefined} className={`focus-ring rounded-l-md border px-3 py-1.5 text-sm font-medium ${view === "cards" ? "border-emerald-700 bg-emerald-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"}`}>
                  Cards
                </Link>
                <Link href={inboxHref(filters, { page: filters.page }, "table")} aria-current={view === "table" ? "page" : undefined} className={`focus-ring -ml-px rounded-r-md border px-3 py-1.5 text-sm font-medium ${view === "table" ? "border-emerald-700 bg-emerald-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"}`}>
                  Table
                </Link>
              </nav>
              <ExportMenu filterQuery={exportQuery} />
            </>
          )}
        </div>
      </div>

      {!isEmptyInbox && <ContactFilters latestId={latestId} total={total} totalLabel={totalLabel} />}
      <LiveUpdates afterId={latestId} filterQuery={exportQuery} firstPageHref={inboxHref(filters, {}, view)} />

      {isEmptyInbox ? (
        <ContactsEmptyInbox callbackUrl={callbackUrl} callbackTokenHeader={env.CALLBACK_TOKEN !== undefined ? env.CALLBACK_TOKEN_HEADER : null} />
      ) : items.length === 0 && filters.page === 1 ? (
        <ContactsNoMatch clearHref={inboxHref({}, {}, view)} />
      ) : (
        <>
          {view === "table" ? <ContactTable rows={items.map(toTableRow)} sort={filters.sort} /> : <ContactCardList views={items.map((item) => toContactCardView(item, campaignHref))} />}
          <ContactListHandlers />
        </>
      )}

      <Pagination page={filters.page} pageSize={filters.pageSize} total={total} totalLabel={totalLabel} hrefFor={(page) => inboxHref(filters, { page }, view)} />
    </main>
  );
}

function toTableRow(item: ContactItem): ContactTableRow {
  const title = contactTitle(item);
  return {
    id: item.id,
    name: title.text,
    hasName: title.isName,
    phone: item.phones[0]?.phone ?? item.phones[0]?.e164 ?? null,
    phoneCount: item.phones.length,
    email: item.emails[0]?.email ?? null,
    sender: senderOf(item),
    business: formatWhatsAppNumber(item.business.displayPhoneNumber),
    campaign: refsOf(item).map((ref) => ref.value),
    sentAt: item.sentAt ?? item.receivedAt,
  };
}
