import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { plausibleWhatsAppId } from "@/lib/phones";
import type { ContactItem } from "./contact-item";

/** The title of a card: the formatted name, else the name parts, else org, phone or email. */
export function contactTitle(item: Pick<ContactItem, "name" | "org" | "phones" | "emails">): { text: string; isName: boolean } {
  const { name } = item;
  const parts = [name.prefix, name.first, name.middle, name.last, name.suffix].filter(Boolean).join(" ");
  const fullName = name.formatted ?? (parts || null);
  if (fullName) return { text: fullName, isName: true };
  const fallback = item.org?.company ?? item.phones[0]?.phone ?? item.phones[0]?.e164 ?? item.emails[0]?.email ?? "Unnamed contact";
  return { text: fallback, isName: false };
}

/**
 * What the avatar shows: up to two initials of a name or company; one letter for scripts without
 * case (two Arabic or Hebrew letters side by side read as a word, two Han characters as a name);
 * none for a contact known only by a phone number or email, which gets a person glyph instead.
 */
export function avatarOf(item: Pick<ContactItem, "name" | "org" | "phones" | "emails">): { initials: string | null } {
  const title = contactTitle(item);
  const isCompany = !title.isName && title.text === item.org?.company;
  if (!title.isName && !isCompany) return { initials: null };
  // "Dr. Tomás Núñez-García Jr." is TN, not DJ: the first and last name when shared, else the title without honorifics.
  const givenAndFamily = [item.name.first, item.name.last].filter(Boolean).join(" ");
  const words = title.text.split(/\s+/).filter((word) => !(title.isName && /^\p{L}{1,3}\.$/u.test(word)));
  return { initials: initialsOf(givenAndFamily || words.join(" ") || title.text) };
}

/** Made once: building an Intl.Segmenter costs more than segmenting a name with it. */
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The first user-perceived character. In scripts whose letters never join the next one into a
 * single character (Latin, Greek, Cyrillic, Han, Arabic, Hebrew: their marks are separate code
 * points), a letter followed by another such letter is a character on its own, and that covers most
 * names; anything else (a mark, a joiner, Devanagari, Thai, Hangul jamo, emoji) goes to the segmenter.
 */
function firstGrapheme(word: string): string {
  const [lead, next] = word;
  if (lead && simpleLetter.test(lead) && (next === undefined || simpleLetter.test(next))) return lead;
  return graphemes.segment(word)[Symbol.iterator]().next().value?.segment ?? "";
}

const simpleLetter = /^(?=\p{L})[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}\p{sc=Han}\p{sc=Arabic}\p{sc=Hebrew}]$/u;

/** Up to two letters; the first grapheme only for scripts without case. Null when the text has no letter. */
export function initialsOf(text: string): string | null {
  // Hyphenated family names count as one word; marks stay with their letter (Devanagari, Thai…).
  const words = text.replace(/[^\p{L}\p{M}\s-]/gu, " ").split(/[\s]+/).map((word) => word.replace(/^-+|-+$/g, "")).filter((word) => /\p{L}/u.test(word));
  const first = (word: string | undefined) => (word ? firstGrapheme(word) : "");
  const lead = first(words[0]);
  if (!lead) return null;
  const hasCase = lead.toUpperCase() !== lead.toLowerCase();
  const initials = hasCase && words.length > 1 ? lead + first(words[words.length - 1]) : lead;
  return initials.toUpperCase();
}

/**
 * A WhatsApp number (a business's display number, a sender's wa_id) written for people:
 * "918045678900" → "+91 80 4567 8900". Numbers libphonenumber cannot place keep their digits
 * after a plus sign. Anything that is not a plausible number (6–15 digits) is shown exactly as it
 * came: a masked "91XXXXXXXXXX" must never turn into "+91", a different number.
 */
