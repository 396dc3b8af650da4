/*
 * CSV for Outlook (Outlook.com and the new Outlook: People → Import contacts; classic Outlook:
 * File → Open & Export → Import from another program or file → Comma Separated Values).
 *
 * The columns are Outlook's own CSV layout, in its order: the 61 columns Outlook.com exports, the
 * layout Microsoft's support articles describe for imports ("Import contacts to Outlook.com" and
 * "Create or edit .csv files to import into Outlook", support.microsoft.com; checked against copies
 * of real Outlook.com exports, since those pages could not be fetched from here), which classic
 * Outlook's import maps by name too.
 * It has fixed places: one Mobile Phone, two Home and two Business phones, three e-mail addresses,
 * one Home, Business and Other address, two web pages. Whatever has no place (a second mobile, a
 * fourth email, a custom label) goes into Notes, so nothing is lost.
 */
import type { ContactItem } from "@/lib/contacts/contact-item";
import { safeHttpUrl } from "@/lib/contacts/display";
import { parseBirthday } from "./birthday";
import { defuseFormulas, toCsvLine } from "./csv-cells";
import { exportPhone, type ExportPhone } from "./export-phone";
import { placeTypeOf, type PhoneKind } from "./phone-types";
import { shareNoteLines } from "./share-note";

export function outlookCsvHeader(): string {
  return toCsvLine(outlookColumns);
}

/**
 * Cells that start a formula are defused (csv-cells.ts), but not phone numbers: Outlook takes
 * "'+34…" literally, and a number cannot run anything in a spreadsheet.
 */
export function outlookCsvRow(item: ContactItem): string {
  const row = new Map<string, string>();
  const extra: string[] = [];
  const name = nameCells(item);
  row.set("First Name", name.first);
  row.set("Middle Name", name.middle);
  row.set("Last Name", name.last);
  row.set("Title", line(item.name.prefix));
  row.set("Suffix", line(item.name.suffix));
  row.set("Company", line(item.org?.company));
  row.set("Department", line(item.org?.department));
  row.set("Job Title", line(item.org?.title));
  if (name.formattedAside) extra.push(`Name as shared: ${name.formattedAside}`);
  const birthday = isoDate(item.birthday);
  row.set("Birthday", birthday ?? "");
  if (!birthday && line(item.birthday)) extra.push(`Birthday: ${line(item.birthday)}`);

  const morePhones: string[] = [];
  for (const phone of item.phones.map(exportPhone).filter((phone): phone is ExportPhone => phone !== null)) {
    const column = [...phoneColumns[phone.type?.kind ?? "voice"], "Other Phone"].find((candidate) => !row.has(candidate));
    if (column) row.set(column, phone.value);
    else morePhones.push(phone.value);
    if (phone.type?.custom) extra.push(`Phone ${phone.value}: ${phone.type.custom}`);
  }
  if (morePhones.length > 0) extra.push(`More phones: ${morePhones.join(", ")}`);

  const emails = item.emails.map((email) => line(email.email)).filter(Boolean);
  emailColumns.forEach((column, index) => row.set(column, emails[index] ?? ""));
  if (emails.length > emailColumns.length) extra.push(`More emails: ${emails.slice(emailColumns.length).join(", ")}`);

  const moreAddresses: string[] = [];
  for (const address of item.addresses) {
    const fields = {
      Street: address.street?.trim() ?? "",
      City: line(address.city),
      State: line(address.state),
      "Postal Code": line(address.zip),
      "Country/Region": line(address.country) || line(address.countryCode),
    };
    if (Object.values(fields).every((value) => value === "")) continue;
    const kind = placeTypeOf(address.type)?.kind;
    const place = [kind === "home" ? "Home" : kind === "work" ? "Business" : "Other", "Other"].find((candidate) => !row.has(`${candidate} Street`));
    if (!place) {
      moreAddresses.push(Object.values(fields).filter(Boolean).join(", "));
      continue;
    }
    for (const [field, value] of Object.entries(fields)) row.set(`${place} ${field}`, value);
  }
  if (moreAddresses.length > 0) extra.push(`More addresses: ${moreAddresses.join("; ")}`);

  const moreWebsites: string[] = [];
  for (const url of item.urls) {
    const value = safeHttpUrl(url.url?.trim() || null);
    if (!value) continue;
    const preferred = placeTypeOf(url.type)?.kind === "home" ? ["Personal Web Page", "Web Page"] : ["Web Page", "Personal Web Page"];
    const column = preferred.find((candidate) => !row.has(candidate));
    if (column) row.set(column, value);
    else moreWebsites.push(value);
  }
  if (moreWebsites.length > 0) extra.push(`More websites: ${moreWebsites.join(", ")}`);

  row.set("Notes", shareNoteLines(item, extra).join("\n"));
  return toCsvLine(outlookColumns.map((column) => defuseFormulas(row.get(column) ?? "", { keepNumbers: true })));
}

