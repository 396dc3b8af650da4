import type { NormalizedCard } from "./callback";

/**
 * What `q` matches for one card: every name part, emails, org and phone digits, case-folded.
 * One field per line, so a fragment only matches across two fields if it contains a newline.
 */
export function buildSearchText(card: NormalizedCard): string {
  const { name, org } = card;
  const words = [
    name.formatted,
    name.prefix,
    name.first,
    name.middle,
    name.last,
    name.suffix,
    ...card.emails.map((email) => email.email),
    org?.company,
    org?.department,
    org?.title,
  ].filter((value): value is string => Boolean(value));
  const phoneDigits = card.phones.flatMap((phone) => [phone.phone, phone.waId, phone.e164].filter((v): v is string => Boolean(v)).map(digitsOf));
  return foldForSearch([...new Set([...words, ...phoneDigits.filter(Boolean)])].join("\n"));
}

/** Case- and form-folding shared by the stored text and the query, so "ÁNA" finds "ána". */
export function foldForSearch(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** A query made only of digits and phone punctuation searches phone digits: "+34 612-34" → "61234". */
export function searchTermOf(q: string): string {
  const trimmed = q.trim();
  if (/^[\d\s+\-().]+$/.test(trimmed) && /\d/.test(trimmed)) return digitsOf(trimmed);
  return foldForSearch(trimmed);
}

export function digitsOf(value: string): string {
  return value.replace(/\D+/g, "");
}
