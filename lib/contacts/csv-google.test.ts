import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { ContactItem } from "@/lib/contacts/contact-item";
import { googleCsvHeader, googleCsvRow } from "@/lib/contacts/csv-google";
import { emptyContact } from "@/test/contact-items";
import { fullContact } from "@/test/export-contacts";

/**
 * Google Contacts' CSV columns, typed out from its "Google CSV" export / import template
 * (support.google.com/contacts/answer/1069522): fixed fields, then numbered groups.
 */
const googleHeader = [
  "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix", "Name Suffix",
  "Nickname", "File As", "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes", "Photo", "Labels",
  "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value", "E-mail 3 - Label", "E-mail 3 - Value",
  "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value", "Phone 3 - Label", "Phone 3 - Value",
  "Phone 4 - Label", "Phone 4 - Value", "Phone 5 - Label", "Phone 5 - Value",
  "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region",
  "Address 1 - Postal Code", "Address 1 - Country", "Address 1 - Extended Address",
  "Address 2 - Label", "Address 2 - Formatted", "Address 2 - Street", "Address 2 - City", "Address 2 - PO Box", "Address 2 - Region",
  "Address 2 - Postal Code", "Address 2 - Country", "Address 2 - Extended Address",
  "Website 1 - Label", "Website 1 - Value", "Website 2 - Label", "Website 2 - Value",
];

function rowOf(item: ContactItem): Record<string, string> {
  const records: Record<string, string>[] = parse(googleCsvHeader() + googleCsvRow(item), { columns: true, relax_column_count: false });
  expect(records).toHaveLength(1);
  return records[0]!;
}

function filled(row: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== ""));
}

const contact = (overrides: Partial<ContactItem>): ContactItem => ({ ...emptyContact, ...overrides });

describe("googleCsvHeader", () => {
  it("is Google's import header, column for column", () => {
    expect(parse(googleCsvHeader())[0]).toEqual(googleHeader);
    expect(googleCsvHeader().endsWith("\r\n")).toBe(true);
  });
});