export function formatWhatsAppNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = plausibleWhatsAppId(value);
  if (!digits) return value;
  let formatted = formattedNumbers.get(digits);
  if (formatted === undefined) {
    if (formattedNumbers.size >= formattedNumbersMax) formattedNumbers.clear();
    const parsed = parsePhoneNumberFromString(`+${digits}`);
    formatted = parsed?.isPossible() ? parsed.formatInternational() : `+${digits}`;
    formattedNumbers.set(digits, formatted);
  }
  return formatted;
}

/**
 * Parsing a number costs about 35 µs, and a page of 50 cards formats the same few senders and
 * business numbers over and over (two per card): each is parsed once per process. Bounded, so a
 * stream of new senders cannot grow it without limit.
 */
const formattedNumbers = new Map<string, string>();
const formattedNumbersMax = 10_000;

/**
 * `tel:` target for a phone: E.164 when known, else the number as written when it is only digits
 * and the usual punctuation, else the wa_id when plausible. Never digits picked out of other text.
 */
export function telHref(phone: { phone: string | null; e164: string | null; waId: string | null }): string | null {
  if (phone.e164) return `tel:${phone.e164}`;
  if (phone.phone && /^\+?[\d\s().\-/]+$/.test(phone.phone.trim()) && /\d{3}/.test(phone.phone.replace(/\D/g, ""))) {
    return `tel:${phone.phone.trim().replace(/[^\d+]/g, "")}`;
  }
  const waId = plausibleWhatsAppId(phone.waId);
  return waId ? `tel:+${waId}` : null;
}

/** WhatsApp click-to-chat link, for phones whose wa_id is a plausible WhatsApp id. */
export function whatsAppHref(waId: string | null): string | null {
  const digits = plausibleWhatsAppId(waId);
  return digits ? `https://wa.me/${digits}` : null;
}


/**
 * `mailto:` for an address that is one, and nothing else: a card's "email" could carry
 * `?cc=…&body=…`, which a mail client would obey. The address is percent-encoded into the URL.
 */
export function mailtoHref(email: string | null): string | null {
  const address = email?.trim();
  const at = address?.lastIndexOf("@") ?? -1;
  if (!address || at < 1) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  // RFC 5322 atext, any script, but not "?" and "&" (legal there, yet only ever seen in smuggled queries); a host name.
  if (!/^[\p{L}\p{N}.!#$%'*+/=^_`{|}~-]{1,64}$/u.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes("..")) return null;
  if (!/^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}[\p{L}\p{N}-]{1,62}$/u.test(domain)) return null;
  return `mailto:${encodeURIComponent(local)}@${encodeURIComponent(domain)}`;
}

/** Only http(s) URLs become links; anything else a customer typed is shown as text. */
export function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`;
  try {
    const parsed = new URL(withScheme);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function formatAddress(address: ContactItem["addresses"][number]): string[] {
  const cityLine = [address.zip, address.city, address.state].filter(Boolean).join(" ");
  return [address.street, cityLine, address.country ?? address.countryCode].filter((line): line is string => Boolean(line));
}

/** Readable phone-type label: MOBILE, CELL → Mobile; anything else capitalised. */
export function phoneTypeLabel(type: string | null): string | null {
  if (!type) return null;
  const upper = type.toUpperCase();
  if (upper === "CELL" || upper === "MOBILE") return "Mobile";
  if (upper === "IPHONE") return "iPhone";
  return upper.charAt(0) + upper.slice(1).toLowerCase();
}

/** The campaign refs present on a card, with the field each came from. */
export function refsOf(item: Pick<ContactItem, "refs">): { field: "ref" | "ref1" | "ref2"; value: string }[] {
  return (["ref", "ref1", "ref2"] as const).flatMap((field) => (item.refs[field] ? [{ field, value: item.refs[field]! }] : []));
}

/** Who shared a card, as two separate pieces: the profile name (any script) and the number (or user id). */
export function senderOf(item: Pick<ContactItem, "sender">): { name: string | null; number: string | null } {
  return { name: item.sender.profileName, number: formatWhatsAppNumber(item.sender.waId) ?? item.sender.userId };
}
