import type { ContactItem } from "@/lib/contacts/contact-item";
import { contactTitle, formatAddress, formatWhatsAppNumber, mailtoHref, phoneTypeLabel, refsOf, safeHttpUrl, senderOf, telHref, whatsAppHref } from "@/lib/contacts/display";
import { ContactAvatar } from "./contact-avatar";
import { CopyButtonPlain } from "./ui/copy-button-plain";
import { RelativeTimePlain } from "./ui/relative-time-plain";
import { WhatsAppMark } from "./ui/whatsapp-mark";

type ContactCardProps = {
  item: ContactItem;
  /** Where a campaign chip leads: the inbox filtered by that value. */
  campaignHref: (value: string) => string;
  /** On the contact's own page the name is the page heading: the card does not repeat it. */
  hideTitle?: boolean;
};

const nameParts = [
  ["prefix", "Prefix"],
  ["first", "First"],
  ["middle", "Middle"],
  ["last", "Last"],
  ["suffix", "Suffix"],
] as const;

/**
 * One shared contact: everything the customer shared, who shared it, where and when, and its campaign refs.
 * A page that shows cards renders `ContactCardHandlers` once: it makes the cards' copy buttons work,
 * their links navigate in the page (they are plain links, so they never prefetch), and their times relative.
 */
