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

/** Up to two letters for the avatar; the first grapheme for scripts without case. */
export function initialsOf(text: string): string {
  const words = text.replace(/[^\p{L}\p{N}\s]/gu, " ").trim().split(/\s+/).filter(Boolean);
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const first = (word: string | undefined) => (word ? ([...segmenter.segment(word)][0]?.segment ?? "") : "");
  const initials = words.length > 1 ? first(words[0]) + first(words[words.length - 1]) : first(words[0]);
  return initials.toUpperCase() || "#";
}

/** `tel:` target for a phone: E.164 when known, else the digits and plus sign as written. */
export function telHref(phone: { phone: string | null; e164: string | null; waId: string | null }): string | null {
  const target = phone.e164 ?? phone.phone?.replace(/[^\d+]/g, "") ?? (phone.waId ? `+${phone.waId}` : null);
  return target ? `tel:${target}` : null;
}

/** WhatsApp click-to-chat link, for phones that have a wa_id. */
export function whatsAppHref(waId: string | null): string | null {
  const digits = waId?.replace(/\D/g, "");
  return digits ? `https://wa.me/${digits}` : null;
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
