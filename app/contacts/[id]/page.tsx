import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getStore } from "@/app/_server/store";
import { ContactAvatar } from "@/components/contact-avatar";
import { ContactCard } from "@/components/contact-card";
import { RelativeTime } from "@/components/ui/relative-time";
import { RelativeTimePlain } from "@/components/ui/relative-time-plain";
import { CopyButtonPlain } from "@/components/ui/copy-button-plain";
import { ContactListHandlers } from "@/components/contact-list-handlers";
import { requireAgent } from "@/app/_server/current-agent";
import { contactIdSchema } from "@/lib/contacts/contact-id";
import { toContactItem, type ContactItem } from "@/lib/contacts/contact-item";
import { toContactCardView } from "@/lib/contacts/contact-card-view";
import { contactTitle, formatWhatsAppNumber, refsOf, senderOf } from "@/lib/contacts/display";
import { inboxHref } from "@/lib/contacts/filter-links";
import { contactKeyOf } from "@/lib/model/campaign-counters";
import { RawBody } from "@/components/raw-body";
import { bodyPreview } from "@/lib/callbacks/raw-body-view";
import { DeleteContactButton } from "./delete-contact-button";

export const dynamic = "force-dynamic";

/** Senders are counted over a person's newest shares, this many at most: the page stays one bounded read. */
const personSenderScan = 1000;

type ContactPageProps = { params: Promise<{ id: string }> };

async function loadContact(rawId: string) {
  const id = contactIdSchema.safeParse(rawId);
  if (!id.success) return null;
  return (await getStore()).getContactWithRawById({ id: id.data });
}

export async function generateMetadata({ params }: ContactPageProps): Promise<Metadata> {
  await requireAgent();
  const found = await loadContact((await params).id);
  return { title: found ? contactTitle(toContactItem(found.contact)).text : "Contact not found" };
}

export default async function ContactPage({ params }: ContactPageProps) {
  const agent = await requireAgent();
  const found = await loadContact((await params).id);
  if (!found) notFound();
  const store = await getStore();
  const item = toContactItem(found.contact);
  const sender = item.sender.waId ?? item.sender.userId;
  const senderShown = senderOf(item);
  const person = contactKeyOf(found.contact);
  const [messageRows, senderRows, personShares] = await Promise.all([
    store.listContactsOfMessage({ messageId: item.messageId }),
    sender ? store.listContacts({ sender, sort: "newest", page: 1, pageSize: 11 }) : Promise.resolve([]),
    person ? store.countPersonShares({ key: person, senderScan: personSenderScan }) : Promise.resolve(null),
  ]);
  const sameMessage = messageRows.map(toContactItem);
  const fromSameSender = senderRows
    .map(toContactItem)
    .filter((other) => other.messageId !== item.messageId)
    .slice(0, 10);

  return (
    <main className="mx-auto max-w-5xl space-y-6 px-4 py-6 sm:px-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="focus-ring rounded text-sky-700 hover:underline dark:text-sky-400">
          ← All contacts
        </Link>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <ContactAvatar item={item} size="lg" />
        <h1 className="min-w-0 flex-1 text-2xl font-semibold tracking-tight wrap-anywhere">{contactTitle(item).text}</h1>
        {agent.isAdmin && <DeleteContactButton contactId={item.id} name={contactTitle(item).text} />}
      </div>
      {person && personShares && personShares.shares > 1 && (
        <p className="-mt-3 text-sm text-slate-600 dark:text-slate-400">
          <a href={inboxHref({}, { person })} className="focus-ring rounded text-sky-700 hover:underline dark:text-sky-400">
            Shared {personShares.shares.toLocaleString("en")} times by {personShares.sendersExact ? "" : "at least "}
            {personShares.senders.toLocaleString("en")} {personShares.senders === 1 ? "sender" : "senders"}
          </a>{" "}
          ({!person.startsWith("name:") ? "matched by phone number" : item.phones.length > 0 ? "matched by the name on the card: none of its phone numbers is a complete international number" : "matched by the name on the card, which has no phone number"})
        </p>
      )}

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <ContactCard view={toContactCardView(item, (value) => inboxHref({}, { campaign: value }))} hideTitle />
        <section aria-labelledby="message-title" className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="message-title" className="font-semibold">Message details</h2>
          <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] items-baseline gap-x-4 gap-y-1.5 text-sm">
            <Detail label="Sent">{item.sentAt ? <RelativeTime iso={item.sentAt} showExact /> : "unknown (no usable timestamp)"}</Detail>
            <Detail label="Received">
              <RelativeTime iso={item.receivedAt} showExact />
            </Detail>
            <Detail label="Sender">
              {senderShown.name || item.sender.waId ? (
                <span>
                  {senderShown.name && <bdi>{senderShown.name}</bdi>}
                  {senderShown.name && item.sender.waId && " · "}
                  {item.sender.waId && <span className="keep-together tabular-nums">{formatWhatsAppNumber(item.sender.waId)}</span>}
                </span>
              ) : null}
            </Detail>
            <Detail label="Sender user id" copy>{item.sender.userId}</Detail>
            <Detail label="Business number">{formatWhatsAppNumber(item.business.displayPhoneNumber)}</Detail>
            <Detail label="Phone number id" copy>{item.business.phoneNumberId}</Detail>
            <Detail label="WABA id" copy>{item.business.wabaId}</Detail>
            <Detail label="ref">{item.refs.ref}</Detail>
            <Detail label="ref1">{item.refs.ref1}</Detail>
            <Detail label="ref2">{item.refs.ref2}</Detail>
            <Detail label="reply_to" copy>{item.replyTo}</Detail>
            <Detail label="trace_id" copy>{item.traceId}</Detail>
            <Detail label="Context id" copy>{item.contextId}</Detail>
            <Detail label="Media URL">{item.mediaUrl}</Detail>
            <Detail label="Message id" copy>{item.messageId}</Detail>
            <Detail label="Card">{`${item.position + 1} of ${sameMessage.length}`}</Detail>
            <Detail label="Callback">
              <Link href={`/deliveries?before=${found.contact.callbackId + 1}`} className="focus-ring rounded text-sky-700 hover:underline dark:text-sky-400">
                #{found.contact.callbackId} in Deliveries →
              </Link>
            </Detail>
          </dl>
        </section>
      </div>

      {/* A message with this card alone has nothing more to show (its download is the card's own). */}
      {sameMessage.length > 1 && (
        <section aria-labelledby="same-message-title" className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="same-message-title" className="font-semibold">Shared in the same message ({sameMessage.length})</h2>
            <a href={`/api/contacts/export.vcf?message=${encodeURIComponent(item.messageId)}`} download className="btn">
              Download all contacts of this message
            </a>
          </div>
          <ContactLinks items={sameMessage} currentId={item.id} />
        </section>
      )}

      <section aria-labelledby="same-sender-title" className="space-y-2">
        <h2 id="same-sender-title" className="font-semibold">Other shares from this sender</h2>
        {fromSameSender.length ? (
          <>
            <ContactLinks items={fromSameSender} currentId={item.id} withMeta />
            {sender && (
              <Link href={inboxHref({}, { sender })} className="focus-ring rounded text-sm text-sky-700 hover:underline dark:text-sky-400">
                See everything from this sender →
              </Link>
            )}
          </>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">None.</p>
        )}
      </section>

      <section aria-label="Raw callback JSON">
        <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm dark:border-slate-800 dark:bg-slate-900">
          {found.rawBody !== null ? (
            <RawBody callbackId={found.contact.callbackId} preview={bodyPreview(found.rawBody, 80)} summary="Raw callback JSON" />
          ) : (
            <p className="text-slate-500 dark:text-slate-400">Raw callback JSON: not kept.</p>
          )}
        </div>
      </section>
      <ContactListHandlers />
    </main>
  );
}

