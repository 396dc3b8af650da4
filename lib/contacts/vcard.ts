/*
 * vCard renderer: one ContactItem in, one vCard out (3.0 by default, 4.0 on request).
 *
 * What real clients need, beyond the grammar (each point is checked in the tests against ical.js,
 * the strict RFC 6350 parser vcard4, python-vobject and khard):
 *  - a stable UID (see vcard-uid.ts) and REV: CardDAV servers (sabre/vobject: "vCards on CardDAV
 *    servers MUST have a UID property"), khard and vdirsyncer key contacts by UID, so re-importing
 *    an export updates contacts instead of duplicating them;
 *  - TEL in E.164 when known (see export-phone.ts), typed from the label the sender's phone used
 *    (see phone-types.ts); a label with no standard type is kept the way Apple and Google write
 *    custom labels, `itemN.TEL` + `itemN.X-ABLabel`;
 *  - in 4.0, only parameters RFC 6350 registers or `X-` ones (WhatsApp's `waid` becomes `X-WAID`),
 *    and TEL as a `tel:` URI, as RFC 6350 §6.4.1 recommends and khard itself writes;
 *  - single-line names, organisation and title; only http(s) URLs, with no bare comma;
 *  - folds never next to a space, which parsers that trim lines would lose.
 *
 * Hand-written rather than built on ical.js v2's writer. Checked against ical.js 2.2.1, its writer:
 *  - folds each chunk at 75 octets and then adds the leading space, so continuation lines are
 *    76 octets (RFC 6350 §3.2 and RFC 2425 §5.8.1 say 75 including that space);
 *  - does not escape ";" in single text values (RFC 2426's text grammar needs "\;");
 *  - backslash-escapes "," inside 4.0 URL values, which are URIs and take no text escaping (we
 *    percent-encode it instead, see urlLines);
 *  - can only change the fold width through a global, mutable setting.
 */
import type { ContactItem } from "@/lib/contacts/contact-item";
import { safeHttpUrl } from "@/lib/contacts/display";
import { parseBirthday } from "./birthday";
import { exportPhone, type ExportPhone } from "./export-phone";
import { placeTypeOf, type PhoneKind, type PlaceType } from "./phone-types";
import { shareNoteLines } from "./share-note";
import { shareUid } from "./vcard-uid";

export type VcardVersion = "3.0" | "4.0";

export type VcardOptions = { version?: VcardVersion };

export const vcardContentType = "text/vcard; charset=utf-8";

