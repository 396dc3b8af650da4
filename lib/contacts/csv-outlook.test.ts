import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { ContactItem } from "@/lib/contacts/contact-item";
import { outlookCsvHeader, outlookCsvRow } from "@/lib/contacts/csv-outlook";
import { emptyContact } from "@/test/contact-items";
import { fullContact } from "@/test/export-contacts";

/** Outlook's CSV columns, typed out from Outlook.com's export (the layout Microsoft's import articles use): 61 columns. */
const outlookHeader = [
  "First Name", "Middle Name", "Last Name", "Title", "Suffix", "Nickname", "Given Yomi", "Surname Yomi",
  "E-mail Address", "E-mail 2 Address", "E-mail 3 Address",
  "Home Phone", "Home Phone 2", "Business Phone", "Business Phone 2", "Mobile Phone", "Car Phone", "Other Phone", "Primary Phone", "Pager",
  "Business Fax", "Home Fax", "Other Fax", "Company Main Phone", "Callback", "Radio Phone", "Telex", "TTY/TDD Phone", "IMAddress",
  "Job Title", "Department", "Company", "Office Location", "Manager's Name", "Assistant's Name", "Assistant's Phone", "Company Yomi",
  "Business Street", "Business City", "Business State", "Business Postal Code", "Business Country/Region",
  "Home Street", "Home City", "Home State", "Home Postal Code", "Home Country/Region",
  "Other Street", "Other City", "Other State", "Other Postal Code", "Other Country/Region",
  "Personal Web Page", "Spouse", "Schools", "Hobby", "Location", "Web Page", "Birthday", "Anniversary", "Notes",
];

function rowOf(item: ContactItem): Record<string, string> {
  const records: Record<string, string>[] = parse(outlookCsvHeader() + outlookCsvRow(item), { columns: true, relax_column_count: false });
  expect(records).toHaveLength(1);
  return records[0]!;
}

function filled(row: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== ""));
}

const contact = (overrides: Partial<ContactItem>): ContactItem => ({ ...emptyContact, ...overrides });
const phone = (type: string | null, e164: string) => ({ phone: null, waId: null, type, e164 });

describe("outlookCsvHeader", () => {
  it("is Outlook's import header, all 61 columns in order", () => {
    expect(outlookHeader).toHaveLength(61);
    expect(parse(outlookCsvHeader())[0]).toEqual(outlookHeader);
  });
});

describe("outlookCsvRow", () => {
  it("fills Outlook's columns from the full contact", () => {
    expect(filled(rowOf(fullContact))).toEqual({
      "First Name": "Tomás",
      "Last Name": "Núñez-García",
      Title: "Dr.",
      Suffix: "Jr.",
      "E-mail Address": "tomas@clinicasol.es",
      "E-mail 2 Address": "tomas@example.com",
      "Business Phone": "+34910000000",
      "Mobile Phone": "+34612345678",
      "Job Title": "Head of Department",
      Department: "Pediatrics",
      Company: "Clínica Sol",
      "Business Street": "Calle de Alcalá 1",
      "Business City": "Madrid",
      "Business State": "Madrid",
      "Business Postal Code": "28014",
      "Business Country/Region": "Spain",
      "Home City": "Sevilla",
      "Home Country/Region": "ES",
      "Web Page": "https://clinicasol.es/equipo/tomas",
      Birthday: "1984-03-09",
      Notes: [
        "Shared on WhatsApp by Ana López (+34600111222)",
        "Sent 2024-05-01 10:20:30 UTC",
        "To business number 15550100100",
        "Campaign refs: ref=spring-promo, ref1=madrid, ref2=flyer-7",
        "Phone as sent: 910 00 00 00 (saved as +34910000000)",
      ].join("\n"),
    });
  });

  it("puts each phone in the column of its kind, then Other Phone, then Notes", () => {
    const row = rowOf(
      contact({
        phones: [
          phone("Móvil", "+34612345670"),
          phone("Casa", "+34912345671"),
          phone("HOME", "+34912345672"),
          phone("Büro", "+34912345673"),
          phone("MAIN", "+34912345674"),
          phone("Work Fax", "+34912345675"),
          phone("Home Fax", "+34912345676"),
          phone("Pager", "+34912345677"),
          phone("CELL", "+34612345678"),
          phone("Abuela", "+34612345679"),
          phone(null, "+34612345600"),
        ],
      }),
    );
    expect(filled(row)).toMatchObject({
      "Mobile Phone": "+34612345670",
      "Home Phone": "+34912345671",
      "Home Phone 2": "+34912345672",
      "Business Phone": "+34912345673",
      "Primary Phone": "+34912345674",
      "Business Fax": "+34912345675",
      "Home Fax": "+34912345676",
      Pager: "+34912345677",
      "Other Phone": "+34612345678",
    });
    expect(row.Notes!.split("\n").slice(2)).toEqual(["Phone +34612345679: Abuela", "More phones: +34612345679, +34612345600"]);
  });

  it("fills three e-mail columns, Home/Business/Other addresses and two web pages, the rest into Notes", () => {
    const address = (city: string, type: string | null) => ({ street: `${city} 1`, city, state: null, zip: null, country: null, countryCode: null, type });
    const row = rowOf(
      contact({
        emails: ["a", "b", "c", "d"].map((user) => ({ email: `${user}@x.example`, type: null })),
        addresses: [address("Madrid", "Trabajo"), address("Sevilla", "Casa"), address("Bilbao", null), address("Vigo", "HOME")],
        urls: [{ url: "https://home.example", type: "HOME" }, { url: "https://work.example", type: null }, { url: "https://more.example", type: null }, { url: "vbscript:x", type: null }],
        birthday: "--03-09",
      }),
    );
    expect(filled(row)).toMatchObject({
      "E-mail Address": "a@x.example",
      "E-mail 2 Address": "b@x.example",
      "E-mail 3 Address": "c@x.example",
      "Business Street": "Madrid 1",
      "Business City": "Madrid",
      "Home Street": "Sevilla 1",
      "Other Street": "Bilbao 1",
      "Personal Web Page": "https://home.example/",
      "Web Page": "https://work.example/",
    });
    expect(row.Birthday).toBe("");
    expect(row.Notes!.split("\n").slice(2)).toEqual(["Birthday: --03-09", "More emails: d@x.example", "More addresses: Vigo 1, Vigo", "More websites: https://more.example/"]);
  });

  it("names a card that has only a formatted name by it, and keeps phone numbers without an apostrophe", () => {
    const row = rowOf(contact({ name: { ...emptyContact.name, formatted: "Rajat Lavekar, IIT dh" }, phones: [phone("CELL", "+919876543210")] }));
    expect([row["First Name"], row["Mobile Phone"]]).toEqual(["Rajat Lavekar, IIT dh", "+919876543210"]);
    const parts = rowOf(contact({ name: { formatted: "Rajat Lavekar, IIT dh", first: "Rajat Lavekar", middle: "IIT", last: "dh", prefix: null, suffix: null } }));
    expect([parts["First Name"], parts["Middle Name"], parts["Last Name"]]).toEqual(["Rajat Lavekar", "IIT", "dh"]);
    expect(parts.Notes!.split("\n").slice(2)).toEqual(["Name as shared: Rajat Lavekar, IIT dh"]);
    expect(rowOf(contact({ org: { company: "@SUM(1)", department: null, title: null } })).Company).toBe("'@SUM(1)");
  });

  it("renders an empty contact as empty cells and the share note", () => {
    expect(filled(rowOf(emptyContact))).toEqual({ Notes: "Shared on WhatsApp\nReceived 2024-06-02 08:00:00 UTC" });
  });
});
