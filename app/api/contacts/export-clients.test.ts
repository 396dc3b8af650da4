/*
 * The exports, produced by the real route handlers from a real SQLite database filled through the
 * real callback receiver, read by independent parsers and imported into real clients:
 *  - ical.js (both versions), vcard4 (a strict RFC 6350 parser, 4.0), python3-vobject (both);
 *  - khard, Debian's address book, fed the way its users feed it: vdirsyncer's "singlefile" storage
 *    imports the bulk .vcf into khard's vdir (one file per card, keyed by UID); a single-card
 *    download is saved into that folder as it is;
 *  - sabre/vobject's CardDAV rules (Nextcloud, Baïkal), checked here since PHP is not at hand;
 *  - Google Contacts' and Outlook's CSV columns, compared with the API's JSON.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import ICAL from "ical.js";
import { parse as parseStrict } from "vcard4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContactItem } from "@/lib/contacts/contact-item";
import { shareUid } from "@/lib/contacts/vcard-uid";
import { debianPython, run } from "@/test/address-book-clients";
import { apiRequest, postCallback } from "@/test/callbacks";
import { exportCorpusCallbacks, exportCorpusSize } from "@/test/export-corpus";
import { GET as getVcard } from "./[id]/vcard/route";
import { GET as exportCsv } from "./export.csv/route";
import { GET as exportVcf } from "./export.vcf/route";
import { GET as listContacts } from "./route";

const versions = ["3.0", "4.0"] as const;
type Version = (typeof versions)[number];

let items: ContactItem[] = [];
let workDir = "";

beforeAll(async () => {
  for (const body of exportCorpusCallbacks("clients")) expect((await postCallback(body as object)).status).toBe(200);
  const json = (await (await listContacts(await apiRequest("http://localhost/api/contacts?pageSize=200"))).json()) as { items: ContactItem[]; total: number };
  items = json.items;
  expect(items).toHaveLength(exportCorpusSize);
  expect(exportCorpusSize).toBe(58);
  workDir = mkdtempSync(path.join(tmpdir(), "contact-inbox-clients-"));
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function bulkExport(version: Version): Promise<string> {
  const response = await exportVcf(await apiRequest(`http://localhost/api/contacts/export.vcf${version === "4.0" ? "?version=4.0" : ""}`));
  expect(response.status).toBe(200);
  return response.text();
}

async function singleDownloads(version: Version): Promise<string[]> {
  return Promise.all(
    items.map(async (item) => {
      const response = await getVcard(await apiRequest(`http://localhost/api/contacts/${item.id}/vcard?version=${version}`), { params: Promise.resolve({ id: String(item.id) }) });
      expect(response.status).toBe(200);
      return response.text();
    }),
  );
}

describe.each(versions)("vCard %s", (version) => {
  it("ical.js reads every card of the bulk export and of the single downloads, with UID, name, phones and emails", async () => {
    for (const text of [await bulkExport(version), (await singleDownloads(version)).join("")]) {
      const cards = icalCards(text);
      expect(cards).toHaveLength(items.length);
      expect(cards.map(cardSummary)).toEqual(items.map(expectedSummary));
    }
  });

  it("python3-vobject reads every card of the bulk export and of the single downloads", async () => {
    for (const text of [await bulkExport(version), (await singleDownloads(version)).join("")]) {
      const cards = vobjectCards(text);
      expect(cards).toHaveLength(items.length);
      expect(
        cards.map((card) => ({
          uid: card.uid,
          name: card.fn[0],
          phones: card.tel.map((tel) => tel.value.replace(/^tel:/, "")),
          emails: card.email.map((email) => email.value),
        })),
      ).toEqual(items.map(expectedSummary));
      for (const card of cards) expect(card.version).toBe(version);
    }
  });

  it("meets sabre/vobject's rules for CardDAV (Nextcloud, Baïkal) for every card", async () => {
    for (const text of [await bulkExport(version), ...(await singleDownloads(version))]) {
      for (const card of icalCards(text)) expect(carddavProblems(card)).toEqual([]);
    }
  });

  it("khard lists every card of the bulk export after vdirsyncer imports it, and a second export adds nothing", async () => {
    const dir = path.join(workDir, `bulk-${version}`);
    const book = khardBook(dir);
    const importer = vdirsyncerPair(dir, path.join(dir, "export.vcf"), book.vdir);
    const first = await bulkExport(version);
    writeFileSync(path.join(dir, "export.vcf"), first);
    const uploaded = importer.sync();
    // Two cards with the same content (Luis Gómez, twice) stay two contacts: each has its own UID.
    expect(uploaded).toBe(items.length);
    expect(readdirSync(book.vdir)).toHaveLength(items.length);
    expectKhardToList(book, items);

    const second = await bulkExport(version);
    expect(second).toBe(first);
    writeFileSync(path.join(dir, "export.vcf"), second);
    expect(importer.sync()).toBe(0);
    // Even without vdirsyncer's memory of the first import, the UIDs match and nothing is added.
    rmSync(importer.statusDir, { recursive: true });
    expect(importer.sync()).toBe(0);
    expect(readdirSync(book.vdir)).toHaveLength(items.length);
    expectKhardToList(book, items);
  });

  it("khard lists every single-card download saved into its address book folder", async () => {
    const book = khardBook(path.join(workDir, `single-${version}`));
    const downloads = await singleDownloads(version);
    downloads.forEach((text, index) => writeFileSync(path.join(book.vdir, `download-${index}.vcf`), text));
    expectKhardToList(book, items);
  });
});

describe("vCard 4.0 and a strict RFC 6350 parser (vcard4)", () => {
  it("accepts every card of the bulk export and of the single downloads", async () => {
    const bulk = parseStrict(await bulkExport("4.0")) as unknown as StrictCard[];
    expect(bulk).toHaveLength(items.length);
    const singles = (await singleDownloads("4.0")).map((text) => parseStrict(text) as unknown as StrictCard);
    for (const [index, card] of [...bulk, ...singles].entries()) {
      const item = items[index % items.length]!;
      const value = (property: string) => card.parsedVcard.filter((prop) => prop.property === property).map((prop) => prop.value);
      expect(value("UID")).toEqual([shareUid(item)]);
      expect(value("TEL")).toEqual(expectedPhones(item).map((phone) => (phone.startsWith("+") && /^\+\d+$/.test(phone) ? `tel:${phone}` : phone)));
      expect(value("EMAIL")).toEqual(expectedEmails(item));
      expect(card.parsedVcard.filter((prop) => prop.property === "FN")).toHaveLength(1);
    }
  });
});

describe("the documented samples' masked ids", () => {
  it("leaves waid out rather than writing a number made up from 91XXXXXXXXXX", async () => {
    const sample = items.find((item) => item.phones.some((phone) => phone.waId === "91XXXXXXXXXX"))!;
    for (const version of versions) {
      const [card] = vobjectCards((await singleDownloads(version))[items.indexOf(sample)]!);
      expect(card!.tel).toEqual([{ value: "+91 9XXXXXX 987", type: version === "3.0" ? ["CELL"] : ["cell"], label: null, waid: null }]);
    }
  });
});

describe("CSV presets, column by column against the API's JSON", () => {
  async function csvRows(format: "google" | "outlook"): Promise<Record<string, string>[]> {
    const response = await exportCsv(await apiRequest(`http://localhost/api/contacts/export.csv?format=${format}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="contacts-\\d{4}-\\d{2}-\\d{2}-${format}\\.csv"`));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: Record<string, string>[] = parseCsv(new TextDecoder().decode(bytes), { bom: true, columns: true, relax_column_count: false });
    expect(rows).toHaveLength(items.length);
    // Cells the export defused read with an apostrophe before the formula: compare what is behind it.
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([column, cell]) => [column, unDefused(cell)])));
  }

  it("Google Contacts: names, organisation, birthday, every email and phone with its label, addresses, websites, notes", async () => {
    const rows = await csvRows("google");
    rows.forEach((row, index) => {
      const item = items[index]!;
      const hasParts = Boolean(item.name.first || item.name.middle || item.name.last);
      expect(row["First Name"]).toBe(oneLine(hasParts ? item.name.first : item.name.formatted));
      expect(row["Middle Name"]).toBe(oneLine(hasParts ? item.name.middle : null));
      expect(row["Last Name"]).toBe(oneLine(hasParts ? item.name.last : null));
      expect(row["Name Prefix"]).toBe(oneLine(item.name.prefix));
      expect(row["Name Suffix"]).toBe(oneLine(item.name.suffix));
      expect(row["Organization Name"]).toBe(oneLine(item.org?.company));
      expect(row["Organization Title"]).toBe(oneLine(item.org?.title));
      expect(row["Organization Department"]).toBe(oneLine(item.org?.department));
      expect(row.Birthday).toBe(/^\d{4}-\d{2}-\d{2}$|^--\d{2}-\d{2}$/.test(item.birthday ?? "") ? item.birthday : "");
      expect(row.Labels ? row.Labels.split(" ::: ") : []).toEqual([...new Set([item.refs.ref, item.refs.ref1, item.refs.ref2].filter(Boolean))]);
      const emails = expectedEmails(item);
      for (let n = 1; n <= 3; n++) expect(row[`E-mail ${n} - Value`], `E-mail ${n}`).toBe(emails[n - 1] ?? "");
      const phones = expectedPhones(item);
      for (let n = 1; n <= 5; n++) {
        expect(row[`Phone ${n} - Value`], `Phone ${n}`).toBe(phones[n - 1] ?? "");
        expect(row[`Phone ${n} - Label`], `Phone ${n} label`).toBe(n <= phones.length ? googlePhoneLabel(item.phones.filter(hasNumber)[n - 1]!.type) : "");
      }
      const addresses = item.addresses.filter((address) => address.city || address.street);
      for (let n = 1; n <= 2; n++) expect(row[`Address ${n} - City`]).toBe(addresses[n - 1]?.city ?? "");
      const websites = item.urls.map((url) => url.url ?? "").filter((url) => !/^(javascript|data|vbscript):/i.test(url));
      expect(row["Website 1 - Value"]).toBe(websites[0] ? new URL(/^https?:/.test(websites[0]) ? websites[0] : `https://${websites[0]}`).href : "");
      expectNothingLost(item, Object.values(row).join("\n"));
    });
  });

  it("Outlook: names, company, job title, e-mail addresses, phones in the columns of their kind, addresses, notes", async () => {
    const rows = await csvRows("outlook");
    rows.forEach((row, index) => {
      const item = items[index]!;
      const hasParts = Boolean(item.name.first || item.name.middle || item.name.last);
      expect(row["First Name"]).toBe(oneLine(hasParts ? item.name.first : item.name.formatted));
      expect(row["Last Name"]).toBe(oneLine(hasParts ? item.name.last : null));
      expect(row.Title).toBe(oneLine(item.name.prefix));
      expect(row.Company).toBe(oneLine(item.org?.company));
      expect(row["Job Title"]).toBe(oneLine(item.org?.title));
      expect(row.Department).toBe(oneLine(item.org?.department));
      expect([row["E-mail Address"], row["E-mail 2 Address"], row["E-mail 3 Address"]]).toEqual([0, 1, 2].map((n) => expectedEmails(item)[n] ?? ""));
      const phoneCells = Object.entries(row).filter(([column, value]) => /Phone|Fax|Pager/.test(column) && value !== "");
      const phones = expectedPhones(item);
      expect(phoneCells.map(([, value]) => value).sort()).toEqual(phones.slice(0, phoneCells.length).sort());
      const mobile = item.phones.filter(hasNumber).find((phone) => /^(cell|mobile|móvil|celular|handy|portable|iphone|cellulare|mobiel|cep|hp|мобильный)$/i.test(phone.type ?? ""));
      if (mobile) expect(row["Mobile Phone"]).toBe(expectedPhone(mobile));
      expectNothingLost(item, Object.values(row).join("\n"));
    });
  });
});

// ---------------------------------------------------------------------------------------------
// What the API's JSON says each client must show

function hasNumber(phone: ContactItem["phones"][number]): boolean {
  return expectedPhone(phone) !== null;
}

/** E.164 when the receiver worked it out, else the number as sent, else + and a real WhatsApp id. */
function expectedPhone(phone: ContactItem["phones"][number]): string | null {
  return phone.e164 ?? (phone.phone?.trim() || null) ?? (/^\d{6,15}$/.test(phone.waId ?? "") ? `+${phone.waId}` : null);
}