/** Outlook.com's export header, all 61 columns in its order. */
const outlookColumns: readonly string[] = [
  "First Name",
  "Middle Name",
  "Last Name",
  "Title",
  "Suffix",
  "Nickname",
  "Given Yomi",
  "Surname Yomi",
  "E-mail Address",
  "E-mail 2 Address",
  "E-mail 3 Address",
  "Home Phone",
  "Home Phone 2",
  "Business Phone",
  "Business Phone 2",
  "Mobile Phone",
  "Car Phone",
  "Other Phone",
  "Primary Phone",
  "Pager",
  "Business Fax",
  "Home Fax",
  "Other Fax",
  "Company Main Phone",
  "Callback",
  "Radio Phone",
  "Telex",
  "TTY/TDD Phone",
  "IMAddress",
  "Job Title",
  "Department",
  "Company",
  "Office Location",
  "Manager's Name",
  "Assistant's Name",
  "Assistant's Phone",
  "Company Yomi",
  "Business Street",
  "Business City",
  "Business State",
  "Business Postal Code",
  "Business Country/Region",
  "Home Street",
  "Home City",
  "Home State",
  "Home Postal Code",
  "Home Country/Region",
  "Other Street",
  "Other City",
  "Other State",
  "Other Postal Code",
  "Other Country/Region",
  "Personal Web Page",
  "Spouse",
  "Schools",
  "Hobby",
  "Location",
  "Web Page",
  "Birthday",
  "Anniversary",
  "Notes",
];

const emailColumns = ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"];

/** Where each kind of phone goes, in order of preference; "Other Phone" is everyone's last resort. */
const phoneColumns: Record<PhoneKind, string[]> = {
  cell: ["Mobile Phone"],
  iphone: ["Mobile Phone"],
  home: ["Home Phone", "Home Phone 2"],
  work: ["Business Phone", "Business Phone 2"],
  main: ["Primary Phone"],
  fax: ["Other Fax"],
  "home-fax": ["Home Fax"],
  "work-fax": ["Business Fax"],
  pager: ["Pager"],
  voice: [],
};

/**
 * A card that only has a formatted name gets it as the first name, so the contact is not filed as
 * nameless. Outlook builds the display name from the parts, so a formatted name that says more than
 * they do is kept aside, for Notes.
 */
function nameCells(item: ContactItem): { first: string; middle: string; last: string; formattedAside: string } {
  const first = line(item.name.first);
  const middle = line(item.name.middle);
  const last = line(item.name.last);
  const formatted = line(item.name.formatted);
  if (!first && !middle && !last) return { first: formatted, middle: "", last: "", formattedAside: "" };
  const parts = [item.name.prefix, first, middle, last, item.name.suffix].map(line).filter(Boolean).join(" ");
  return { first, middle, last, formattedAside: formatted && formatted !== parts ? formatted : "" };
}

/**
 * yyyy-mm-dd: Outlook reads dates with the computer's regional settings, where 3/9/1984 is March
 * in one country and September in another; the ISO form reads the same everywhere. A birthday
 * without a year has no form Outlook keeps, so it goes into Notes.
 */
function isoDate(birthday: string | null): string | null {
  const date = parseBirthday(birthday);
  return date?.year ? `${date.year}-${date.month}-${date.day}` : null;
}

function line(value: string | null | undefined): string {
  return value?.replace(/\s+/g, " ").trim() ?? "";
}
