/*
 * CSV for Google Contacts (contacts.google.com → Import): one ContactItem in, one row out.
 *
 * The columns are those of the "Google CSV" that Google Contacts exports, the format its help page
 * on importing (Google Contacts Help, "Import contacts", https://support.google.com/contacts/answer/1069522)
 * has users start from: the name and organisation fields, Birthday, Notes, Labels, then numbered
 * groups "E-mail 1 - Label", "E-mail 1 - Value", … "Phone 1 - Label", "Phone 1 - Value", …
 * "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street", …, "Website 1 - Label", …
 * (checked column by column against copies of real Google CSV exports, since that page could not be
 * fetched from here). Several values in one cell (Labels) are joined with " ::: ", as Google writes them.
 *
 * An export streams, so the number of numbered groups is fixed: 3 emails, 5 phones, 2 addresses and
 * 2 websites, more than WhatsApp cards carry in practice. Whatever does not fit goes into Notes, so
 * nothing is lost.
 */
import type { ContactItem } from "@/lib/contacts/contact-item";
import { formatAddress, safeHttpUrl } from "@/lib/contacts/display";
import { parseBirthday } from "./birthday";
import { defuseFormulas, toCsvLine } from "./csv-cells";
import { exportPhone, type ExportPhone } from "./export-phone";
import { placeTypeOf, type PhoneKind, type PlaceType } from "./phone-types";
import { campaignRefs, shareNoteLines } from "./share-note";

export const googleCsvLimits = { emails: 3, phones: 5, addresses: 2, websites: 2 } as const;

export function googleCsvHeader(): string {
  return toCsvLine(googleColumns);
}

/**
 * Cells that start a formula are defused (csv-cells.ts), but not phone numbers: Google takes
 * "'+34…" literally, and a number cannot run anything in a spreadsheet.
 */
export function googleCsvRow(item: ContactItem): string {
  const row = new Map<string, string>();
  const extra: string[] = [];
  const name = nameCells(item);
  row.set("First Name", name.first);
  row.set("Middle Name", name.middle);
  row.set("Last Name", name.last);
  row.set("Name Prefix", line(item.name.prefix));
  row.set("Name Suffix", line(item.name.suffix));
  row.set("File As", name.fileAs);
  row.set("Organization Name", line(item.org?.company));
  row.set("Organization Title", line(item.org?.title));
  row.set("Organization Department", line(item.org?.department));
  const birthday = googleBirthday(item.birthday);
  row.set("Birthday", birthday ?? "");
  if (!birthday && line(item.birthday)) extra.push(`Birthday: ${line(item.birthday)}`);
  row.set("Labels", campaignRefs(item).map(oneLabelValue).join(" ::: "));

  const emails = item.emails.flatMap((email) => (line(email.email) ? [{ value: line(email.email), type: placeTypeOf(email.type) }] : []));
  emails.slice(0, googleCsvLimits.emails).forEach((email, index) => {
    row.set(`E-mail ${index + 1} - Label`, placeLabel(email.type, "Home"));
    row.set(`E-mail ${index + 1} - Value`, email.value);
  });
  const moreEmails = emails.slice(googleCsvLimits.emails);
  if (moreEmails.length > 0) extra.push(`More emails: ${moreEmails.map((email) => withLabel(email.value, placeLabel(email.type, "Home"))).join(", ")}`);

  const phones = item.phones.map(exportPhone).filter((phone): phone is ExportPhone => phone !== null);
  phones.slice(0, googleCsvLimits.phones).forEach((phone, index) => {
    row.set(`Phone ${index + 1} - Label`, phoneLabel(phone));
    row.set(`Phone ${index + 1} - Value`, phone.value);
  });
  const morePhones = phones.slice(googleCsvLimits.phones);
  if (morePhones.length > 0) extra.push(`More phones: ${morePhones.map((phone) => withLabel(phone.value, phoneLabel(phone))).join(", ")}`);

  const addresses = item.addresses.filter((address) => formatAddress(address).length > 0);
  addresses.slice(0, googleCsvLimits.addresses).forEach((address, index) => {
    const prefix = `Address ${index + 1} - `;
    row.set(`${prefix}Label`, placeLabel(placeTypeOf(address.type), "Home"));
    row.set(`${prefix}Formatted`, formatAddress(address).join("\n"));
    row.set(`${prefix}Street`, address.street?.trim() ?? "");
    row.set(`${prefix}City`, line(address.city));
    row.set(`${prefix}Region`, line(address.state));
    row.set(`${prefix}Postal Code`, line(address.zip));
    row.set(`${prefix}Country`, line(address.country) || line(address.countryCode));
  });
  const moreAddresses = addresses.slice(googleCsvLimits.addresses);
  if (moreAddresses.length > 0) extra.push(`More addresses: ${moreAddresses.map((address) => formatAddress(address).join(", ")).join("; ")}`);

  const websites = item.urls.flatMap((url) => {
    const value = safeHttpUrl(url.url?.trim() || null);
    return value ? [{ value, type: placeTypeOf(url.type) }] : [];
  });
  websites.slice(0, googleCsvLimits.websites).forEach((website, index) => {
    row.set(`Website ${index + 1} - Label`, placeLabel(website.type, "Home Page"));
    row.set(`Website ${index + 1} - Value`, website.value);
  });
  const moreWebsites = websites.slice(googleCsvLimits.websites);
  if (moreWebsites.length > 0) extra.push(`More websites: ${moreWebsites.map((website) => website.value).join(", ")}`);

  row.set("Notes", shareNoteLines(item, extra).join("\n"));
  return toCsvLine(googleColumns.map((column) => defuseFormulas(row.get(column) ?? "", { keepNumbers: true })));
}

