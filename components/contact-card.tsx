import type { ContactItem } from "@/lib/contacts/contact-item";
import { contactTitle, formatAddress, formatWhatsAppNumber, mailtoHref, phoneTypeLabel, refsOf, safeHttpUrl, senderOf, telHref, whatsAppHref } from "@/lib/contacts/display";
import { ContactAvatar } from "./contact-avatar";
import { CopyButtonPlain } from "./ui/copy-button-plain";
import { RelativeTimePlain } from "./ui/relative-time-plain";

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
    <article {...(hideTitle ? { "aria-label": title.text } : { "aria-labelledby": titleId })} className="card">
      <header className={hideTitle && parts.length === 0 && title.isName ? "card-head hidden" : "card-head"}>
        {!hideTitle && <ContactAvatar item={item} />}
        <div className="min-w-0 flex-1">
          {!hideTitle && (
            <h3 id={titleId} className="card-title">
              <a href={`/contacts/${item.id}`}>{title.text}</a>
            </h3>
          )}
          {!title.isName && <p className="hint dark:text-slate-400">No name shared</p>}
          {parts.length > 0 && (
            <dl className="name-parts">
              {parts.map(([key, label]) => (
                <div key={key}>
                  <dt>{label}</dt>
                  <dd>{item.name[key]}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      </header>

      <div className="card-body">
        {item.phones.length > 0 && (
          <ul aria-label="Phones" className="phones">
            {item.phones.map((phone, index) => {
              const shown = phone.phone ?? phone.e164 ?? (phone.waId ? `+${phone.waId}` : "");
              const tel = telHref(phone);
              const chat = whatsAppHref(phone.waId);
              const type = phoneTypeLabel(phone.type);
              return (
                <li key={index}>
                  {tel ? (
                    <a href={tel} className="phone">
                      {shown}
                    </a>
                  ) : (
                    <span className="phone">{shown}</span>
                  )}
                  {type && <span className="tag">{type}</span>}
                  {chat && <a href={chat} target="_blank" rel="noopener noreferrer" aria-label={`Chat on WhatsApp with ${shown}`} title="On WhatsApp: open a chat" className="whatsapp-link" />}
                  {shown && <CopyButtonPlain value={phone.e164 ?? shown} label={`phone ${shown}`} />}
                </li>
              );
            })}
          </ul>
        )}

        {item.emails.length > 0 && (
          <ul aria-label="Emails" className="emails">
            {item.emails.map((email, index) => {
              if (!email.email) return null;
              const mailto = mailtoHref(email.email);
              return (
                <li key={index}>
                  {mailto ? (
                    <a href={mailto} className="link">
                      {email.email}
                    </a>
                  ) : (
                    <span className="min-w-0 wrap-anywhere">{email.email}</span>
                  )}
                  {email.type && <span className="hint">{email.type.toLowerCase()}</span>}
                </li>
              );
            })}
          </ul>
        )}

        {item.org && (
          <div role="group" aria-label="Organization" className="card-text">
            {[item.org.title, [item.org.company, item.org.department].filter(Boolean).join(" · ")].filter(Boolean).join(", ")}
          </div>
        )}

        {item.addresses.map((address, index) => (
          <address key={index} role="group" aria-label="Address" className="card-text not-italic">
            {formatAddress(address).map((line, lineIndex) => (
              <span key={lineIndex} className="block">
                {line}
              </span>
            ))}
            {address.type && <span className="hint">{address.type.toLowerCase()}</span>}
          </address>
        ))}

        {item.urls.map((url, index) => {
          const href = safeHttpUrl(url.url);
          return url.url ? (
            <p key={index} className="wrap-anywhere">
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="link">
                  {url.url}
                </a>
              ) : (
                url.url
              )}
            </p>
          ) : null;
        })}

        {item.birthday && <p className="card-text">Birthday {item.birthday}</p>}

        {item.phones.length === 0 && item.emails.length === 0 && !item.org && item.addresses.length === 0 && (
          <p className="text-slate-500 italic dark:text-slate-400">Only a name was shared.</p>
        )}
      </div>

      <footer className="card-foot">
        <p>
          <span className="block">
            Shared by{" "}
            {sender.name ? (
              <>
                <bdi className="sender">{sender.name}</bdi>
                {sender.number && (
                  <>
                    {" "}
                    <span className="number">({sender.number})</span>
                  </>
                )}
              </>
            ) : (
              <span className="sender number">{sender.number ?? "an unknown sender"}</span>
            )}
          </span>{" "}
          <span className="block">
            {business && (
              <>
                to <span className="number">{business}</span>
                {" · "}
              </>
            )}
            <RelativeTimePlain iso={when} />
          </span>
        </p>
        <div className="card-actions">
          {refs.map((ref) => (
            // dir="auto" isolates the value like <bdi>; the label reads "ref1: summer sale".
            <a key={ref.field} href={campaignHref(ref.value)} title={`${ref.field}: show every contact with this campaign`} aria-label={`${ref.field}: ${ref.value}`} dir="auto" className="chip">
              {ref.value}
            </a>
          ))}
          <a href={`/api/contacts/${item.id}/vcard`} download className="vcard-link">
            Download vCard
          </a>
        </div>
      </footer>
    </article>
  );
}
