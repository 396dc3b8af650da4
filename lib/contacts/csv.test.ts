import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { ContactItem } from "@/lib/contacts/contact-item";
import { emptyContact } from "@/test/contact-items";
import { csvHeader, csvRow, renderCsv } from "@/lib/contacts/csv";
import { csvBom } from "@/lib/contacts/csv-cells";

const fullContact: ContactItem = {
  id: 42,
  messageId: "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUI=",
  position: 0,
  sentAt: "2024-05-01T10:20:30.000Z",
  receivedAt: "2024-05-01T10:20:31.512Z",
  name: { formatted: "Dr. Tomás Núñez-García Jr.", first: "Tomás", middle: null, last: "Núñez-García", prefix: "Dr.", suffix: "Jr." },
  phones: [
    { phone: "+34 612 34 56 78", waId: "34612345678", type: "CELL", e164: "+34612345678" },
    { phone: null, waId: null, type: "WORK", e164: "+34910000000" },
  ],
  emails: [
    { email: "tomas@clinicasol.es", type: "WORK" },
    { email: "tomas@example.com", type: "HOME" },
  ],
  addresses: [
    { street: "Calle de Alcalá 1", city: "Madrid", state: "Madrid", zip: "28014", country: "Spain", countryCode: "ES", type: "WORK" },
    { street: null, city: "Sevilla", state: null, zip: null, country: null, countryCode: "ES", type: "HOME" },
  ],
  org: { company: "Clínica Sol", department: "Pediatrics", title: "Head of Department" },
  urls: [{ url: "https://clinicasol.es/equipo/tomas", type: "WORK" }],
  birthday: "1984-03-09",
  sender: { waId: "34600111222", profileName: "Ana López", userId: null },
  business: { displayPhoneNumber: "15550100100", phoneNumberId: "106540352242922", wabaId: "102290129340398" },
  refs: { ref: "spring-promo", ref1: "madrid", ref2: "flyer-7" },
  replyTo: "wamid.reply",
  contextId: null,
  traceId: "trace-1",
  mediaUrl: null,
};

const header = [
  "id",
  "sent_at",
  "received_at",
  "formatted_name",
  "name_prefix",
  "first_name",
  "middle_name",
  "last_name",
  "name_suffix",
  "phones",
  "wa_ids",
  "emails",
  "org_company",
  "org_department",
  "org_title",
  "addresses",
  "urls",
  "birthday",
  "sender_wa_id",
  "sender_profile_name",
  "business_phone_number",
  "business_phone_number_id",
  "waba_id",
  "ref",
  "ref1",
  "ref2",
  "reply_to",
  "trace_id",
  "message_id",
];

function named(formatted: string): ContactItem {
  return { ...emptyContact, name: { ...emptyContact.name, formatted } };
}

/** The cells of one rendered row, as csv-parse (an independent RFC 4180 reader) sees them. */
function cellsOf(line: string): Record<string, string> {
  const records: Record<string, string>[] = parse(csvHeader() + line, { columns: true, record_delimiter: "\r\n", relax_column_count: false });
  expect(records).toHaveLength(1);
  return records[0] ?? {};
}

describe("csvHeader", () => {
  it("names every column once, in order, ending with CRLF", () => {
    expect(csvHeader()).toBe(`${header.join(",")}\r\n`);
    expect(new Set(header).size).toBe(header.length);
  });
});

