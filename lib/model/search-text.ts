import type { NormalizedCard } from "./callback";

/**
 * What `q` matches for one card: every name part, emails, org and phone digits, folded for matching.
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
  return foldForMatching([...new Set([...words, ...phoneDigits.filter(Boolean)])].join("\n"));
}

/** Case- and form-folding shared by the stored text and the query, so "ÁNA" finds "ána". */
export function foldForSearch(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** Letters whose accent is part of the letter (no combining mark to take off), as people type them without it. */
const lettersWithoutMarks: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ħ: "h", ı: "i", þ: "th" };

/**
 * What the stored search text and a query are compared in: case- and form-folded (foldForSearch),
 * and accent-folded, so "nunez", "Nuñez" and "NÚÑEZ" all find "Núñez", and "strasse" finds "Straße".
 * Only the combining marks of Latin, Greek and Cyrillic letters (U+0300–U+036F) are taken off: the
 * vowel signs of other scripts (Devanagari, Arabic, Hebrew…) are part of their words and stay.
 * Idempotent, so a stored text can be brought to it again (lib/contacts/search-fragments.ts).
 */
export function foldForMatching(text: string): string {
  return foldForSearch(text)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[ßæœøłđħıþ]/g, (letter) => lettersWithoutMarks[letter]!)
    .normalize("NFC");
}

/**
 * What a query looks for in the search texts. One made only of digits and phone punctuation
 * searches phone digits ("+34 612-34" → "61234"); dialled with its international or trunk prefix
 * ("0034 612…", "07700 900…") it is looked for without it, as numbers are stored in international
 * form, when at least 3 digits remain (a superset of what the whole number finds; "0034 612" while typing).
 */
export function searchTermOf(q: string): string {
  const trimmed = q.trim();
  if (/^[\d\s+\-().]+$/.test(trimmed) && /\d/.test(trimmed)) {
    const digits = digitsOf(trimmed);
    const withoutPrefix = digits.replace(/^0+/, "");
    return withoutPrefix.length >= 3 ? withoutPrefix : digits;
  }
  return foldForMatching(trimmed);
}

export function digitsOf(value: string): string {
  return value.replace(/\D+/g, "");
}