export function ContactCard({ item, campaignHref, hideTitle = false }: ContactCardProps) {
  const title = contactTitle(item);
  const titleId = `contact-${item.id}-title`;
  const parts = nameParts.filter(([key]) => item.name[key]);
  const when = item.sentAt ?? item.receivedAt;
  const refs = refsOf(item);
  const sender = senderOf(item);
  const business = formatWhatsAppNumber(item.business.displayPhoneNumber);

  return (
    <article
      aria-labelledby={hideTitle ? undefined : titleId}
      aria-label={hideTitle ? title.text : undefined}
      className="flex min-w-0 flex-col rounded-xl border border-slate-200 bg-white shadow-sm wrap-anywhere dark:border-slate-800 dark:bg-slate-900"
    >
      <header className={`flex items-start gap-3 p-4 pb-2 ${hideTitle && parts.length === 0 && title.isName ? "hidden" : ""}`}>
        {!hideTitle && <ContactAvatar item={item} />}
        <div className="min-w-0 flex-1">
          {!hideTitle && (
            <h3 id={titleId} className="text-base leading-snug font-semibold wrap-anywhere">
              <a href={`/contacts/${item.id}`} className="focus-ring rounded hover:underline">
                {title.text}
              </a>
            </h3>
          )}
          {!title.isName && <p className="text-xs text-slate-500 dark:text-slate-400">No name shared</p>}
          {parts.length > 0 && (
            <dl className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600 dark:text-slate-400">
              {parts.map(([key, label]) => (
                <div key={key} className="flex min-w-0 gap-1">
                  <dt className="shrink-0 text-slate-400 dark:text-slate-500">{label}</dt>
                  <dd className="min-w-0 wrap-anywhere text-slate-800 dark:text-slate-200">{item.name[key]}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      </header>

      <div className="flex-1 space-y-3 px-4 pb-3 text-sm">
        {item.phones.length > 0 && (
          <ul aria-label="Phones" className="space-y-1">
            {item.phones.map((phone, index) => {
              const shown = phone.phone ?? phone.e164 ?? (phone.waId ? `+${phone.waId}` : "");
              const tel = telHref(phone);
              const chat = whatsAppHref(phone.waId);
              return (
                <li key={index} className="flex flex-wrap items-center gap-1.5">
                  {tel ? (
                    <a href={tel} className="focus-ring rounded font-medium keep-together text-slate-900 tabular-nums hover:underline dark:text-slate-100">
                      {shown}
                    </a>
                  ) : (
                    <span className="font-medium keep-together tabular-nums">{shown}</span>
                  )}
                  {phoneTypeLabel(phone.type) && <span className="max-w-full rounded bg-slate-100 px-1.5 text-xs wrap-anywhere text-slate-600 dark:bg-slate-800 dark:text-slate-300">{phoneTypeLabel(phone.type)}</span>}
                  {chat && (
                    <a
                      href={chat}
                      target="_blank"
                      rel="noopener noreferrer"
                      aria-label={`Chat on WhatsApp with ${shown}`}
                      title="On WhatsApp: open a chat"
                      className="focus-ring inline-flex items-center rounded text-emerald-600 hover:text-emerald-700 dark:text-emerald-400"
                    >
                      <WhatsAppMark />
                    </a>
                  )}
                  {shown && <CopyButtonPlain value={phone.e164 ?? shown} label={`phone ${shown}`} />}
                </li>
              );
            })}
          </ul>
        )}

        {item.emails.length > 0 && (
          <ul aria-label="Emails" className="space-y-1">
            {item.emails.map((email, index) =>
              email.email ? (
                <li key={index} className="flex flex-wrap items-baseline gap-x-1.5">
                  {mailtoHref(email.email) ? (
                    <a href={mailtoHref(email.email)!} className="focus-ring min-w-0 rounded text-sky-700 wrap-anywhere hover:underline dark:text-sky-400">
                      {email.email}
                    </a>
                  ) : (
                    <span className="min-w-0 wrap-anywhere">{email.email}</span>
                  )}
                  {email.type && <span className="text-xs text-slate-500">{email.type.toLowerCase()}</span>}
                </li>
              ) : null,
            )}
          </ul>
        )}

        {item.org && (
          <div role="group" aria-label="Organization" className="wrap-anywhere text-slate-700 dark:text-slate-300">
            {[item.org.title, [item.org.company, item.org.department].filter(Boolean).join(" · ")].filter(Boolean).join(", ")}
          </div>
        )}

        {item.addresses.map((address, index) => (
          <address key={index} role="group" aria-label="Address" className="wrap-anywhere text-slate-700 not-italic dark:text-slate-300">
            {formatAddress(address).map((line, lineIndex) => (
              <span key={lineIndex} className="block">
                {line}
              </span>
            ))}
            {address.type && <span className="text-xs text-slate-500">{address.type.toLowerCase()}</span>}
          </address>
        ))}

        {item.urls.map((url, index) => {
          const href = safeHttpUrl(url.url);
          return url.url ? (
            <p key={index} className="wrap-anywhere">
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="focus-ring rounded text-sky-700 hover:underline dark:text-sky-400">
                  {url.url}
                </a>
              ) : (
                url.url
              )}
            </p>
          ) : null;
        })}

        {item.birthday && <p className="text-slate-700 dark:text-slate-300">Birthday {item.birthday}</p>}

        {item.phones.length === 0 && item.emails.length === 0 && !item.org && item.addresses.length === 0 && (
          <p className="text-slate-500 italic dark:text-slate-400">Only a name was shared.</p>
        )}
      </div>

      <footer className="space-y-2 border-t border-slate-100 px-4 py-3 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <p>
          <span className="block">
            Shared by{" "}
            {sender.name ? (
              <>
                <bdi className="font-medium text-slate-800 dark:text-slate-200">{sender.name}</bdi>
                {sender.number && (
                  <>
                    {" "}
                    <span className="keep-together tabular-nums">({sender.number})</span>
                  </>
                )}
              </>
            ) : (
              <span className="font-medium keep-together text-slate-800 tabular-nums dark:text-slate-200">{sender.number ?? "an unknown sender"}</span>
            )}
          </span>{" "}
          <span className="block">
            {business && (
              <>
                to <span className="keep-together tabular-nums">{business}</span>
                {" · "}
              </>
            )}
            <RelativeTimePlain iso={when} />
          </span>
        </p>
        <div className="flex flex-wrap items-center gap-1.5">
          {refs.map((ref) => (
            <a
              key={ref.field}
              href={campaignHref(ref.value)}
              title={`${ref.field}: show every contact with this campaign`}
              className="focus-ring max-w-full truncate rounded-full bg-amber-50 px-2 py-0.5 text-amber-900 ring-1 ring-amber-200 hover:bg-amber-100 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800"
            >
              <span className="sr-only">{ref.field}: </span>
              <bdi>{ref.value}</bdi>
            </a>
          ))}
          <a
            href={`/api/contacts/${item.id}/vcard`}
            download
            className="focus-ring ml-auto inline-flex items-center gap-1 rounded-md border border-slate-300 px-2 py-1 font-medium text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
          >
            <svg aria-hidden viewBox="0 0 20 20" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.8"><path d="M10 3v10m0 0-4-4m4 4 4-4M4 15v2h12v-2" /></svg>
            Download vCard
          </a>
        </div>
      </footer>
    </article>
  );
}