describe("googleCsvRow", () => {
  it("fills Google's columns from the full contact, E.164 phones typed from their labels", () => {
    expect(filled(rowOf(fullContact))).toEqual({
      "First Name": "Tomás",
      "Last Name": "Núñez-García",
      "Name Prefix": "Dr.",
      "Name Suffix": "Jr.",
      "Organization Name": "Clínica Sol",
      "Organization Title": "Head of Department",
      "Organization Department": "Pediatrics",
      Birthday: "1984-03-09",
      Notes: [
        "Shared on WhatsApp by Ana López (+34600111222)",
        "Sent 2024-05-01 10:20:30 UTC",
        "To business number 15550100100",
        "Campaign refs: ref=spring-promo, ref1=madrid, ref2=flyer-7",
        "Phone as sent: 910 00 00 00 (saved as +34910000000)",
      ].join("\n"),
      Labels: "spring-promo ::: madrid ::: flyer-7",
      "E-mail 1 - Label": "Work",
      "E-mail 1 - Value": "tomas@clinicasol.es",
      "E-mail 2 - Label": "Home",
      "E-mail 2 - Value": "tomas@example.com",
      "Phone 1 - Label": "Mobile",
      "Phone 1 - Value": "+34612345678",
      "Phone 2 - Label": "Work",
      "Phone 2 - Value": "+34910000000",
      "Address 1 - Label": "Work",
      "Address 1 - Formatted": "Calle de Alcalá 1\n28014 Madrid Madrid\nSpain",
      "Address 1 - Street": "Calle de Alcalá 1",
      "Address 1 - City": "Madrid",
      "Address 1 - Region": "Madrid",
      "Address 1 - Postal Code": "28014",
      "Address 1 - Country": "Spain",
      "Address 2 - Label": "Home",
      "Address 2 - Formatted": "Sevilla\nES",
      "Address 2 - City": "Sevilla",
      "Address 2 - Country": "ES",
      "Website 1 - Label": "Work",
      "Website 1 - Value": "https://clinicasol.es/equipo/tomas",
    });
  });

  it("writes one cell per column, quoting none but the multi-line ones", () => {
    const line = googleCsvRow(fullContact);
    expect(parse(line)[0]).toHaveLength(googleHeader.length);
    expect(line).toMatch(/^Tomás,,Núñez-García,,,,Dr\.,Jr\.,,,Clínica Sol,Head of Department,Pediatrics,1984-03-09,"Shared on WhatsApp/);
  });

  it("labels phones the way Google does, keeping a custom label as written", () => {
    const phones = ["CELL", "IPHONE", "Casa", "Büro", "MAIN", "Work Fax", "Home Fax", "Fax", "Pager", "Other", "Abuela ::: Oma", null].map((type, index) => ({
      phone: null,
      waId: null,
      type,
      e164: `+3461234560${index % 10}`,
    }));
    const row = rowOf(contact({ phones: phones.slice(0, 5) }));
    expect([1, 2, 3, 4, 5].map((n) => row[`Phone ${n} - Label`])).toEqual(["Mobile", "Mobile", "Home", "Work", "Main"]);
    const more = rowOf(contact({ phones: phones.slice(5, 10) }));
    expect([1, 2, 3, 4, 5].map((n) => more[`Phone ${n} - Label`])).toEqual(["Work Fax", "Home Fax", "Fax", "Pager", "Other"]);
    const custom = rowOf(contact({ phones: phones.slice(10) }));
    expect([custom["Phone 1 - Label"], custom["Phone 2 - Label"]]).toEqual(["Abuela : Oma", ""]);
  });

  it("keeps phone numbers without an apostrophe, since Google imports a cell as it is, but defuses formulas", () => {
    const phones = [
      { phone: "+1 (415) 555-0100", waId: null, type: null, e164: "+14155550100" },
      { phone: "+1 (415) 555-0199 x", waId: null, type: null, e164: null },
      { phone: "-1 415 555", waId: null, type: null, e164: null },
    ];
    const row = rowOf(contact({ name: { ...emptyContact.name, first: "=HYPERLINK(\"x\")" }, phones }));
    expect([row["Phone 1 - Value"], row["Phone 2 - Value"], row["Phone 3 - Value"]]).toEqual(["+14155550100", "'+1 (415) 555-0199 x", "-1 415 555"]);
    expect(row["First Name"]).toBe("'=HYPERLINK(\"x\")");
  });

  it("puts what has no column into Notes: a sixth phone, a fourth email, a third address, a third website, a birthday that is not a date", () => {
    const row = rowOf(
      contact({
        phones: Array.from({ length: 6 }, (_, index) => ({ phone: null, waId: null, type: index === 5 ? "Abuela" : "CELL", e164: `+3461234567${index}` })),
        emails: ["a", "b", "c", "d"].map((user) => ({ email: `${user}@x.example`, type: user === "d" ? "WORK" : null })),
        addresses: ["Uno", "Dos", "Tres"].map((city) => ({ street: null, city, state: null, zip: null, country: null, countryCode: null, type: null })),
        urls: ["https://1.example", "https://2.example", "https://3.example", "javascript:alert(1)"].map((url) => ({ url, type: null })),
        birthday: "9 March",
      }),
    );
    expect(row["Phone 5 - Value"]).toBe("+34612345674");
    expect(row["E-mail 3 - Value"]).toBe("c@x.example");
    expect(row["Address 2 - City"]).toBe("Dos");
    expect(row["Website 2 - Value"]).toBe("https://2.example/");
    expect(row.Birthday).toBe("");
    expect(row.Notes!.split("\n").slice(2)).toEqual([
      "Birthday: 9 March",
      "More emails: d@x.example (Work)",
      "More phones: +34612345675 (Abuela)",
      "More addresses: Tres",
      "More websites: https://3.example/",
    ]);
  });

  it("names a card that has only a formatted name by it, and keeps a formatted name that says more in File As", () => {
    expect(filled(rowOf(contact({ name: { ...emptyContact.name, formatted: "Rajat Lavekar, IIT dh" } })))).toMatchObject({ "First Name": "Rajat Lavekar, IIT dh" });
    const row = rowOf(contact({ name: { formatted: "Rajat Lavekar, IIT dh", first: "Rajat Lavekar", middle: "IIT", last: "dh", prefix: null, suffix: null } }));
    expect([row["First Name"], row["Middle Name"], row["Last Name"], row["File As"]]).toEqual(["Rajat Lavekar", "IIT", "dh", "Rajat Lavekar, IIT dh"]);
  });

  it("writes birthdays as yyyy-mm-dd or --mm-dd, and only http(s) websites", () => {
    expect(rowOf(contact({ birthday: "19840309" })).Birthday).toBe("1984-03-09");
    expect(rowOf(contact({ birthday: "--03-09" })).Birthday).toBe("--03-09");
    const row = rowOf(contact({ urls: [{ url: "javascript:alert(1)", type: null }, { url: "data:text/html,x", type: null }, { url: "clinicasol.es", type: "HOME" }] }));
    expect([row["Website 1 - Label"], row["Website 1 - Value"], row["Website 2 - Value"]]).toEqual(["Home Page", "https://clinicasol.es/", ""]);
  });

  it("renders an empty contact as empty cells and the share note", () => {
    expect(filled(rowOf(emptyContact))).toEqual({ Notes: "Shared on WhatsApp\nReceived 2024-06-02 08:00:00 UTC" });
  });
});
