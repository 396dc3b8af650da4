/*
 * vCard renderer: one ContactItem in, one vCard out (3.0 by default, 4.0 on request).
 *
 * Hand-written rather than built on ical.js v2's writer. Checked against ical.js 2.2.1, its writer:
 *  - folds each chunk at 75 octets and then adds the leading space, so continuation lines are
 *    76 octets (RFC 6350 §3.2 and RFC 2425 §5.8.1 say 75 including that space);
 *  - does not escape ";" in single text values of 3.0 cards (RFC 2426's text grammar needs "\;");
 *  - backslash-escapes "," inside 4.0 URL values, which are URIs and take no text escaping;
 *  - can only change the fold width through a global, mutable setting.
 * The tests parse every card back with ical.js's parser, so the serializer is still checked
 * against an independent implementation.
 */
import type { ContactItem } from "@/lib/contacts/contact-item";

export type VcardVersion = "3.0" | "4.0";

export type VcardOptions = { version?: VcardVersion };

export const vcardContentType = "text/vcard; charset=utf-8";

/** One card, every line (the last one too) ending in CRLF. */
export function renderVcard(item: ContactItem, options: VcardOptions = {}): string {
  const version = options.version ?? "3.0";
  const lines = [
    "BEGIN:VCARD",
    `VERSION:${version}`,
    ...nameLines(item, version),
    ...item.phones.flatMap((phone) => telLine(phone, version)),
    ...item.emails.flatMap((email) => emailLine(email, version)),
    ...item.addresses.flatMap((address) => adrLine(address, version)),
    ...orgLines(item, version),
    ...item.urls.flatMap((url) => urlLine(url, version)),
    ...bdayLine(item.birthday, version),
    contentLine("NOTE", "", escapeText(shareNote(item, version), version)),
    "END:VCARD",
  ];
  return lines.map((line) => `${foldLine(line)}\r\n`).join("");
}

/** Cards one after another: the form a .vcf with many contacts takes. */
export function renderVcards(items: Iterable<ContactItem>, options: VcardOptions = {}): string {
  let text = "";
  for (const item of items) text += renderVcard(item, options);
  return text;
}

/**
 * A full RFC 6266 Content-Disposition value for a download. Given a contact, the file is named
 * after the person (or company), else `contact-<id>`; given a string, after that string, else
 * `contacts`. `filename` carries a plain-ASCII fallback for old clients and `filename*` the
 * exact UTF-8 name (RFC 8187).
 */