describe("csvRow", () => {
  it("renders the full contact exactly", () => {
    expect(csvRow(fullContact)).toBe(
      [
        "42",
        "2024-05-01T10:20:30.000Z",
        "2024-05-01T10:20:31.512Z",
        "Dr. Tomás Núñez-García Jr.",
        "Dr.",
        "Tomás",
        "",
        "Núñez-García",
        "Jr.",
        `"'+34 612 34 56 78; +34910000000"`,
        "34612345678",
        '"tomas@clinicasol.es; tomas@example.com"',
        "Clínica Sol",
        "Pediatrics",
        "Head of Department",
        '"Calle de Alcalá 1, Madrid, Madrid 28014, Spain; Sevilla, ES"',
        "https://clinicasol.es/equipo/tomas",
        "1984-03-09",
        "34600111222",
        "Ana López",
        "15550100100",
        "106540352242922",
        "102290129340398",
        "spring-promo",
        "madrid",
        "flyer-7",
        "wamid.reply",
        "trace-1",
        "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUI=",
      ].join(",") + "\r\n",
    );
  });

  it("parses back with csv-parse into the same cells", () => {
    expect(cellsOf(csvRow(fullContact))).toEqual({
      id: "42",
      sent_at: "2024-05-01T10:20:30.000Z",
      received_at: "2024-05-01T10:20:31.512Z",
      formatted_name: "Dr. Tomás Núñez-García Jr.",
      name_prefix: "Dr.",
      first_name: "Tomás",
      middle_name: "",
      last_name: "Núñez-García",
      name_suffix: "Jr.",
      phones: "'+34 612 34 56 78; +34910000000",
      wa_ids: "34612345678",
      emails: "tomas@clinicasol.es; tomas@example.com",
      org_company: "Clínica Sol",
      org_department: "Pediatrics",
      org_title: "Head of Department",
      addresses: "Calle de Alcalá 1, Madrid, Madrid 28014, Spain; Sevilla, ES",
      urls: "https://clinicasol.es/equipo/tomas",
      birthday: "1984-03-09",
      sender_wa_id: "34600111222",
      sender_profile_name: "Ana López",
      business_phone_number: "15550100100",
      business_phone_number_id: "106540352242922",
      waba_id: "102290129340398",
      ref: "spring-promo",
      ref1: "madrid",
      ref2: "flyer-7",
      reply_to: "wamid.reply",
      trace_id: "trace-1",
      message_id: "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUI=",
    });
  });

  it("renders an empty contact as empty cells, one per column", () => {
    const row = csvRow(emptyContact);
    expect(row).toBe(`7,,2024-06-02T08:00:00.000Z${",".repeat(header.length - 3)}wamid.minimal\r\n`);
    expect(Object.keys(cellsOf(row))).toEqual(header);
  });

  it("falls back from the phone text to E.164, then to +wa_id, and skips empty values", () => {
    const item: ContactItem = {
      ...emptyContact,
      phones: [
        { phone: null, waId: null, type: null, e164: null },
        { phone: null, waId: "34699000111", type: null, e164: null },
        { phone: "612 34 56 78", waId: null, type: null, e164: "+34612345678" },
      ],
      emails: [{ email: " ", type: null }],
    };
    const cells = cellsOf(csvRow(item));
    expect(cells.phones).toBe("'+34699000111; 612 34 56 78");
    expect(cells.wa_ids).toBe("34699000111");
    expect(cells.emails).toBe("");
  });

  it('quotes cells holding " , ; tab, CR or LF and doubles their quotes (RFC 4180, and European Excel\'s ";")', () => {
    const cases: [string, string][] = [
      ['Ana "La Jefa" Ruiz', '"Ana ""La Jefa"" Ruiz"'],
      ["Ruiz, Ana", '"Ruiz, Ana"'],
      ["line\nbreak", '"line\nbreak"'],
      ["line\r\nbreak", '"line\r\nbreak"'],
      ["carriage\rreturn", '"carriage\rreturn"'],
      ["plain; semicolon", '"plain; semicolon"'],
      ["tab\there", '"tab\there"'],
      ['"', '""""'],
    ];
    for (const [name, field] of cases) {
      const row = csvRow(named(name));
      expect(row.split(",2024-06-02T08:00:00.000Z,")[1]?.startsWith(`${field},`)).toBe(true);
      expect(cellsOf(row).formatted_name).toBe(name);
    }
  });

  it("keeps non-Latin and emoji names unchanged", () => {
    for (const name of ["小明", "محمد بن عبد الله", "אברהם כהן", "Zoë 😀👨‍👩‍👧", "Ελένη", "Иван Иванович"]) {
      const row = csvRow(named(name));
      expect(row).toContain(`,${name},`);
      expect(cellsOf(row).formatted_name).toBe(name);
    }
  });
});

describe("formula injection", () => {
  it.each<[string, string]>([
    ['=HYPERLINK("https://evil.example","Click")', `'=HYPERLINK("https://evil.example","Click")`],
    ["+34 612 34 56 78", "'+34 612 34 56 78"],
    ["-1", "'-1"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"],
    ["\t=1+1", "'\t'=1+1"],
    ["\r=1+1", "'\r'=1+1"],
    ["\n=1+1", "'\n'=1+1"],
  ])("prefixes %j with an apostrophe", (value, expected) => {
    const row = csvRow({ ...named(value), sender: { waId: null, profileName: value, userId: null }, refs: { ref: value, ref1: null, ref2: null } });
    const cells = cellsOf(row);
    expect(cells.formatted_name).toBe(expected);
    expect(cells.sender_profile_name).toBe(expected);
    expect(cells.ref).toBe(expected);
  });

  it("neutralises every column, including joined lists, birthdays and ids", () => {
    const evil = "=1+1";
    const item: ContactItem = {
      ...fullContact,
      name: { formatted: evil, first: evil, middle: evil, last: evil, prefix: evil, suffix: evil },
      phones: [{ phone: evil, waId: evil, type: null, e164: null }],
      emails: [{ email: evil, type: null }],
      addresses: [{ street: evil, city: null, state: null, zip: null, country: null, countryCode: null, type: null }],
      org: { company: evil, department: evil, title: evil },
      urls: [{ url: evil, type: null }],
      birthday: evil,
      sender: { waId: evil, profileName: evil, userId: null },
      business: { displayPhoneNumber: evil, phoneNumberId: evil, wabaId: evil },
      refs: { ref: evil, ref1: evil, ref2: evil },
      replyTo: evil,
      traceId: evil,
      messageId: evil,
    };
    const cells = cellsOf(csvRow(item));
    for (const column of header.filter((name) => !["id", "sent_at", "received_at"].includes(name))) {
      expect(cells[column], column).toBe(`'${evil}`);
    }
  });

  it("leaves cells alone when the risky character is not first", () => {
    const cells = cellsOf(csvRow(named("Ana =1+1 @x -2 +3")));
    expect(cells.formatted_name).toBe("Ana =1+1 @x -2 +3");
    expect(cellsOf(csvRow({ ...emptyContact, phones: [{ phone: "612 34 56 78", waId: null, type: null, e164: null }] })).phones).toBe("612 34 56 78");
  });
});

describe("a whole file", () => {
  it("is BOM + header + rows, and csv-parse reads it back", () => {
    const text = renderCsv([fullContact, named("小明")]);
    expect(csvBom).toBe("\uFEFF");
    expect(text).toBe(csvBom + csvHeader() + csvRow(fullContact) + csvRow(named("小明")));
    expect(text.startsWith("\uFEFFid,")).toBe(true);
    const records: Record<string, string>[] = parse(text, { bom: true, columns: true });
    expect(records.map((record) => [record.id, record.formatted_name])).toEqual([
      ["42", "Dr. Tomás Núñez-García Jr."],
      ["7", "小明"],
    ]);
    expect(Object.keys(records[0] ?? {})).toEqual(header);
  });

  it("is just the BOM and the header for no items", () => {
    expect(renderCsv([])).toBe(`\uFEFF${header.join(",")}\r\n`);
  });
});