function Detail({ label, children, copy }: { label: string; children: React.ReactNode; copy?: boolean }) {
  if (children === null || children === undefined || children === "") return null;
  return (
    <>
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="flex min-w-0 items-center gap-1">
        <span className="min-w-0 wrap-anywhere">{children}</span>
        {copy && typeof children === "string" && <CopyButtonPlain value={children} label={label} />}
      </dd>
    </>
  );
}

/** Links to other contacts; `withMeta` adds when each was shared and its campaigns (they differ from this one's). */
function ContactLinks({ items, currentId, withMeta = false }: { items: ContactItem[]; currentId: number; withMeta?: boolean }) {
  return (
    <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((other) => {
        const campaigns = refsOf(other).map((ref) => ref.value);
        return (
          <li key={other.id}>
            <a
              href={`/contacts/${other.id}`}
              aria-current={other.id === currentId ? "page" : undefined}
              className={`focus-ring block h-full rounded-lg border bg-white px-3 py-2 text-sm hover:bg-slate-50 dark:bg-slate-900 dark:hover:bg-slate-800 ${other.id === currentId ? "border-emerald-600" : "border-slate-200 dark:border-slate-800"}`}
            >
              <span className="block font-medium wrap-anywhere">
                <bdi>{contactTitle(other).text}</bdi>
              </span>
              {other.phones[0]?.phone && <span className="block text-xs wrap-anywhere text-slate-500 dark:text-slate-400 tabular-nums">{other.phones[0].phone}</span>}
              {withMeta && (
                <span className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500 dark:text-slate-400">
                  <RelativeTimePlain iso={other.sentAt ?? other.receivedAt} />
                  {campaigns.map((campaign) => (
                    <bdi key={campaign} className="rounded-full bg-amber-50 px-2 text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800">
                      {campaign}
                    </bdi>
                  ))}
                </span>
              )}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
