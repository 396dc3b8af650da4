import { Fragment } from "react";
import type { ContactCardView } from "@/lib/contacts/contact-card-view";
import { ContactAvatarInitials } from "./contact-avatar-initials";
import { CopyButtonPlain } from "./ui/copy-button-plain";
import { RelativeTimePlain } from "./ui/relative-time-plain";

type ContactCardProps = {
  /** Everything the card shows, formatted on the server (`toContactCardView`). */
  view: ContactCardView;
  /** On the contact's own page the name is the page heading: the card does not repeat it. */
  hideTitle?: boolean;
};

/**
 * One shared contact: everything the customer shared, who shared it, where and when, and its campaign refs.
 * It only lays out its view, so it renders on the server (a contact's page) and in the browser
 * (`ContactCardList`, the inbox) alike. A page that shows cards renders `ContactListHandlers` once:
 * it makes the cards' copy buttons work, their links navigate in the page (they are plain links, so
 * they never prefetch), and their times relative.
 */
export function ContactCard({ view, hideTitle = false }: ContactCardProps) {
  const named = view.named !== false;
  // Every part is styled by its place in the card (see .card in globals.css): one attribute fewer per part, 50 times over.
  return (
    <article aria-label={view.title} className="card">
      <header className={hideTitle && !view.nameParts && named ? "hidden" : undefined}>
        {!hideTitle && <ContactAvatarInitials initials={view.initials} />}
        <div>
          {!hideTitle && (
            <h3>
              <a href={`/contacts/${view.id}`}>{view.title}</a>
            </h3>
          )}
          {!named && <p className="hint dark:text-slate-400">No name shared</p>}
          {view.nameParts && (
            <dl>
              {view.nameParts.map(([label, value]) => (
                <Fragment key={label}>
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </Fragment>
              ))}
            </dl>
          )}
        </div>
      </header>

      <div>
        {view.phones && (
          <ul aria-label="Phones" className="phones">
            {view.phones.map((phone, index) => (
              <li key={index}>
                {phone.tel ? <a href={phone.tel}>{phone.shown}</a> : <span>{phone.shown}</span>}
                {phone.type && <span>{phone.type}</span>}
                {phone.whatsApp && <a href={phone.whatsApp} target="_blank" aria-label={`Chat on WhatsApp with ${phone.shown}`} />}
                {phone.shown && <CopyButtonPlain value={phone.copy ?? phone.shown} label={`phone ${phone.shown}`} />}
              </li>
            ))}
          </ul>
        )}

        {view.emails && (
          <ul aria-label="Emails" className="emails">
            {view.emails.map((email, index) => (
              <li key={index}>
                {email.mailto ? <a href={email.mailto}>{email.email}</a> : <span>{email.email}</span>}
                {email.type && <span>{email.type}</span>}
              </li>
            ))}
          </ul>
        )}

        {view.org !== undefined && (
          <div role="group" aria-label="Organization" className="card-text">
            {view.org}
          </div>
        )}

        {view.addresses?.map((address, index) => (
          <address key={index} role="group" aria-label="Address" className="card-text not-italic">
            {address.lines.map((line, lineIndex) => (
              <span key={lineIndex} className="block">
                {line}
              </span>
            ))}
            {address.type && <span className="hint">{address.type}</span>}
          </address>
        ))}

        {view.urls?.map((url, index) => (
          <p key={index} className="wrap-anywhere">
            {url.href ? (
              <a href={url.href} target="_blank" rel="noopener noreferrer nofollow" className="link">
                {url.text}
              </a>
            ) : (
              url.text
            )}
          </p>
        ))}

        {view.birthday && <p className="card-text">{`Birthday ${view.birthday}`}</p>}

        {view.onlyName && <p className="text-slate-500 italic dark:text-slate-400">Only a name was shared.</p>}
      </div>

      {/* Text is written as one string where it can be: adjacent pieces each cost a node and a separator. */}
      <footer>
        <p>
          <span>
            {"Shared by "}
            {view.senderName ? (
              <>
                <bdi>{view.senderName}</bdi>
                {view.senderNumber && (
                  <>
                    {" "}
                    <span>{`(${view.senderNumber})`}</span>
                  </>
                )}
              </>
            ) : (
              <span className="sender">{view.senderNumber ?? "an unknown sender"}</span>
            )}
          </span>{" "}
          <span>
            {view.business && (
              <>
                to <span>{view.business}</span>
                {" · "}
              </>
            )}
            <RelativeTimePlain iso={view.at} />
          </span>
        </p>
        <div>
          {view.campaigns?.map((campaign) => (
            // The label (and, on hover, the tooltip) reads "ref1: summer sale"; the chip style isolates the value's direction like <bdi>.
            <a key={campaign.field} href={campaign.href} aria-label={`${campaign.field}: ${campaign.value}`}>
              {campaign.value}
            </a>
          ))}
          <a href={`/api/contacts/${view.id}/vcard`} download>
            Download vCard
          </a>
        </div>
      </footer>
    </article>
  );
}