function expectedPhones(item: ContactItem): string[] {
  return item.phones.map(expectedPhone).filter((phone): phone is string => phone !== null);
}

function expectedEmails(item: ContactItem): string[] {
  return item.emails.map((email) => email.email?.trim() ?? "").filter(Boolean);
}

/** Only http(s) websites, as URL parsers write them; bare domains are https. */
function expectedWebsites(item: ContactItem): string[] {
  return item.urls.flatMap((url) => {
    const value = url.url?.trim() ?? "";
    if (!value || /^(javascript|data|vbscript):/i.test(value)) return [];
    return [new URL(/^https?:/i.test(value) ? value : `https://${value}`).href.replace(/,/g, "%2C")];
  });
}

function expectedName(item: ContactItem): string {
  const { name } = item;
  const parts = [name.prefix, name.first, name.middle, name.last, name.suffix].filter(Boolean).join(" ");
  return oneLine(name.formatted || parts || item.org?.company || item.phones.find(hasNumber)?.phone || expectedPhones(item)[0] || item.emails[0]?.email || "Unknown contact");
}

function expectedSummary(item: ContactItem) {
  return { uid: shareUid(item), name: expectedName(item), phones: expectedPhones(item), emails: expectedEmails(item) };
}

function oneLine(value: string | null | undefined): string {
  return value?.replace(/\s+/g, " ").trim() ?? "";
}