export function contentDispositionFor(subject: ContactItem | string, extension: "vcf" | "csv"): string {
  const fallback = typeof subject === "string" ? "contacts" : `contact-${subject.id}`;
  const wanted = typeof subject === "string" ? subject : (personName(subject) ?? clean(subject.org?.company) ?? "");
  const utf8 = safeFileBase(wanted) ?? fallback;
  const ascii = safeFileBase(toAscii(utf8)) ?? fallback;
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${encodeRfc8187(`${utf8}.${extension}`)}`;
}

type Phone = ContactItem["phones"][number];
type Email = ContactItem["emails"][number];
type Address = ContactItem["addresses"][number];
type Url = ContactItem["urls"][number];

/** The fold limit, in octets, of every physical line without its CRLF (the leading space counts). */
const maxLineOctets = 75;

/*
 * WhatsApp's phone types → TYPE values. 3.0 keeps MAIN and IPHONE, the labels iOS itself writes
 * (RFC 2426 allows any token in TYPE; an importer that does not know one keeps a voice number), and
 * IPHONE also gets CELL so other importers file it as a mobile. 4.0 uses only types RFC 6350
 * registers: MAIN becomes a preferred voice number (PREF=1), IPHONE a cell. An unknown type gets
 * no TYPE, which both versions read as a voice number.
 */
const phoneTypes: Record<string, { v3: string[]; v4: string[]; pref?: true }> = {
  CELL: { v3: ["CELL"], v4: ["cell"] },
  MOBILE: { v3: ["CELL"], v4: ["cell"] },
  IPHONE: { v3: ["IPHONE", "CELL"], v4: ["cell"] },
  HOME: { v3: ["HOME"], v4: ["home"] },
  WORK: { v3: ["WORK"], v4: ["work"] },
  MAIN: { v3: ["MAIN"], v4: ["voice"], pref: true },
};

/** HOME/WORK are the only email, address and URL types WhatsApp sends. */
const placeTypes: Record<string, { v3: string; v4: string }> = {
  HOME: { v3: "HOME", v4: "home" },
  WORK: { v3: "WORK", v4: "work" },
};

function nameLines(item: ContactItem, version: VcardVersion): string[] {
  const { name } = item;
  const parts = [name.last, name.first, name.middle, name.prefix, name.suffix].map((part) => escapeComponent(clean(part) ?? ""));
  return [contentLine("N", "", parts.join(";")), contentLine("FN", "", escapeText(displayName(item), version))];
}

function telLine(phone: Phone, version: VcardVersion): string[] {
  const value = phoneText(phone);
  if (!value) return [];
  const mapped = phone.type ? phoneTypes[phone.type.trim().toUpperCase()] : undefined;
  const types = mapped ? (version === "3.0" ? mapped.v3 : mapped.v4) : [];
  let params = types.length > 0 ? `;TYPE=${types.join(",")}` : "";
  if (mapped?.pref && version === "4.0") params += ";PREF=1";
  // WhatsApp's own vCards carry the account as `waid`; digits only, so it can never break out of the parameter.
  const waId = digitsOnly(phone.waId);
  if (waId) params += `;waid=${waId}`;
  return [contentLine("TEL", params, escapeText(value, version))];
}

function emailLine(email: Email, version: VcardVersion): string[] {
  const value = clean(email.email);
  if (!value) return [];
  const place = placeType(email.type, version);
  const types = version === "3.0" ? ["INTERNET", ...(place ? [place] : [])] : place ? [place] : [];
  return [contentLine("EMAIL", types.length > 0 ? `;TYPE=${types.join(",")}` : "", escapeText(value, version))];
}

function adrLine(address: Address, version: VcardVersion): string[] {
  // ADR has no slot for a country code: it stands in for the country when only the code is known.
  const country = clean(address.country) ?? clean(address.countryCode);
  const parts = ["", "", address.street, address.city, address.state, address.zip, country].map((part) => clean(part) ?? "");
  if (parts.every((part) => part === "")) return [];
  const place = placeType(address.type, version);
  return [contentLine("ADR", place ? `;TYPE=${place}` : "", parts.map(escapeComponent).join(";"))];
}

function orgLines(item: ContactItem, version: VcardVersion): string[] {
  const company = clean(item.org?.company);
  const department = clean(item.org?.department);
  const title = clean(item.org?.title);
  const lines: string[] = [];
  if (company || department) {
    const parts = department ? [company ?? "", department] : [company ?? ""];
    lines.push(contentLine("ORG", "", parts.map(escapeComponent).join(";")));
  }
  if (title) lines.push(contentLine("TITLE", "", escapeText(title, version)));
  return lines;
}

function urlLine(url: Url, version: VcardVersion): string[] {
  // URL's value is a URI in both versions: no text escaping, but nothing that could end the line.
  const value = clean(url.url)?.replace(/\s/g, (space) => encodeURIComponent(space));
  if (!value) return [];
  const place = placeType(url.type, version);
  return [contentLine("URL", place ? `;TYPE=${place}` : "", value)];
}

/**
 * 3.0 writes the extended ISO date (1984-03-09), as RFC 2426's own example does; 4.0's date grammar only has
 * the basic form (19840309, or --0309 without a year). A birthday that is not a date becomes
 * `VALUE=text` in 4.0; 3.0 has no such form, so the note carries it instead.
 */
function bdayLine(birthday: string | null, version: VcardVersion): string[] {
  const date = parseBirthday(birthday);
  if (date) {
    const value = version === "3.0" ? `${date.year ?? "-"}-${date.month}-${date.day}` : `${date.year ?? "--"}${date.month}${date.day}`;
    return [contentLine("BDAY", "", value)];
  }
  const text = clean(birthday);
  return text && version === "4.0" ? [contentLine("BDAY", ";VALUE=text", escapeText(text, version))] : [];
}

function parseBirthday(birthday: string | null): { year: string | null; month: string; day: string } | null {
  const match = /^(?:(\d{4})|--)-?(\d{2})-?(\d{2})$/.exec(birthday?.trim() ?? "");
  if (!match?.[2] || !match[3]) return null;
  const [month, day] = [Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year: match[1] ?? null, month: match[2], day: match[3] };
}

/** Who shared the card, when, with which business number and campaign: what an agent needs to follow up. */
function shareNote(item: ContactItem, version: VcardVersion): string {
  const senderNumber = digitsOnly(item.sender.waId) ? `+${digitsOnly(item.sender.waId)}` : null;
  const profileName = clean(item.sender.profileName);
  const who = profileName && senderNumber ? `${profileName} (${senderNumber})` : (profileName ?? senderNumber);
  const lines = [who ? `Shared on WhatsApp by ${who}` : "Shared on WhatsApp"];
  if (item.sentAt) lines.push(`Sent ${humanUtc(item.sentAt)}`);
  else if (item.receivedAt) lines.push(`Received ${humanUtc(item.receivedAt)}`);
  const business = clean(item.business.displayPhoneNumber);
  if (business) lines.push(`To business number ${business}`);
  const refs = (["ref", "ref1", "ref2"] as const).flatMap((key) => {
    const value = clean(item.refs[key]);
    return value ? [`${key}=${value}`] : [];
  });
  if (refs.length > 0) lines.push(`Campaign refs: ${refs.join(", ")}`);
  const birthday = clean(item.birthday);
  if (birthday && version === "3.0" && !parseBirthday(birthday)) lines.push(`Birthday: ${birthday}`);
  return lines.join("\n");
}

/** FN is required: the best name there is, down to a placeholder. */
function displayName(item: ContactItem): string {
  return (
    personName(item) ??
    clean(item.org?.company) ??
    item.phones.map(phoneText).find(Boolean) ??
    item.emails.map((email) => clean(email.email)).find(Boolean) ??
    "Unknown contact"
  );
}

/** The number as the sender's phone wrote it, else E.164, else the WhatsApp id. */
function phoneText(phone: Phone): string | null {
  const waId = digitsOnly(phone.waId);
  return clean(phone.phone) ?? clean(phone.e164) ?? (waId ? `+${waId}` : null);
}

function personName(item: ContactItem): string | null {
  const { name } = item;
  const built = [name.prefix, name.first, name.middle, name.last, name.suffix].map(clean).filter(Boolean).join(" ");
  return clean(name.formatted) ?? (built || null);
}

function placeType(type: string | null, version: VcardVersion): string | null {
  const mapped = type ? placeTypes[type.trim().toUpperCase()] : undefined;
  return mapped ? (version === "3.0" ? mapped.v3 : mapped.v4) : null;
}

function contentLine(name: string, params: string, value: string): string {
  return `${name}${params}:${value}`;
}

/**
 * Single text values. 3.0's text grammar (RFC 2426) also escapes ";"; 4.0's (RFC 6350 §3.3)
 * has no "\;" outside compound values, so there a ";" stays as it is.
 */
function escapeText(value: string, version: VcardVersion): string {
  const pattern = version === "3.0" ? /\\|,|;|\r\n|\r|\n/g : /\\|,|\r\n|\r|\n/g;
  return sanitize(value).replace(pattern, escapeChar);
}

/** One component of a compound value (N, ADR, ORG): ";" separates components, so it is always escaped. */
function escapeComponent(value: string): string {
  return sanitize(value).replace(/\\|,|;|\r\n|\r|\n/g, escapeChar);
}

function escapeChar(char: string): string {
  return char === "\\" || char === "," || char === ";" ? `\\${char}` : "\\n";
}

/** Control characters other than tab and line breaks are not allowed in vCard text; lone surrogates would not survive UTF-8. */
function sanitize(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Folds at 75 octets of UTF-8. A break never falls inside a character, a user-perceived
 * character (an emoji with its modifiers, a letter with its accents) or a backslash escape,
 * so importers that unfold line by line still see whole characters.
 */
function foldLine(line: string): string {
  if (utf8Length(line) <= maxLineOctets) return line;
  const physical: string[] = [];
  let current = "";
  let size = 0;
  for (const unit of foldUnits(line)) {
    const unitSize = utf8Length(unit);
    // Every line after the first begins with the space that marks it as a continuation.
    const limit = physical.length === 0 ? maxLineOctets : maxLineOctets - 1;
    if (size + unitSize > limit && current !== "") {
      physical.push(current);
      current = "";
      size = 0;
    }
    current += unit;
    size += unitSize;
  }
  physical.push(current);
  return physical.join("\r\n ");
}

/**
 * Characters that can join their neighbours into one grapheme cluster (combining marks, joiners,
 * variation selectors, emoji modifiers and flags, Hangul jamo, prepended signs). A line without any
 * is folded code point by code point; only lines with them pay for Intl.Segmenter, which is ~20x slower.
 */
const clusterForming = /[\p{M}\u200C\u200D\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u{E0020}-\u{E007F}\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]/u;

function foldUnits(line: string): string[] {
  const units: string[] = [];
  let afterBackslash = false;
  const clusters = clusterForming.test(line) ? Array.from(graphemes.segment(line), (part) => part.segment) : Array.from(line);
  for (const segment of clusters) {
    if (afterBackslash && /^[\\,;nN]$/.test(segment)) {
      units[units.length - 1] += segment;
      afterBackslash = false;
    } else if (utf8Length(segment) > maxLineOctets - 2) {
      // A cluster too long for one line (e.g. a letter under dozens of combining marks): fall back to code points.
      units.push(...Array.from(segment));
      afterBackslash = false;
    } else {
      units.push(segment);
      afterBackslash = segment === "\\";
    }
  }
  return units;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function humanUtc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function digitsOnly(value: string | null | undefined): string | null {
  const digits = value?.replace(/\D/g, "");
  return digits ? digits : null;
}

/*
 * File names: no path separators, quotes, control or bidi-override characters (a right-to-left
 * override can make "gpj.exe" look like "exe.jpg"), nothing Windows refuses, no leading dots.
 */
function safeFileBase(name: string): string | null {
  const cleaned = sanitize(name.normalize("NFC"))
    .replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, "")
    .replace(/[\/\\"<>:|?*\u0000-\u001F\u007F]/g, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  const short = Array.from(cleaned).slice(0, 100).join("").trim();
  if (!short) return null;
  return /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(short) ? `${short}_` : short;
}

/** "Tomás Núñez" → "Tomas Nunez"; letters with no ASCII form are dropped. */
function toAscii(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9 ._()'&,+-]/g, " ");
}

/** RFC 8187 value-chars: only attr-chars stay as they are; encodeURIComponent leaves ' ( ) * alone. */
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
