import Link from "next/link";
import { headers } from "next/headers";
import { countRejectedCallbacksSince } from "@/db/queries/callbacks";
import { countContacts, getLatestContactId, listCampaigns, listContacts, listFacetValues } from "@/db/queries/contacts";
import { ContactCard } from "@/components/contact-card";
import { ContactTable } from "@/components/contact-table";
import type { ContactTableRow } from "@/components/contact-table-columns";
import { toContactItem, type ContactItem } from "@/lib/contacts/contact-item";
import { contactTitle, refsOf } from "@/lib/contacts/display";
import { filterQuery, hasActiveFilters, inboxHref, type InboxView } from "@/lib/contacts/filter-links";
import { parseContactFilters } from "@/lib/contacts/filters";
import { requireAgent } from "@/lib/auth/current-agent";
import { publicBaseUrl } from "@/lib/http/public-url";
import { ContactFilters, type FilterOption } from "./contact-filters";
import { ContactsEmptyInbox, ContactsNoMatch } from "./contacts-empty";
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

  const items = listContacts(filters).map(toContactItem);
  const total = countContacts(filters);
  const filtered = hasActiveFilters(filters);
  const isEmptyInbox = total === 0 && !filtered && getLatestContactId() === 0;
  const rejectedToday = countRejectedCallbacksSince({ since: new Date(Date.now() - 24 * 3600 * 1000) });
  const callbackUrl = `${publicBaseUrl(await headers())}/api/callbacks/whatsapp`;
  const exportQuery = filterQuery(filters);

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
          <nav aria-label="View" className="inline-flex rounded-md shadow-sm">
            <Link href={inboxHref(filters, { page: filters.page }, "cards")} aria-current={view === "cards" ? "page" : undefined} className={`focus-ring rounded-l-md border px-3 py-1.5 text-sm font-medium ${view === "cards" ? "border-emerald-700 bg-emerald-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"}`}>
              Cards
            </Link>
            <Link href={inboxHref(filters, { page: filters.page }, "table")} aria-current={view === "table" ? "page" : undefined} className={`focus-ring -ml-px rounded-r-md border px-3 py-1.5 text-sm font-medium ${view === "table" ? "border-emerald-700 bg-emerald-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"}`}>
              Table
            </Link>
          </nav>
          <a href={`/api/contacts/export.vcf${exportQuery ? `?${exportQuery}` : ""}`} download className="btn">
            Export .vcf
          </a>
          <a href={`/api/contacts/export.csv${exportQuery ? `?${exportQuery}` : ""}`} download className="btn">
            Export .csv
          </a>
        </div>
      </div>

      <ContactFilters campaigns={campaignOptions()} senders={senderOptions()} businesses={businessOptions()} total={total} />
      <LiveUpdates afterId={getLatestContactId()} filterQuery={exportQuery} firstPageHref={inboxHref(filters, {}, view)} />

      {isEmptyInbox ? (
        <ContactsEmptyInbox callbackUrl={callbackUrl} />
      ) : items.length === 0 && filters.page === 1 ? (
        <ContactsNoMatch clearHref={inboxHref({}, {}, view)} />
      ) : view === "table" ? (
        <ContactTable rows={items.map(toTableRow)} sort={filters.sort} />
      ) : (
        <section aria-label="Contacts" className="grid grid-cols-1 items-start gap-4 md:grid-cols-2 xl:grid-cols-3">
          {items.map((item) => (
            <ContactCard key={item.id} item={item} campaignHref={(value) => inboxHref(filters, { campaign: value }, view)} />
          ))}
        </section>
      )}

      <Pagination page={filters.page} pageSize={filters.pageSize} total={total} hrefFor={(page) => inboxHref(filters, { page }, view)} />
    </main>
  );
}

/** One entry per campaign value, whichever ref field carries it, with the total count. */
function campaignOptions(): FilterOption[] {
  const byValue = new Map<string, number>();
  for (const campaign of listCampaigns()) byValue.set(campaign.value, (byValue.get(campaign.value) ?? 0) + campaign.count);
  return [...byValue].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value, count]) => ({ value, label: value, count }));
}

function senderOptions(): FilterOption[] {
  return listFacetValues({ facet: "sender" }).map((sender) => ({ value: sender.value, label: sender.label ? `${sender.label} · +${sender.value}` : sender.value, count: sender.count }));
}

function businessOptions(): FilterOption[] {
  return listFacetValues({ facet: "business" }).map((business) => ({ value: business.value, label: `+${business.value.replace(/^\+/, "")}`, count: business.count }));
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
    sender: item.sender.profileName ? `${item.sender.profileName}${item.sender.waId ? ` (+${item.sender.waId})` : ""}` : (item.sender.waId ?? item.sender.userId ?? "—"),
    business: item.business.displayPhoneNumber,
    campaign: refsOf(item).map((ref) => ref.value),
    sentAt: item.sentAt ?? item.receivedAt,
  };
}