const fixedColumns = [
  "First Name",
  "Middle Name",
  "Last Name",
  "Phonetic First Name",
  "Phonetic Middle Name",
  "Phonetic Last Name",
  "Name Prefix",
  "Name Suffix",
  "Nickname",
  "File As",
  "Organization Name",
  "Organization Title",
  "Organization Department",
  "Birthday",
  "Notes",
  "Photo",
  "Labels",
];

const addressFields = ["Label", "Formatted", "Street", "City", "PO Box", "Region", "Postal Code", "Country", "Extended Address"];

const googleColumns: readonly string[] = [
  ...fixedColumns,
  ...numbered(googleCsvLimits.emails, (n) => [`E-mail ${n} - Label`, `E-mail ${n} - Value`]),
  ...numbered(googleCsvLimits.phones, (n) => [`Phone ${n} - Label`, `Phone ${n} - Value`]),
  ...numbered(googleCsvLimits.addresses, (n) => addressFields.map((field) => `Address ${n} - ${field}`)),
  ...numbered(googleCsvLimits.websites, (n) => [`Website ${n} - Label`, `Website ${n} - Value`]),
];

function numbered(count: number, columns: (n: number) => string[]): string[] {
  return Array.from({ length: count }, (_, index) => columns(index + 1)).flat();
}

/** Google's phone labels as its own export writes them; a label without a standard meaning is kept as written. */
const phoneLabels: Record<PhoneKind, string> = {
  cell: "Mobile",
  iphone: "Mobile",
  home: "Home",
  work: "Work",
  main: "Main",
  fax: "Fax",
  "home-fax": "Home Fax",
  "work-fax": "Work Fax",
  pager: "Pager",
  voice: "Other",
};

function phoneLabel(phone: ExportPhone): string {
  if (!phone.type) return "";
  return oneLabelValue(phone.type.custom ?? phoneLabels[phone.type.kind]);
}

function placeLabel(type: PlaceType | null, homeLabel: string): string {
  if (!type) return "";
  if (type.custom) return oneLabelValue(type.custom);
  return type.kind === "home" ? homeLabel : type.kind === "work" ? "Work" : "Other";
}

function withLabel(value: string, label: string): string {
  return label ? `${value} (${label})` : value;
}

/**
 * The person's name in Google's three fields. A card that only has a formatted name gets it as the
 * first name; one whose formatted name says more than its parts keeps it in File As.
 */
function nameCells(item: ContactItem): { first: string; middle: string; last: string; fileAs: string } {
  const first = line(item.name.first);
  const middle = line(item.name.middle);
  const last = line(item.name.last);
  const formatted = line(item.name.formatted);
  if (!first && !middle && !last) return { first: formatted, middle: "", last: "", fileAs: "" };
  const parts = [item.name.prefix, first, middle, last, item.name.suffix].map(line).filter(Boolean).join(" ");
  return { first, middle, last, fileAs: formatted && formatted !== parts ? formatted : "" };
}

/** yyyy-mm-dd, or --mm-dd without a year: the forms Google's export writes. */
function googleBirthday(birthday: string | null): string | null {
  const date = parseBirthday(birthday);
  return date ? `${date.year ?? "-"}-${date.month}-${date.day}` : null;
}

/** Google splits a cell at " ::: "; a label that contains it must not become two. */
function oneLabelValue(value: string): string {
  return value.replace(/\s*:::\s*/g, " : ");
}

function line(value: string | null | undefined): string {
  return value?.replace(/\s+/g, " ").trim() ?? "";
}