/** A cell the export defused reads with its apostrophe; the test compares the value behind it. */
function unDefused(cell: string): string {
  return cell.replace(/^'(?=[=+\-@])/, "").replace(/([;,\t\n])'(?=[=+\-@])/g, "$1");
}

const googleLabels: [RegExp, string][] = [
  [/^(cell|mobile|móvil|celular|handy|portable|iphone|cellulare|mobiel|cep|hp|мобильный)$/i, "Mobile"],
  [/^(home|casa)$/i, "Home"],
  [/^(work|trabajo|büro)$/i, "Work"],
  [/^main$/i, "Main"],
  [/^fax trabajo$/i, "Work Fax"],
  [/^pager$/i, "Pager"],
];

function googlePhoneLabel(type: string | null): string {
  if (!type) return "";
  return googleLabels.find(([pattern]) => pattern.test(type))?.[1] ?? type;
}

/** The name as shared, every phone, email, city and http(s) website of the card is somewhere in the row (a column or Notes). */
function expectNothingLost(item: ContactItem, rowText: string): void {
  const formatted = oneLine(item.name.formatted);
  const parts = [item.name.prefix, item.name.first, item.name.middle, item.name.last, item.name.suffix].map(oneLine).filter(Boolean).join(" ");
  if (formatted && formatted !== parts) expect(rowText).toContain(formatted);
  for (const phone of expectedPhones(item)) expect(rowText, item.name.formatted ?? "").toContain(phone);
  for (const email of expectedEmails(item)) expect(rowText).toContain(email);
  for (const address of item.addresses) if (address.city) expect(rowText).toContain(address.city);
  for (const url of item.urls) if (url.url && /^https?:/.test(url.url)) expect(rowText).toContain(new URL(url.url).href);
}