/** One card, every line (the last one too) ending in CRLF. */
export function renderVcard(item: ContactItem, options: VcardOptions = {}): string {
  const version = options.version ?? "3.0";
  const card = { version, groups: 0 };
  const lines = [
    "BEGIN:VCARD",
    `VERSION:${version}`,
    ...nameLines(item),
    ...item.phones.flatMap((phone) => telLines(card, exportPhone(phone))),
    ...item.emails.flatMap((email) => emailLines(card, email)),
    ...item.addresses.flatMap((address) => adrLines(card, address)),
    ...orgLines(item),
    ...item.urls.flatMap((url) => urlLines(card, url)),
    ...bdayLine(item.birthday, version),
    contentLine("NOTE", "", escapeText(shareNoteLines(item, birthdayNote(item.birthday, version)).join("\n"))),
    contentLine("UID", "", shareUid(item)),
    ...revLine(item.receivedAt, version),
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

/** One card being written: its version and how many `itemN.` groups it has used. */
type Card = { version: VcardVersion; groups: number };

type Email = ContactItem["emails"][number];
type Address = ContactItem["addresses"][number];
type Url = ContactItem["urls"][number];

/** The fold limit, in octets, of every physical line without its CRLF (the leading space counts). */
const maxLineOctets = 75;

/*
 * Phone kinds → TYPE values. 3.0 keeps MAIN and IPHONE, the labels iOS itself writes (RFC 2426
 * allows any token in TYPE; an importer that does not know one keeps a voice number), and IPHONE
 * also gets CELL so other importers file it as a mobile. 4.0 uses only types RFC 6350 registers
 * for TEL: MAIN becomes a preferred voice number (PREF=1), IPHONE a cell. A plain voice number gets
 * no TYPE, which both versions read as voice.
 */
const telTypes: Record<PhoneKind, { v3: string[]; v4: string[]; pref?: true }> = {
  cell: { v3: ["CELL"], v4: ["cell"] },
  iphone: { v3: ["IPHONE", "CELL"], v4: ["cell"] },
  home: { v3: ["HOME"], v4: ["home"] },
  work: { v3: ["WORK"], v4: ["work"] },
  main: { v3: ["MAIN"], v4: ["voice"], pref: true },
  fax: { v3: ["FAX"], v4: ["fax"] },
  "home-fax": { v3: ["HOME", "FAX"], v4: ["home", "fax"] },
  "work-fax": { v3: ["WORK", "FAX"], v4: ["work", "fax"] },
  pager: { v3: ["PAGER"], v4: ["pager"] },
  voice: { v3: [], v4: [] },
};

function nameLines(item: ContactItem): string[] {
  const { name } = item;
  const parts = [name.last, name.first, name.middle, name.prefix, name.suffix].map((part) => escapeText(singleLine(part) ?? ""));
  return [contentLine("N", "", parts.join(";")), contentLine("FN", "", escapeText(displayName(item)))];
}

function telLines(card: Card, phone: ExportPhone | null): string[] {
  if (!phone) return [];
  const { version } = card;
  const mapped = telTypes[phone.type?.kind ?? "voice"];
  const types = version === "3.0" ? mapped.v3 : mapped.v4;
  // 4.0's TEL should be a tel: URI (RFC 6350 §6.4.1); a number that could not be placed stays text.
  const asUri = version === "4.0" && phone.e164 !== null;
  const params = [
    ...(asUri ? ["VALUE=uri"] : []),
    ...(types.length > 0 ? [`TYPE=${types.join(",")}`] : []),
    ...(mapped.pref && version === "4.0" ? ["PREF=1"] : []),
    // WhatsApp's own vCards carry the account as `waid` (3.0); 4.0 allows no unregistered parameter without X-.
    ...(phone.waId ? [version === "3.0" ? `waid=${phone.waId}` : `X-WAID=${phone.waId}`] : []),
  ];
  const value = asUri ? `tel:${phone.e164}` : escapeText(phone.value);
  return labelled(card, contentLine("TEL", params.map((param) => `;${param}`).join(""), value), phone.type?.custom ?? null);
}

function emailLines(card: Card, email: Email): string[] {
  const value = clean(email.email);
  if (!value) return [];
  const place = placeTypeOf(email.type);
  const types = card.version === "3.0" ? ["INTERNET", ...placeTypes(place, card.version)] : placeTypes(place, card.version);
  const line = contentLine("EMAIL", types.length > 0 ? `;TYPE=${types.join(",")}` : "", escapeText(value));
  return labelled(card, line, place?.custom ?? null);
}

function adrLines(card: Card, address: Address): string[] {
  // ADR has no slot for a country code: it stands in for the country when only the code is known.
  const country = clean(address.country) ?? clean(address.countryCode);
  const parts = ["", "", address.street, address.city, address.state, address.zip, country].map((part) => clean(part) ?? "");
  if (parts.every((part) => part === "")) return [];
  const place = placeTypeOf(address.type);
  const types = placeTypes(place, card.version);
  const line = contentLine("ADR", types.length > 0 ? `;TYPE=${types.join(",")}` : "", parts.map(escapeText).join(";"));
  return labelled(card, line, place?.custom ?? null);
}

function orgLines(item: ContactItem): string[] {
  const company = singleLine(item.org?.company);
  const department = singleLine(item.org?.department);
  const title = singleLine(item.org?.title);
  const lines: string[] = [];
  if (company || department) {
    const parts = department ? [company ?? "", department] : [company ?? ""];
    lines.push(contentLine("ORG", "", parts.map(escapeText).join(";")));
  }
  if (title) lines.push(contentLine("TITLE", "", escapeText(title)));
  return lines;
}

/**
 * Only http(s): a `javascript:`, `data:` or `vbscript:` URL a customer sent must not become a link
 * in an address book. safeHttpUrl answers the URL parser's href (spaces and other unsafe characters
 * percent-encoded); a comma is too, because python-vobject (khard, Radicale) reads URL as a text
 * list and keeps only what comes before the first one, while a "\," escape would break URI readers.
 */
function urlLines(card: Card, url: Url): string[] {
  const value = safeHttpUrl(clean(url.url))?.replace(/,/g, "%2C");
  if (!value) return [];
  const place = placeTypeOf(url.type);
  const types = placeTypes(place, card.version);
  return labelled(card, contentLine("URL", types.length > 0 ? `;TYPE=${types.join(",")}` : "", value), place?.custom ?? null);
}

/** HOME and WORK are TYPE values in both versions; "other" has none; a custom label goes into X-ABLabel. */
function placeTypes(place: PlaceType | null, version: VcardVersion): string[] {
  if (place?.kind === "home") return [version === "3.0" ? "HOME" : "home"];
  if (place?.kind === "work") return [version === "3.0" ? "WORK" : "work"];
  return [];
}

/** A property with a custom label, grouped with it the way Apple's and Google's address books write one. */
function labelled(card: Card, line: string, label: string | null): string[] {
  const text = singleLine(label);
  if (!text) return [line];
  card.groups += 1;
  const group = `item${card.groups}`;
  return [`${group}.${line}`, contentLine(`${group}.X-ABLabel`, "", escapeText(text))];
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
  const text = singleLine(birthday);
  return text && version === "4.0" ? [contentLine("BDAY", ";VALUE=text", escapeText(text))] : [];
}

function birthdayNote(birthday: string | null, version: VcardVersion): string[] {
  const text = singleLine(birthday);
  return text && version === "3.0" && !parseBirthday(birthday) ? [`Birthday: ${text}`] : [];
}

/** When the share arrived: 3.0 takes RFC 2426's ISO 8601 form, 4.0 RFC 6350's basic timestamp. */
function revLine(receivedAt: string, version: VcardVersion): string[] {
  const date = new Date(receivedAt);
  if (Number.isNaN(date.getTime())) return [];
  const iso = date.toISOString().slice(0, 19) + "Z";
  return [contentLine("REV", "", version === "3.0" ? iso : iso.replace(/[-:]/g, ""))];
}

/** FN is required: the best name there is, down to a placeholder. */
function displayName(item: ContactItem): string {
  return (
    personName(item) ??
    singleLine(item.org?.company) ??
    item.phones.map(exportPhone).map((phone) => phone?.text ?? phone?.value).find(Boolean) ??
    item.emails.map((email) => clean(email.email)).find(Boolean) ??
    "Unknown contact"
  );
}

function personName(item: ContactItem): string | null {
  const { name } = item;
  const built = [name.prefix, name.first, name.middle, name.last, name.suffix].map(singleLine).filter(Boolean).join(" ");
  return singleLine(name.formatted) ?? (built || null);
}

function contentLine(name: string, params: string, value: string): string {
  return `${name}${params}:${value}`;
}

/**
 * Text values and each component of a compound one (N, ADR, ORG). RFC 2426 (3.0) escapes ";" in
 * every text value; RFC 6350 (4.0) requires it in compound values and allows it elsewhere, and
 * strict parsers split a single value on a bare ";", so both versions always escape it.
 */
function escapeText(value: string): string {
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

/** Names, organisation and title are one line in every address book: line breaks (and the spaces around them) become one space. */
function singleLine(value: string | null | undefined): string | null {
  return clean(value?.replace(/[ \t]*(?:\r\n|[\r\n\u0085\u2028\u2029])[ \t]*/g, " "));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Folds at 75 octets of UTF-8. A break never falls inside a character, a user-perceived
 * character (an emoji with its modifiers, a letter with its accents) or a backslash escape,
 * so importers that unfold line by line still see whole characters; and never right before or
 * after whitespace, which parsers that trim each physical line would drop. Only a run of
 * whitespace longer than a whole line cannot be kept off a fold.
 */
function foldLine(line: string): string {
  if (utf8Length(line) <= maxLineOctets) return line;
  const units = foldUnits(line);
  const sizes = units.map(utf8Length);
  // A line may end before units[index] only between two units that are not whitespace.
  const breakable = (index: number) => !isSpace(units[index - 1]!) && !isSpace(units[index]!);
  const physical: string[] = [];
  // Every line after the first begins with the space that marks it as a continuation.
  let limit = maxLineOctets;
  let start = 0;
  let size = 0;
  let lastBreak = -1;
  for (let index = 0; index < units.length; index++) {
    if (index > start && breakable(index)) lastBreak = index;
    while (size + sizes[index]! > limit && index > start) {
      // Back to the last place the line may end; with none (a run of whitespace longer than a line), here.
      const cut = lastBreak > start ? lastBreak : index;
      physical.push(units.slice(start, cut).join(""));
      limit = maxLineOctets - 1;
      start = cut;
      lastBreak = -1;
      size = 0;
      for (let carried = cut; carried < index; carried++) {
        if (carried > cut && breakable(carried)) lastBreak = carried;
        size += sizes[carried]!;
      }
      if (index > start && breakable(index)) lastBreak = index;
    }
    size += sizes[index]!;
  }
  physical.push(units.slice(start).join(""));
  return physical.join("\r\n ");
}

function isSpace(unit: string): boolean {
  const first = unit.charCodeAt(0);
  const last = unit.charCodeAt(unit.length - 1);
  if (first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09) return true;
  return (first > 0x7f || last > 0x7f) && /^\s|\s$/u.test(unit);
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

/** The value without what vCard text cannot hold, trimmed; null when nothing is left (so a name of control characters is no name). */
function clean(value: string | null | undefined): string | null {
  const trimmed = value === null || value === undefined ? "" : sanitize(value).trim();
  return trimmed ? trimmed : null;
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
