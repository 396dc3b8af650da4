/*
 * CSV for spreadsheets, the default export: one ContactItem in, one RFC 4180 row out, every field
 * the inbox has under its own name. A download is `csvBom + csvHeader() + csvRow(item)…`.
 * For address books, csv-google.ts and csv-outlook.ts write those products' import columns.
 *
 * Multi-valued fields (phones, wa ids, emails, addresses, urls) are one column each, values
 * joined with "; " (such a cell is quoted, so a European Excel does not split it at the ";"): a card
 * can carry any number of them, and fixed "phone 1/2/3" columns would drop the rest. Types (CELL,
 * WORK…) stay in the vCard and address-book exports, so a cell holds only values an agent can paste.
 */
import type { ContactItem } from "@/lib/contacts/contact-item";
import { csvBom, defuseFormulas, toCsvLine } from "./csv-cells";

export function csvHeader(): string {
  return toCsvLine(columns.map(([header]) => header));
}

/**
 * Every cell is defused (csv-cells.ts), phone numbers too: this file is opened in spreadsheets,
 * where a leading + starts a formula just like =.
 */
export function csvRow(item: ContactItem): string {
  return toCsvLine(columns.map(([, cell]) => defuseFormulas(String(cell(item) ?? ""))));
}

/** A whole file at once, for callers that do not stream. */
export function renderCsv(items: Iterable<ContactItem>): string {
  let text = csvBom + csvHeader();
  for (const item of items) text += csvRow(item);
  return text;
}

type Column = readonly [header: string, cell: (item: ContactItem) => string | number | null | undefined];

const columns: readonly Column[] = [
  ["id", (item) => item.id],
  ["sent_at", (item) => item.sentAt],
  ["received_at", (item) => item.receivedAt],
  ["formatted_name", (item) => item.name.formatted],
  ["name_prefix", (item) => item.name.prefix],
  ["first_name", (item) => item.name.first],
  ["middle_name", (item) => item.name.middle],
  ["last_name", (item) => item.name.last],
  ["name_suffix", (item) => item.name.suffix],
  ["phones", (item) => joinValues(item.phones.map((phone) => phone.phone ?? phone.e164 ?? (phone.waId ? `+${phone.waId}` : null)))],
  ["wa_ids", (item) => joinValues(item.phones.map((phone) => phone.waId))],
  ["emails", (item) => joinValues(item.emails.map((email) => email.email))],
  ["org_company", (item) => item.org?.company],
  ["org_department", (item) => item.org?.department],
  ["org_title", (item) => item.org?.title],
  ["addresses", (item) => joinValues(item.addresses.map(formatAddress))],
  ["urls", (item) => joinValues(item.urls.map((url) => url.url))],
  ["birthday", (item) => item.birthday],
  ["sender_wa_id", (item) => item.sender.waId],
  ["sender_profile_name", (item) => item.sender.profileName],
  ["business_phone_number", (item) => item.business.displayPhoneNumber],
  ["business_phone_number_id", (item) => item.business.phoneNumberId],
  ["waba_id", (item) => item.business.wabaId],
  ["ref", (item) => item.refs.ref],
  ["ref1", (item) => item.refs.ref1],
  ["ref2", (item) => item.refs.ref2],
  ["reply_to", (item) => item.replyTo],
  ["trace_id", (item) => item.traceId],
  ["message_id", (item) => item.messageId],
];

/** "street, city, state zip, country": the order most address books print. */
function formatAddress(address: ContactItem["addresses"][number]): string | null {
  const stateZip = [address.state, address.zip].filter(present).join(" ");
  return [address.street, address.city, stateZip, address.country ?? address.countryCode].filter(present).join(", ") || null;
}

function joinValues(values: (string | null)[]): string {
  return values.filter(present).join("; ");
}

function present(value: string | null | undefined): value is string {
  return typeof value === "string" && value.trim() !== "";
}
