import type { ContactItem } from "./contact-item";
import { avatarOf, contactTitle, formatAddress, formatWhatsAppNumber, mailtoHref, phoneTypeLabel, refsOf, safeHttpUrl, senderOf, telHref, whatsAppHref } from "./display";

/**
 * What a contact card shows, worked out on the server: every number formatted, every link built,
 * every label chosen. The card only lays it out, so the inbox can hand 50 of these to one client
 * list, and the page carries the data once (in the RSC payload) and the markup once (in the HTML)
 * instead of the markup twice; libphonenumber never reaches the browser.
 *
 * Empty fields are left out rather than set to null or []: each would cost its key on every card.
 */
export type ContactCardView = {
  id: number;
  /** The formatted name, else the name parts, else company, phone or email (see `named`). */
  title: string;
  /** Present (false) when the title is not a name: the card then says "No name shared". */
  named?: false;
  /** Up to two initials for the avatar; absent for a contact known only by a number or email. */
  initials?: string;
  /** [label, value] of each name part shared: ["First", "Ada"]. */
  nameParts?: [string, string][];
  phones?: PhoneView[];
  emails?: EmailView[];
  /** "Head of Research, Analytical Engines Ltd · Research" */
  org?: string;
  addresses?: { lines: string[]; type?: string }[];
  /** `href` only for http(s) URLs; anything else is shown as text. */
  urls?: { text: string; href?: string }[];
  birthday?: string;
  /** Present when nothing but a name came: no phone, email, organization or address. */
  onlyName?: true;
  /** Who shared it: the profile name and the number (or user id), shown apart. */
  senderName?: string;
  senderNumber?: string;
  /** The business number it was sent to, written for people. */
  business?: string;
  /** Sent time (ISO), else received time. */
  at: string;
  /** The campaign refs, each with the inbox filtered by it. */
  campaigns?: { field: "ref" | "ref1" | "ref2"; value: string; href: string }[];
};

export type PhoneView = {
  /** As shared ("+34 612 34 56 78"), else E.164, else +wa_id. */
  shown: string;
  tel?: string;
  /** wa.me link, when the phone came with a plausible wa_id. */
  whatsApp?: string;
  /** What the copy button copies when it is not `shown`: E.164 when known. */
  copy?: string;
  /** "Mobile", "Work"… */
  type?: string;
};

export type EmailView = { email: string; mailto?: string; type?: string };

export function toContactCardView(item: ContactItem, campaignHref: (value: string) => string): ContactCardView {
  const title = contactTitle(item);
  const { initials } = avatarOf(item);
  const sender = senderOf(item);
  const business = formatWhatsAppNumber(item.business.displayPhoneNumber);
  const nameParts = nameLabels.flatMap(([key, label]): [string, string][] => (item.name[key] ? [[label, item.name[key]!]] : []));
  const phones = item.phones.map(toPhoneView);
  const emails = item.emails.flatMap((email): EmailView[] => (email.email ? [compact({ email: email.email, mailto: mailtoHref(email.email), type: email.type?.toLowerCase() })] : []));
  const org = item.org ? [item.org.title, [item.org.company, item.org.department].filter(Boolean).join(" · ")].filter(Boolean).join(", ") : null;
  const addresses = item.addresses.map((address) => compact({ lines: formatAddress(address), type: address.type?.toLowerCase() }));
  const urls = item.urls.flatMap((url) => (url.url ? [compact({ text: url.url, href: safeHttpUrl(url.url) })] : []));
  const campaigns = refsOf(item).map((ref) => ({ ...ref, href: campaignHref(ref.value) }));
  return compact({
    id: item.id,
    title: title.text,
    named: title.isName ? undefined : (false as const),
    initials,
    nameParts: nonEmpty(nameParts),
    phones: nonEmpty(phones),
    emails: nonEmpty(emails),
    org,
    addresses: nonEmpty(addresses),
    urls: nonEmpty(urls),
    birthday: item.birthday,
    onlyName: item.phones.length === 0 && item.emails.length === 0 && !item.org && item.addresses.length === 0 ? (true as const) : undefined,
    senderName: sender.name,
    senderNumber: sender.number,
    business,
    at: item.sentAt ?? item.receivedAt,
    campaigns: nonEmpty(campaigns),
  }) as ContactCardView;
}

const nameLabels = [
  ["prefix", "Prefix"],
  ["first", "First"],
  ["middle", "Middle"],
  ["last", "Last"],
  ["suffix", "Suffix"],
] as const;

function toPhoneView(phone: ContactItem["phones"][number]): PhoneView {
  const shown = phone.phone ?? phone.e164 ?? (phone.waId ? `+${phone.waId}` : "");
  const copy = phone.e164 ?? shown;
  return compact({ shown, tel: telHref(phone), whatsApp: whatsAppHref(phone.waId), copy: copy === shown ? null : copy, type: phoneTypeLabel(phone.type) });
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

/** The object without its null and undefined fields (an RSC payload would spell each one out). */
function compact<T extends Record<string, unknown>>(object: T): { [K in keyof T]: Exclude<T[K], null> } {
  for (const key of Object.keys(object)) if (object[key] === null || object[key] === undefined) delete object[key];
  return object as { [K in keyof T]: Exclude<T[K], null> };
}