// ---------------------------------------------------------------------------------------------
// ical.js

type IcalCard = InstanceType<typeof ICAL.Component>;

function icalCards(text: string): IcalCard[] {
  const parsed = ICAL.parse(text) as unknown[];
  const list = typeof parsed[0] === "string" ? [parsed] : parsed;
  return list.map((jcard) => new ICAL.Component(jcard as unknown[]));
}

/** ical.js reads text by RFC 6350's grammar, without "\;" in single values: finish that unescape. */
function icalText(value: unknown): string {
  return String(value).replace(/\\;/g, ";");
}

function cardSummary(card: IcalCard) {
  return {
    uid: String(card.getFirstPropertyValue("uid")),
    name: icalText(card.getFirstPropertyValue("fn")),
    phones: card.getAllProperties("tel").map((tel) => icalText(tel.getFirstValue()).replace(/^tel:/, "")),
    emails: card.getAllProperties("email").map((email) => icalText(email.getFirstValue())),
  };
}

/**
 * sabre/vobject's VCard::validate() with the CardDAV profile (lib/Component/VCard.php): VERSION once,
 * and 3.0 or 4.0 (a CardDAV server refuses 2.1); UID required ("vCards on CardDAV servers MUST have
 * a UID property"); FN exactly once; at most one of N, BDAY, REV, UID, KIND, GENDER, ANNIVERSARY,
 * PRODID (getValidationRules); property names of letters, digits and dashes, in an optional group.
 */
function carddavProblems(card: IcalCard): string[] {
  const problems: string[] = [];
  const count = (name: string) => card.getAllProperties(name).length;
  if (count("version") !== 1 || !["3.0", "4.0"].includes(String(card.getFirstPropertyValue("version")))) problems.push("VERSION must be 3.0 or 4.0, once");
  if (count("uid") !== 1) problems.push("vCards on CardDAV servers MUST have a UID property");
  if (count("fn") !== 1) problems.push("The FN property must appear in the VCARD component exactly 1 time");
  for (const name of ["n", "bday", "rev", "kind", "gender", "anniversary", "prodid"]) if (count(name) > 1) problems.push(`${name.toUpperCase()} may appear at most once`);
  for (const property of card.getAllProperties()) if (!/^[a-z0-9-]+$/i.test(property.name)) problems.push(`bad property name ${property.name}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// vcard4

type StrictCard = { parsedVcard: { property: string; value: unknown }[] };

// ---------------------------------------------------------------------------------------------
// python3-vobject

type VobjectCard = {
  version: string;
  uid: string | null;
  fn: string[];
  tel: { value: string; type: string[]; label: string | null; waid: string | null }[];
  email: { value: string; type: string[]; label: string | null }[];
};

const vobjectReader = `
import json, sys, vobject
cards = []
for card in vobject.readComponents(sys.stdin.read()):
    labels = {line.group: line.value for line in card.getChildren() if line.name == "X-ABLABEL"}
    lines = lambda name: [line for line in card.getChildren() if line.name == name]
    cards.append({
        "version": card.version.value,
        "uid": card.uid.value if hasattr(card, "uid") else None,
        "fn": [line.value for line in lines("FN")],
        "tel": [{"value": line.value, "type": line.params.get("TYPE", []), "label": labels.get(line.group),
                 "waid": (line.params.get("WAID") or line.params.get("X-WAID") or [None])[0]} for line in lines("TEL")],
        "email": [{"value": line.value, "type": line.params.get("TYPE", []), "label": labels.get(line.group)} for line in lines("EMAIL")],
    })
json.dump(cards, sys.stdout, ensure_ascii=False)
`;

function vobjectCards(text: string): VobjectCard[] {
  return JSON.parse(run(debianPython, ["-c", vobjectReader], { input: text })) as VobjectCard[];
}

// ---------------------------------------------------------------------------------------------
// khard and vdirsyncer

type KhardBook = { config: string; vdir: string };

/** A khard configuration with one address book, "inbox", in a folder of its own. */
function khardBook(dir: string): KhardBook {
  const vdir = path.join(dir, "inbox");
  mkdirSync(vdir, { recursive: true });
  const config = path.join(dir, "khard.conf");
  writeFileSync(config, `[addressbooks]\n[[inbox]]\npath = ${vdir}\n\n[general]\ndefault_action = list\n\n[vcard]\nskip_unparsable = no\n`);
  return { config, vdir };
}

type KhardCard = {
  uid: string;
  name: string;
  phones: Record<string, string[]>;
  emails: Record<string, string[]>;
  webpages: string[];
  addresses: Record<string, { city: string; street: string }[]>;
  organisations: string[][];
};

/** `khard list` in its machine-readable form, each card's dicts and lists decoded from Python's repr. */
function khardList(book: KhardBook): KhardCard[] {
  const fields = "uid,formatted_name,phone_numbers,emails,webpages,post_addresses,organisations";
  const result = spawnSync("khard", ["-c", book.config, "list", "--parsable", "--fields", fields], { encoding: "utf8", input: "" });
  expect(result.error).toBeUndefined();
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const decode = "import ast, json, sys\nprint(json.dumps([[ast.literal_eval(c) if c.startswith(('{', '[')) else c for c in l.split('\\t')] for l in sys.stdin.read().splitlines()]))";
  const rows = JSON.parse(run(debianPython, ["-c", decode], { input: result.stdout })) as [string, string, ...unknown[]][];
  return rows.map(([uid, name, phones, emails, webpages, addresses, organisations]) => ({
    uid,
    name,
    phones: (phones || {}) as KhardCard["phones"],
    emails: (emails || {}) as KhardCard["emails"],
    webpages: (webpages || []) as string[],
    addresses: (addresses || {}) as KhardCard["addresses"],
    organisations: (organisations || []) as string[][],
  }));
}

/** khard lists every card once, under its UID, with every phone (E.164 when known) and email. */
function expectKhardToList(book: KhardBook, expected: ContactItem[]): void {
  const listed = khardList(book);
  expect(listed).toHaveLength(expected.length);
  const byUid = new Map(listed.map((card) => [card.uid, card]));
  for (const item of expected) {
    const card = byUid.get(shareUid(item));
    expect(card, `${item.name.formatted} is listed`).toBeDefined();
    expect(card!.name).toBe(expectedName(item));
    expect(Object.values(card!.phones).flat().sort()).toEqual(expectedPhones(item).sort());
    expect(Object.values(card!.emails).flat().sort()).toEqual(expectedEmails(item).sort());
    expect([card!.webpages].flat().sort()).toEqual(expectedWebsites(item).sort());
    const cities = Object.values(card!.addresses).flat().map((address) => address.city);
    expect(cities.sort()).toEqual(item.addresses.filter((address) => address.street || address.city).map((address) => address.city ?? "").sort());
    expect(card!.organisations.map((org) => org[0])).toEqual(item.org?.company ? [oneLine(item.org.company)] : item.org?.department ? [""] : []);
  }
}

/** A vdirsyncer pair that imports a .vcf file (its "singlefile" storage) into a vdir; sync() answers how many cards it copied. */
function vdirsyncerPair(dir: string, file: string, vdir: string): { statusDir: string; sync: () => number } {
  const statusDir = path.join(dir, "vdirsyncer-status");
  const config = path.join(dir, "vdirsyncer.conf");
  writeFileSync(
    config,
    [
      "[general]",
      `status_path = "${statusDir}"`,
      "",
      "[pair export_to_khard]",
      'a = "export"',
      'b = "khard"',
      "collections = null",
      'conflict_resolution = "a wins"',
      "",
      "[storage export]",
      'type = "singlefile"',
      `path = "${file}"`,
      "",
      "[storage khard]",
      'type = "filesystem"',
      `path = "${vdir}"`,
      'fileext = ".vcf"',
      "",
    ].join("\n"),
  );
  return {
    statusDir,
    sync() {
      run("vdirsyncer", ["-c", config, "discover"]);
      const result = spawnSync("vdirsyncer", ["-c", config, "sync"], { encoding: "utf8", input: "" });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/error|warning/i);
      return (result.stderr.match(/Copying \(uploading\) item/g) ?? []).length;
    },
  };
}
