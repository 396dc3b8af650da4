import fc from "fast-check";
import ICAL from "ical.js";
import { parse as parseStrict } from "vcard4";
import { describe, expect, it } from "vitest";
import type { ContactItem } from "@/lib/contacts/contact-item";
import { emptyContact } from "@/test/contact-items";
import { contentDispositionFor, renderVcard, renderVcards, vcardContentType } from "@/lib/contacts/vcard";
import { shareUid } from "@/lib/contacts/vcard-uid";

const fullContact: ContactItem = {
  id: 42,
  messageId: "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUI=",
  position: 0,
  sentAt: "2024-05-01T10:20:30.000Z",
  receivedAt: "2024-05-01T10:20:31.512Z",
  name: { formatted: "Dr. Tomás Núñez-García Jr.", first: "Tomás", middle: null, last: "Núñez-García", prefix: "Dr.", suffix: "Jr." },
  phones: [
    { phone: "+34 612 34 56 78", waId: "34612345678", type: "CELL", e164: "+34612345678" },
    { phone: "+34 910 00 00 00", waId: null, type: "WORK", e164: "+34910000000" },
  ],
  emails: [{ email: "tomas@clinicasol.es", type: "WORK" }],
  addresses: [{ street: "Calle de Alcalá 1", city: "Madrid", state: "Madrid", zip: "28014", country: "Spain", countryCode: "ES", type: "WORK" }],
  org: { company: "Clínica Sol", department: "Pediatrics", title: "Head of Department" },
  urls: [{ url: "https://clinicasol.es/equipo/tomas", type: "WORK" }],
  birthday: "1984-03-09",
  sender: { waId: "34600111222", profileName: "Ana López", userId: null },
  business: { displayPhoneNumber: "+1 555 010 0100", phoneNumberId: "106540352242922", wabaId: "102290129340398" },
  refs: { ref: "spring-promo", ref1: "madrid", ref2: "flyer-7" },
  replyTo: null,
  contextId: null,
  traceId: "trace-1",
  mediaUrl: null,
};

/** Pinned, not computed: a change to how UIDs are derived would duplicate every contact agents already imported. */
const fullContactUid = "urn:uuid:ef42a346-760c-5ce4-8e48-28f4239ce107";

function contact(overrides: Partial<ContactItem>): ContactItem {
  return { ...emptyContact, ...overrides };
}

function named(formatted: string | null, parts: Partial<ContactItem["name"]> = {}): ContactItem["name"] {
  return { ...emptyContact.name, formatted, ...parts };
}

describe("renderVcard (3.0, the default)", () => {
  it("renders the full contact exactly", () => {
    expect(renderVcard(fullContact)).toBe(
      [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Núñez-García;Tomás;;Dr.;Jr.",
        "FN:Dr. Tomás Núñez-García Jr.",
        "TEL;TYPE=CELL;waid=34612345678:+34612345678",
        "TEL;TYPE=WORK:+34910000000",
        "EMAIL;TYPE=INTERNET,WORK:tomas@clinicasol.es",
        "ADR;TYPE=WORK:;;Calle de Alcalá 1;Madrid;Madrid;28014;Spain",
        "ORG:Clínica Sol;Pediatrics",
        "TITLE:Head of Department",
        "URL;TYPE=WORK:https://clinicasol.es/equipo/tomas",
        "BDAY:1984-03-09",
        "NOTE:Shared on WhatsApp by Ana López (+34600111222)\\nSent 2024-05-01 10:20",
        " :30 UTC\\nTo business number +1 555 010 0100\\nCampaign refs: ref=spring-pro",
        " mo\\, ref1=madrid\\, ref2=flyer-7",
        `UID:${fullContactUid}`,
        "REV:2024-05-01T10:20:31Z",
        "END:VCARD",
        "",
      ].join("\r\n"),
    );
  });

  it("reads back field by field through ical.js's parser", () => {
    const [card, ...rest] = parseVcards(renderVcard(fullContact));
    expect(rest).toHaveLength(0);
    expect(card?.version).toBe("3.0");
    expect(values(card, "n")).toEqual([["Núñez-García", "Tomás", "", "Dr.", "Jr."]]);
    expect(values(card, "fn")).toEqual(["Dr. Tomás Núñez-García Jr."]);
    expect(props(card, "tel")).toEqual([
      { params: { type: "CELL", waid: "34612345678" }, value: "+34612345678" },
      { params: { type: "WORK" }, value: "+34910000000" },
    ]);
    expect(props(card, "email")).toEqual([{ params: { type: ["INTERNET", "WORK"] }, value: "tomas@clinicasol.es" }]);
    expect(props(card, "adr")).toEqual([{ params: { type: "WORK" }, value: ["", "", "Calle de Alcalá 1", "Madrid", "Madrid", "28014", "Spain"] }]);
    expect(values(card, "org")).toEqual([["Clínica Sol", "Pediatrics"]]);
    expect(values(card, "title")).toEqual(["Head of Department"]);
    expect(props(card, "url")).toEqual([{ params: { type: "WORK" }, value: "https://clinicasol.es/equipo/tomas" }]);
    expect(values(card, "bday")).toEqual(["1984-03-09"]);
    expect(values(card, "note")).toEqual([
      [
        "Shared on WhatsApp by Ana López (+34600111222)",
        "Sent 2024-05-01 10:20:30 UTC",
        "To business number +1 555 010 0100",
        "Campaign refs: ref=spring-promo, ref1=madrid, ref2=flyer-7",
      ].join("\n"),
    ]);
    expect(values(card, "uid")).toEqual([fullContactUid]);
    expect(values(card, "rev")).toEqual(["2024-05-01T10:20:31Z"]);
  });

  it("writes CRLF line ends only, BEGIN first, VERSION second, END last", () => {
    const text = renderVcard(fullContact);
    expect(text.endsWith("END:VCARD\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(text.split("\r\n").slice(0, 2)).toEqual(["BEGIN:VCARD", "VERSION:3.0"]);
  });

  it("renders a card with no name and one phone, named after the phone as sent", () => {
    const text = renderVcard(contact({ phones: [{ phone: "+44 7911 123456", waId: "447911123456", type: null, e164: "+447911123456" }] }));
    expect(text).toBe(
      [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:;;;;",
        "FN:+44 7911 123456",
        "TEL;waid=447911123456:+447911123456",
        "NOTE:Shared on WhatsApp\\nReceived 2024-06-02 08:00:00 UTC",
        `UID:${shareUid(emptyContact)}`,
        "REV:2024-06-02T08:00:00Z",
        "END:VCARD",
        "",
      ].join("\r\n"),
    );
    const [card] = parseVcards(text);
    expect(values(card, "n")).toEqual([["", "", "", "", ""]]);
    expect(values(card, "fn")).toEqual(["+44 7911 123456"]);
    expect(props(card, "tel")).toEqual([{ params: { waid: "447911123456" }, value: "+447911123456" }]);
  });

  it("renders an empty contact as a valid card named Unknown contact", () => {
    const [card] = parseVcards(renderVcard(emptyContact));
    expect(values(card, "fn")).toEqual(["Unknown contact"]);
    expect(values(card, "n")).toEqual([["", "", "", "", ""]]);
    for (const name of ["tel", "email", "adr", "org", "title", "url", "bday"]) expect(props(card, name)).toEqual([]);
  });
});

describe("FN", () => {
  const phone = (value: Partial<ContactItem["phones"][number]>) => ({ phone: null, waId: null, type: null, e164: null, ...value });
  it.each<[string, ContactItem, string]>([
    ["the formatted name", fullContact, "Dr. Tomás Núñez-García Jr."],
    ["the name parts in reading order", contact({ name: named(null, { prefix: "Dr.", first: "Ana", middle: "María", last: "Ruiz", suffix: "PhD" }) }), "Dr. Ana María Ruiz PhD"],
    ["the parts when the formatted name is blank", contact({ name: named("  ", { first: "Ana" }) }), "Ana"],
    ["the company", contact({ org: { company: "Clínica Sol", department: null, title: "CEO" } }), "Clínica Sol"],
    ["the first phone", contact({ phones: [phone({ phone: "+34 612 34 56 78" }), phone({ phone: "+1 555" })] }), "+34 612 34 56 78"],
    ["the E.164 form when there is no phone text", contact({ phones: [phone({ e164: "+34612345678" })] }), "+34612345678"],
    ["the WhatsApp id when that is all", contact({ phones: [phone({ waId: "34612345678" })] }), "+34612345678"],
    ["the email", contact({ emails: [{ email: "ana@example.com", type: null }] }), "ana@example.com"],
    ["a placeholder", emptyContact, "Unknown contact"],
  ])("falls back to %s", (_, item, expected) => {
    for (const version of ["3.0", "4.0"] as const) {
      expect(values(parseVcards(renderVcard(item, { version }))[0], "fn")).toEqual([expected]);
    }
  });
});

describe("TEL", () => {
  const tel = (type: string | null, version: "3.0" | "4.0") =>
    props(parseVcards(renderVcard(contact({ phones: [{ phone: "+34 612 34 56 78", waId: null, type, e164: "+34612345678" }] }), { version }))[0], "tel");

  it.each<[string | null, Record<string, string | string[]>, Record<string, string | string[]>]>([
    ["CELL", { type: "CELL" }, { type: "cell" }],
    ["MOBILE", { type: "CELL" }, { type: "cell" }],
    ["cell", { type: "CELL" }, { type: "cell" }],
    ["Móvil", { type: "CELL" }, { type: "cell" }],
    ["Celular", { type: "CELL" }, { type: "cell" }],
    ["Handy", { type: "CELL" }, { type: "cell" }],
    ["Portable", { type: "CELL" }, { type: "cell" }],
    ["IPHONE", { type: ["IPHONE", "CELL"] }, { type: "cell" }],
    ["HOME", { type: "HOME" }, { type: "home" }],
    ["Casa", { type: "HOME" }, { type: "home" }],
    ["WORK", { type: "WORK" }, { type: "work" }],
    ["Trabajo", { type: "WORK" }, { type: "work" }],
    ["Büro", { type: "WORK" }, { type: "work" }],
    ["MAIN", { type: "MAIN" }, { type: "voice", pref: "1" }],
    ["Work Fax", { type: ["WORK", "FAX"] }, { type: ["work", "fax"] }],
    ["PAGER", { type: "PAGER" }, { type: "pager" }],
    ["Other", {}, {}],
    [null, {}, {}],
  ])("maps the label %j", (type, v3, v4) => {
    expect(tel(type, "3.0")).toEqual([{ params: v3, value: "+34612345678" }]);
    // ical.js takes VALUE=uri as the value's type rather than a parameter.
    expect(tel(type, "4.0")).toEqual([{ params: v4, value: "tel:+34612345678" }]);
  });

  it("keeps any other label with Apple's and Google's itemN.TEL + itemN.X-ABLabel grouping", () => {
    const item = contact({
      phones: [
        { phone: "+34 612 34 56 78", waId: null, type: "Abuela", e164: "+34612345678" },
        { phone: "+34 699 00 01 11", waId: null, type: "CELL", e164: "+34699000111" },
        { phone: "+34 611 22 33 44", waId: null, type: "Oma; Festnetz", e164: "+34611223344" },
      ],
    });
    const v3 = renderVcard(item);
    expect(v3).toContain("\r\nitem1.TEL:+34612345678\r\nitem1.X-ABLabel:Abuela\r\nTEL;TYPE=CELL:+34699000111\r\nitem2.TEL:+34611223344\r\nitem2.X-ABLabel:Oma\\; Festnetz\r\n");
    expect(renderVcard(item, { version: "4.0" })).toContain("\r\nitem1.TEL;VALUE=uri:tel:+34612345678\r\nitem1.X-ABLabel:Abuela\r\n");
    const [card] = parseVcards(v3);
    expect(card?.props.filter((prop) => prop.name === "x-ablabel").map((prop) => [prop.params.group, prop.value])).toEqual([
      ["item1", "Abuela"],
      ["item2", "Oma; Festnetz"],
    ]);
  });

  it("writes E.164 when known, else the number as sent, and keeps the sent text in the note when it says more", () => {
    const item = contact({
      phones: [
        { phone: "612 34 56 78", waId: "34612345678", type: "CELL", e164: "+34612345678" },
        { phone: "+34 910 00 00 00 ext. 12", waId: null, type: "WORK", e164: "+34910000000" },
        { phone: "0612 345", waId: null, type: null, e164: null },
      ],
    });
    for (const version of ["3.0", "4.0"] as const) {
      const [card] = parseVcards(renderVcard(item, { version }));
      expect(values(card, "tel")).toEqual(version === "3.0" ? ["+34612345678", "+34910000000", "0612 345"] : ["tel:+34612345678", "tel:+34910000000", "0612 345"]);
      expect(String(values(card, "note")[0])).toContain(
        "\nPhone as sent: 612 34 56 78 (saved as +34612345678)\nPhone as sent: +34 910 00 00 00 ext. 12 (saved as +34910000000)",
      );
      expect(String(values(card, "note")[0])).not.toContain("0612 345");
    }
  });

  it("keeps the wa_id as a waid parameter in 3.0, the way WhatsApp's own vCards do, and X-WAID in 4.0", () => {
    expect(renderVcard(fullContact)).toContain("\r\nTEL;TYPE=CELL;waid=34612345678:+34612345678\r\n");
    expect(renderVcard(fullContact, { version: "4.0" })).toContain("\r\nTEL;VALUE=uri;TYPE=cell;X-WAID=34612345678:tel:+34612345678\r\n");
  });

  it("falls back from E.164 to the phone text, then to +wa_id, and skips a phone with none", () => {
    const item = contact({
      phones: [
        { phone: null, waId: "111111", type: "CELL", e164: "+34612345678" },
        { phone: " ", waId: "999999999999", type: null, e164: null },
        { phone: null, waId: null, type: "HOME", e164: null },
      ],
    });
    expect(props(parseVcards(renderVcard(item))[0], "tel")).toEqual([
      { params: { type: "CELL", waid: "111111" }, value: "+34612345678" },
      { params: { waid: "999999999999" }, value: "+999999999999" },
    ]);
  });

  it("leaves out a wa_id that is not 6 to 15 digits, never trimming it into another number", () => {
    // The documented Kaleyra sample's masked ids; "91XXXXXXXXXX" used to come out as waid=91.
    const item = contact({
      phones: [
        { phone: "+91 9XXXXXX 987", waId: "91XXXXXXXXXX", type: "MOBILE", e164: null },
        { phone: "+1 555", waId: '+1 (555)";x:y\r\nTEL:999', type: null, e164: null },
        { phone: "+34 612 34 56 78", waId: "34 612 345 678", type: null, e164: "+34612345678" },
      ],
      sender: { waId: "919XXXXXXXX7", profileName: "Sam", userId: null },
    });
    for (const version of ["3.0", "4.0"] as const) {
      const text = renderVcard(item, { version });
      expect(text).not.toMatch(/waid/i);
      expect(text).not.toContain("+91\\n");
      expect(props(parseVcards(text)[0], "tel").map((tel) => tel.value)).toEqual(version === "3.0" ? ["+91 9XXXXXX 987", "+1 555", "+34612345678"] : ["+91 9XXXXXX 987", "+1 555", "tel:+34612345678"]);
      expect(String(values(parseVcards(text)[0], "note")[0])).toMatch(/^Shared on WhatsApp by Sam\n/);
    }
  });
});

describe("EMAIL, ADR, ORG, TITLE, URL, BDAY", () => {
  it("types emails as INTERNET plus HOME/WORK in 3.0, home/work alone in 4.0", () => {
    const item = contact({
      emails: [
        { email: "a@example.com", type: "HOME" },
        { email: "b@example.com", type: "work" },
        { email: "c@example.com", type: null },
        { email: " ", type: "HOME" },
      ],
    });
    expect(props(parseVcards(renderVcard(item))[0], "email")).toEqual([
      { params: { type: ["INTERNET", "HOME"] }, value: "a@example.com" },
      { params: { type: ["INTERNET", "WORK"] }, value: "b@example.com" },
      { params: { type: "INTERNET" }, value: "c@example.com" },
    ]);
    expect(props(parseVcards(renderVcard(item, { version: "4.0" }))[0], "email")).toEqual([
      { params: { type: "home" }, value: "a@example.com" },
      { params: { type: "work" }, value: "b@example.com" },
      { params: {}, value: "c@example.com" },
    ]);
  });

  it("writes addresses as ;;street;city;state;zip;country, using the country code when the country is missing", () => {
    const item = contact({
      addresses: [
        { street: "1 Main St", city: "Springfield", state: "IL", zip: "62701", country: null, countryCode: "US", type: "HOME" },
        { street: null, city: null, state: null, zip: null, country: null, countryCode: null, type: "WORK" },
        { street: null, city: "Madrid", state: null, zip: null, country: "Spain", countryCode: "ES", type: null },
      ],
    });
    expect(props(parseVcards(renderVcard(item))[0], "adr")).toEqual([
      { params: { type: "HOME" }, value: ["", "", "1 Main St", "Springfield", "IL", "62701", "US"] },
      { params: {}, value: ["", "", "", "Madrid", "", "", "Spain"] },
    ]);
  });

  it("writes ORG with a department alone, and TITLE without a company", () => {
    const [departmentOnly] = parseVcards(renderVcard(contact({ org: { company: null, department: "Pediatrics", title: null } })));
    expect(values(departmentOnly, "org")).toEqual([["", "Pediatrics"]]);
    const [titleOnly] = parseVcards(renderVcard(contact({ org: { company: null, department: null, title: "Nurse" } })));
    expect(values(titleOnly, "org")).toEqual([]);
    expect(values(titleOnly, "title")).toEqual(["Nurse"]);
    const [companyOnly] = parseVcards(renderVcard(contact({ org: { company: "Acme", department: null, title: null } })));
    expect(values(companyOnly, "org")).toEqual(["Acme"]);
  });

  it("writes URLs as URIs: spaces and commas percent-encoded (vobject cuts a URL at a comma), semicolons kept, a bare domain gets https", () => {
    const item = contact({
      urls: [
        { url: "https://example.com/a,b;c?q=x y", type: "HOME" },
        { url: "https://two.example", type: null },
        { url: "clinicasol.es/equipo", type: "Trabajo" },
      ],
    });
    for (const version of ["3.0", "4.0"] as const) {
      const text = renderVcard(item, { version });
      expect(text).toContain(":https://example.com/a%2Cb;c?q=x%20y\r\n");
      expect(props(parseVcards(text)[0], "url")).toEqual([
        { params: { type: version === "3.0" ? "HOME" : "home" }, value: "https://example.com/a%2Cb;c?q=x%20y" },
        { params: {}, value: "https://two.example/" },
        { params: { type: version === "3.0" ? "WORK" : "work" }, value: "https://clinicasol.es/equipo" },
      ]);
    }
  });

  it("carries only http(s) URLs: javascript:, data:, vbscript: and other schemes are left out", () => {
    const item = contact({
      urls: [
        { url: "javascript:alert(document.cookie)", type: null },
        { url: " JavaScript:alert(1)", type: "HOME" },
        { url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", type: null },
        { url: "vbscript:msgbox(1)", type: null },
        { url: "file:///etc/passwd", type: null },
        { url: "http://ok.example/x", type: "WORK" },
      ],
    });
    for (const version of ["3.0", "4.0"] as const) {
      const text = renderVcard(item, { version });
      expect(text).not.toMatch(/javascript|data:|vbscript|file:/i);
      expect(values(parseVcards(text)[0], "url")).toEqual(["http://ok.example/x"]);
    }
  });

  it("keeps a custom email, address or website label with the itemN grouping", () => {
    const item = contact({
      emails: [{ email: "ana@gym.example", type: "Gym" }],
      addresses: [{ street: "Calle 1", city: "Madrid", state: null, zip: null, country: null, countryCode: null, type: "Casa de verano" }],
      urls: [{ url: "https://ana.example", type: "Blog" }],
    });
    expect(renderVcard(item)).toContain(
      "\r\nitem1.EMAIL;TYPE=INTERNET:ana@gym.example\r\nitem1.X-ABLabel:Gym\r\nitem2.ADR:;;Calle 1;Madrid;;;\r\nitem2.X-ABLabel:Casa de verano\r\nitem3.URL:https://ana.example/\r\nitem3.X-ABLabel:Blog\r\n",
    );
    expect(renderVcard(item, { version: "4.0" })).toContain("\r\nitem1.EMAIL:ana@gym.example\r\nitem1.X-ABLabel:Gym\r\n");
  });

  it("writes BDAY in each version's date form", () => {
    const cases: [string, string, string][] = [
      ["1984-03-09", "BDAY:1984-03-09", "BDAY:19840309"],
      ["19840309", "BDAY:1984-03-09", "BDAY:19840309"],
      ["--03-09", "BDAY:--03-09", "BDAY:--0309"],
    ];
    for (const [birthday, v3, v4] of cases) {
      expect(renderVcard(contact({ birthday }))).toContain(`\r\n${v3}\r\n`);
      expect(renderVcard(contact({ birthday }), { version: "4.0" })).toContain(`\r\n${v4}\r\n`);
    }
    expect(values(parseVcards(renderVcard(contact({ birthday: "1984-03-09" }), { version: "4.0" }))[0], "bday")).toEqual(["1984-03-09"]);
  });

  it("keeps a birthday that is not a date as text in 4.0, and in the note in 3.0", () => {
    const item = contact({ birthday: "9 March" });
    const [v4] = parseVcards(renderVcard(item, { version: "4.0" }));
    expect(props(v4, "bday")).toEqual([{ params: {}, value: "9 March", type: "text" }]);
    const [v3] = parseVcards(renderVcard(item));
    expect(props(v3, "bday")).toEqual([]);
    expect(String(values(v3, "note")[0])).toContain("\nBirthday: 9 March");
    expect(renderVcard(contact({ birthday: "1984-13-09" }))).not.toContain("BDAY");
  });
});

describe("NOTE", () => {
  const note = (item: ContactItem) => values(parseVcards(renderVcard(item))[0], "note")[0];

  it("says who shared the card, when, with which business number and refs", () => {
    expect(note(fullContact)).toBe(
      "Shared on WhatsApp by Ana López (+34600111222)\nSent 2024-05-01 10:20:30 UTC\nTo business number +1 555 010 0100\nCampaign refs: ref=spring-promo, ref1=madrid, ref2=flyer-7",
    );
  });

  it("uses the received time when the message has no sent time, and names only the refs present", () => {
    const item = { ...fullContact, sentAt: null, refs: { ref: null, ref1: "madrid", ref2: null } };
    expect(note(item)).toBe(
      "Shared on WhatsApp by Ana López (+34600111222)\nReceived 2024-05-01 10:20:31 UTC\nTo business number +1 555 010 0100\nCampaign refs: ref1=madrid",
    );
  });

  it("names the sender by number or profile name alone", () => {
    expect(note(contact({ sender: { waId: "34600111222", profileName: null, userId: null } }))).toMatch(/^Shared on WhatsApp by \+34600111222\n/);
    expect(note(contact({ sender: { waId: null, profileName: "Ana", userId: null } }))).toMatch(/^Shared on WhatsApp by Ana\n/);
  });
});

describe("escaping", () => {
  const tricky = "back\\slash, comma; semi: colon\nnew line";
  const item = contact({
    name: { formatted: tricky, first: "a;b", middle: "c,d", last: "e\\f", prefix: "g:h", suffix: "i\r\nj" },
    addresses: [{ street: "Calle 1, 2º; izq.\nPortal B", city: "A\\B", state: null, zip: null, country: null, countryCode: null, type: "HOME" }],
    org: { company: "Acme; Inc, Ltd", department: "R\\D", title: tricky },
    sender: { waId: null, profileName: tricky, userId: null },
    refs: { ref: "a,b;c", ref1: null, ref2: null },
  });

  const oneLine = "back\\slash, comma; semi: colon new line";

  it.each(["3.0", "4.0"] as const)("round-trips \\ , ; : in every kind of value, and newlines in addresses and the note (%s)", (version) => {
    const [card] = parseVcards(renderVcard(item, { version }));
    expect(values(card, "fn")).toEqual([oneLine]);
    expect(values(card, "n")).toEqual([["e\\f", "a;b", "c,d", "g:h", "i j"]]);
    expect(values(card, "adr")).toEqual([["", "", "Calle 1, 2º; izq.\nPortal B", "A\\B", "", "", ""]]);
    expect(values(card, "org")).toEqual([["Acme; Inc, Ltd", "R\\D"]]);
    expect(values(card, "title")).toEqual([oneLine]);
    expect(values(card, "note")).toEqual([`Shared on WhatsApp by ${oneLine}\nReceived 2024-06-02 08:00:00 UTC\nCampaign refs: ref=a,b;c`]);
  });

  it("escapes ; in single text values in both versions (RFC 2426 requires it, RFC 6350 allows it and strict parsers need it)", () => {
    for (const version of ["3.0", "4.0"] as const) {
      expect(renderVcard(item, { version })).toContain("\r\nFN:back\\\\slash\\, comma\\; semi: colon new line\r\n");
      expect(renderVcard(item, { version })).toContain("\r\nN:e\\\\f;a\\;b;c\\,d;g:h;i j\r\n");
    }
  });

  it("makes names, organisation and title single-line: a line break and the spaces around it become one space", () => {
    const item = contact({
      name: { formatted: "Ana \r\n Ruiz", first: "Ana\u2028María", middle: null, last: "Ruiz\n", prefix: null, suffix: null },
      org: { company: "Acme\nIberia", department: "Ventas\r\nNorte", title: "Jefa\rde ventas" },
    });
    for (const version of ["3.0", "4.0"] as const) {
      const [card] = parseVcards(renderVcard(item, { version }));
      expect(values(card, "fn")).toEqual(["Ana Ruiz"]);
      expect(values(card, "n")).toEqual([["Ruiz", "Ana María", "", "", ""]]);
      expect(values(card, "org")).toEqual([["Acme Iberia", "Ventas Norte"]]);
      expect(values(card, "title")).toEqual(["Jefa de ventas"]);
    }
  });

  it("drops control characters other than line breaks", () => {
    const [card] = parseVcards(renderVcard(contact({ name: named("A\u0000B\u0007C\u001bD\u007fE\tF") })));
    expect(values(card, "fn")).toEqual(["ABCDE\tF"]);
  });

  it.each(["3.0", "4.0"] as const)("never lets a newline in a value start a new property (%s)", (version) => {
    const item = contact({
      name: named("Eve\nTEL:+1555", { first: "Eve\r\nTEL:+1666", last: "X\rEND:VCARD\r\nBEGIN:VCARD" }),
      phones: [{ phone: "+34 612 34 56 78", waId: "34612345678", type: "CELL", e164: "+34612345678" }],
      org: { company: "Evil\nTEL;TYPE=CELL:+1777", department: null, title: "T\nEMAIL:x@evil.example" },
    });
    const text = renderVcard(item, { version });
    const cards = parseVcards(text);
    expect(cards).toHaveLength(1);
    const [card] = cards;
    expect(props(card, "tel")).toEqual([
      version === "3.0" ? { params: { type: "CELL", waid: "34612345678" }, value: "+34612345678" } : { params: { type: "cell", "x-waid": "34612345678" }, value: "tel:+34612345678" },
    ]);
    expect(props(card, "email")).toEqual([]);
    expect(values(card, "fn")).toEqual(["Eve TEL:+1555"]);
    expect(values(card, "n")).toEqual([["X END:VCARD BEGIN:VCARD", "Eve TEL:+1666", "", "", ""]]);
    expect(text.split("\r\n").filter((line) => /^(TEL|EMAIL|BEGIN|END)\b/i.test(line))).toEqual(["BEGIN:VCARD", expect.stringMatching(/^TEL;/), "END:VCARD"]);
  });
});

describe("injection through every value (security review)", () => {
  it.each(["3.0", "4.0"] as const)("a line break in a phone, an email, a website or a text birthday never starts a property (%s)", (version) => {
    const item = contact({
      phones: [{ phone: "555 0100\nEMAIL:phone@evil.example", waId: null, type: "Casa\r\nTEL:+1999", e164: null }],
      emails: [{ email: "ann@x.example\r\nTEL:+1888", type: "Work\nURL:https://evil.example" }],
      urls: [{ url: "https://x.example/\nTEL:+1777", type: null }],
      birthday: "9 March\nEND:VCARD\r\nBEGIN:VCARD\nTEL:+1666",
    });
    const text = renderVcard(item, { version });
    expect(parseVcards(text)).toHaveLength(1);
    const starts = text.split("\r\n").filter((line) => line !== "" && !line.startsWith(" ")).map((line) => /^(?:item\d+\.)?([A-Za-z-]+)/.exec(line)?.[1]?.toUpperCase());
    // One TEL, one EMAIL, one BEGIN and END: nothing smuggled in as a property of its own.
    expect(starts.filter((name) => name === "TEL")).toHaveLength(1);
    expect(starts.filter((name) => name === "EMAIL")).toHaveLength(1);
    expect(starts.filter((name) => name === "BEGIN" || name === "END")).toEqual(["BEGIN", "END"]);
    expect(starts.every((name) => ["BEGIN", "VERSION", "N", "FN", "TEL", "EMAIL", "URL", "BDAY", "NOTE", "UID", "REV", "X-ABLABEL", "END"].includes(name ?? ""))).toBe(true);
    for (const line of text.split("\r\n")) expect(line).not.toMatch(/[\r\n]/);
  });
});

describe("folding", () => {
  const longNames = {
    emoji: "👩🏽‍⚕️ Dra. Sofía 🌞🌻 " + "👨‍👩‍👧‍👦🇪🇸".repeat(8) + " 😀",
    arabic: "محمد بن عبد الله بن عبد المطلب الهاشمي القرشي أبو القاسم رسول الله خاتم النبيين",
    hebrew: "אברהם בן תרח מאור כשדים שהלך לארץ כנען עם שרה אשתו ולוט בן אחיו",
    cjk: "小明".repeat(30),
    combining: "Z" + "\u0301\u0302\u0303".repeat(30) + "algo",
    mixed: "小明 Núñez 😀 محمد a,b;c\\d\nשלום ".repeat(4).trim(),
  };

  it.each(Object.entries(longNames))("keeps every line within 75 octets and unfolds to the exact text (%s)", (_, name) => {
    for (const version of ["3.0", "4.0"] as const) {
      const text = renderVcard(contact({ name: named(name, { first: name }), org: { company: name, department: name, title: name } }), { version });
      const physical = text.split("\r\n").slice(0, -1);
      expect(physical.length).toBeGreaterThan(8);
      for (const line of physical) {
        expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
        // No line may start or end inside a character: each one must survive UTF-8 on its own.
        expect(Buffer.from(line, "utf8").toString("utf8")).toBe(line);
        expect(line).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      }
      // Names, organisation and title are single-line.
      const expected = name.replace(/[ \t]*\n[ \t]*/g, " ");
      const [card] = parseVcards(text);
      expect(values(card, "fn")).toEqual([expected]);
      expect(values(card, "title")).toEqual([expected]);
      expect(values(card, "org")).toEqual([[expected, expected]]);
      expect((values(card, "n")[0] as string[])[1]).toBe(expected);
    }
  });

  it("never folds right before or after a space, which parsers that trim lines would drop", () => {
    const words = contact({
      name: named("Ana María de los Ángeles Fernández de Córdoba y Pacheco Hurtado de Mendoza"),
      org: { company: "of the to an by at on in ".repeat(12), department: null, title: `xy${" ".repeat(30)}yz ${"z".repeat(60)} wv` },
      refs: { ref: "one two three four five six seven eight nine ten eleven twelve thirteen", ref1: null, ref2: null },
    });
    for (const version of ["3.0", "4.0"] as const) {
      const text = renderVcard(words, { version });
      const physical = text.split("\r\n").slice(0, -1);
      expect(physical.length).toBeGreaterThan(12);
      physical.forEach((line, index) => {
        expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
        const next = physical[index + 1];
        if (next?.startsWith(" ")) {
          expect(line, `line ${index} ends in whitespace`).not.toMatch(/\s$/);
          expect(next, `line ${index + 1} continues with whitespace`).not.toMatch(/^ \s/);
        }
      });
      // A parser that trims each physical line before unfolding still reads every space.
      const trimmedUnfold = physical.map((line, index) => (index > 0 && line.startsWith(" ") ? line.slice(1).trim() : line.trim())).join("\r\n").replace(/\r\n(?=[^A-Z])/g, "");
      expect(trimmedUnfold).toBe(text.replace(/\r\n /g, "").trimEnd());
    }
  });

  it("never folds next to whitespace, for any text (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", " ", " ", "\t", "é", "中", "😀", ",", ";", "\\", "\n"), maxLength: 300 }), (note) => {
        const text = renderVcard(contact({ refs: { ref: note, ref1: null, ref2: null }, org: { company: note, department: null, title: null } }));
        const physical = text.split("\r\n");
        const folds = physical.every((line, index) => {
          const next = physical[index + 1];
          return Buffer.byteLength(line) <= 75 && !(next?.startsWith(" ") && (/\s$/.test(line) || /^ \s/.test(next)));
        });
        // And the text unfolds back whole: the note carries the ref on one line.
        const ref = note.replace(/\s+/g, " ").trim();
        const noteValue = String(values(parseVcards(text)[0], "note")[0]);
        return folds && (ref === "" || noteValue.endsWith(`Campaign refs: ref=${ref}`));
      }),
      { numRuns: 300 },
    );
  });

  it("starts every continuation line with one space and never splits an emoji or an escape", () => {
    const name = longNames.mixed + longNames.emoji;
    const folded = logicalLines(renderVcard(contact({ name: named(name) }))).find((lines) => lines[0]?.startsWith("FN:")) ?? [];
    expect(folded.length).toBeGreaterThan(3);
    for (const line of folded.slice(1)) expect(line).toMatch(/^ /);
    const pieces = folded.map((line, index) => (index === 0 ? line : line.slice(1)));
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    const clusters = (value: string) => Array.from(segmenter.segment(value), (part) => part.segment);
    expect(pieces.flatMap(clusters)).toEqual(clusters(pieces.join("")));
    // An odd run of backslashes at a fold would mean an escape was cut in two.
    for (const piece of pieces.slice(0, -1)) expect(piece).not.toMatch(/(^|[^\\])(\\\\)*\\$/);
  });

  it("moves a whole escape to the next line rather than cutting it at the fold", () => {
    const text = renderVcard(contact({ name: named(`${"a".repeat(71)},b`) }));
    expect(text).toContain(`\r\nFN:${"a".repeat(71)}\r\n \\,b\r\n`);
    expect(values(parseVcards(text)[0], "fn")).toEqual([`${"a".repeat(71)},b`]);
  });

  it("folds unescaped URL values too", () => {
    const url = `https://example.com/${"x".repeat(50)}/${"e" + "\u0301".repeat(40)}?q=${"y".repeat(80)}`;
    const text = renderVcard(contact({ urls: [{ url, type: null }] }));
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(values(parseVcards(text)[0], "url")).toEqual([new URL(url).href]);
  });

  it("folds by octets, not characters: 25 three-byte characters fill a line", () => {
    const text = renderVcard(contact({ name: named("中".repeat(40)) }));
    const fn = text.split("\r\n").filter((line) => line.startsWith("FN:") || line.startsWith(" 中"));
    expect(fn).toEqual([`FN:${"中".repeat(24)}`, ` ${"中".repeat(16)}`]);
    expect(fn.map((line) => Buffer.byteLength(line))).toEqual([75, 49]);
  });
});

describe("renderVcard 4.0", () => {
  it("renders the full contact exactly with RFC 6350 forms", () => {
    expect(renderVcard({ ...fullContact, phones: [...fullContact.phones, { phone: "+34 600 000 000", waId: null, type: "MAIN", e164: "+34600000000" }] }, { version: "4.0" })).toBe(
      [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "N:Núñez-García;Tomás;;Dr.;Jr.",
        "FN:Dr. Tomás Núñez-García Jr.",
        "TEL;VALUE=uri;TYPE=cell;X-WAID=34612345678:tel:+34612345678",
        "TEL;VALUE=uri;TYPE=work:tel:+34910000000",
        "TEL;VALUE=uri;TYPE=voice;PREF=1:tel:+34600000000",
        "EMAIL;TYPE=work:tomas@clinicasol.es",
        "ADR;TYPE=work:;;Calle de Alcalá 1;Madrid;Madrid;28014;Spain",
        "ORG:Clínica Sol;Pediatrics",
        "TITLE:Head of Department",
        "URL;TYPE=work:https://clinicasol.es/equipo/tomas",
        "BDAY:19840309",
        "NOTE:Shared on WhatsApp by Ana López (+34600111222)\\nSent 2024-05-01 10:20",
        " :30 UTC\\nTo business number +1 555 010 0100\\nCampaign refs: ref=spring-pro",
        " mo\\, ref1=madrid\\, ref2=flyer-7",
        `UID:${fullContactUid}`,
        "REV:20240501T102031Z",
        "END:VCARD",
        "",
      ].join("\r\n"),
    );
  });

  it("reads back field by field through ical.js's parser", () => {
    const [card] = parseVcards(renderVcard(fullContact, { version: "4.0" }));
    expect(card?.version).toBe("4.0");
    expect(values(card, "n")).toEqual([["Núñez-García", "Tomás", "", "Dr.", "Jr."]]);
    expect(values(card, "fn")).toEqual(["Dr. Tomás Núñez-García Jr."]);
    expect(props(card, "tel")).toEqual([
      { params: { type: "cell", "x-waid": "34612345678" }, value: "tel:+34612345678" },
      { params: { type: "work" }, value: "tel:+34910000000" },
    ]);
    expect(props(card, "email")).toEqual([{ params: { type: "work" }, value: "tomas@clinicasol.es" }]);
    expect(props(card, "adr")).toEqual([{ params: { type: "work" }, value: ["", "", "Calle de Alcalá 1", "Madrid", "Madrid", "28014", "Spain"] }]);
    expect(values(card, "org")).toEqual([["Clínica Sol", "Pediatrics"]]);
    expect(values(card, "title")).toEqual(["Head of Department"]);
    expect(props(card, "url")).toEqual([{ params: { type: "work" }, value: "https://clinicasol.es/equipo/tomas" }]);
    expect(props(card, "bday")).toEqual([{ params: {}, value: "1984-03-09", type: "date-and-or-time" }]);
    expect(values(card, "note")).toEqual([
      "Shared on WhatsApp by Ana López (+34600111222)\nSent 2024-05-01 10:20:30 UTC\nTo business number +1 555 010 0100\nCampaign refs: ref=spring-promo, ref1=madrid, ref2=flyer-7",
    ]);
    expect(values(card, "uid")).toEqual([fullContactUid]);
    expect(props(card, "rev")).toEqual([{ params: {}, value: "2024-05-01T10:20:31Z" }]);
  });
});

describe("UID and REV", () => {
  it("derives the UID from the message id and card position: pinned, so re-imports keep matching", () => {
    expect(shareUid(fullContact)).toBe(fullContactUid);
  });

  it("gives a card the same UID in 3.0 and 4.0, and another card of the same message another UID", () => {
    const uidOf = (text: string) => /\r\nUID:(.*)\r\n/.exec(text)?.[1];
    expect(uidOf(renderVcard(fullContact))).toBe(fullContactUid);
    expect(uidOf(renderVcard(fullContact, { version: "4.0" }))).toBe(fullContactUid);
    expect(uidOf(renderVcard({ ...fullContact, name: named("Changed") }))).toBe(fullContactUid);
    expect(uidOf(renderVcard({ ...fullContact, position: 1 }))).not.toBe(fullContactUid);
    expect(uidOf(renderVcard({ ...fullContact, messageId: "wamid.other" }))).not.toBe(fullContactUid);
  });

  it("writes REV as the time the share was received, in each version's form", () => {
    const item = contact({ receivedAt: "2025-12-31T23:59:59.999Z" });
    expect(renderVcard(item)).toContain("\r\nREV:2025-12-31T23:59:59Z\r\n");
    expect(renderVcard(item, { version: "4.0" })).toContain("\r\nREV:20251231T235959Z\r\n");
  });
});

describe("strict RFC 6350 (vcard4)", () => {
  it("accepts every 4.0 card of the tests above as one file, with the values read back", () => {
    const items = [
      fullContact,
      emptyContact,
      contact({ name: named("a;b, c\\d"), phones: [{ phone: "612;ext=1", waId: "bad", type: "Abuela", e164: null }] }),
      contact({ name: named('Ana "La Jefa" Ruiz', { first: 'Ana "La Jefa"', last: "Ruiz" }), org: { company: '"La Casa" S.L.', department: "Ventas", title: null } }),
    ];
    const parsed = parseStrict(renderVcards(items, { version: "4.0" })) as unknown as { parsedVcard: { property: string; value: unknown; parameters: Record<string, unknown> }[] }[];
    expect(parsed).toHaveLength(4);
    const value = (card: number, property: string) => parsed[card]!.parsedVcard.find((prop) => prop.property === property)?.value;
    expect(value(0, "TEL")).toBe("tel:+34612345678");
    expect(value(0, "UID")).toBe(fullContactUid);
    expect(value(2, "FN")).toBe("a;b, c\\d");
    expect(value(2, "TEL")).toBe("612;ext=1");
    expect(value(2, "X-ABLABEL")).toBe("Abuela");
    expect(value(3, "FN")).toBe('Ana "La Jefa" Ruiz');
    expect(value(3, "N")).toMatchObject({ familyNames: "Ruiz", givenNames: 'Ana "La Jefa"' });
    expect(value(3, "ORG")).toEqual(['"La Casa" S.L.', "Ventas"]);
  });

  it("accepts any card, with every property ical.js reads (property)", () => {
    fc.assert(
      // vcard4 reads '"' in a value as quoting (RFC 6350 quotes only parameter values), so quotes
      // around a ";" misplace N's components: names with quotes are covered by the test above.
      fc.property(contactsOf(textUnits.filter((unit) => unit !== '"')), (item) => {
        const text = renderVcard(item, { version: "4.0" });
        // Throws on an unknown property or parameter, a missing FN, a second N, UID, REV or BDAY.
        const parsed = parseStrict(text) as unknown as { parsedVcard: { property: string }[] };
        const [card] = parseVcards(text);
        const names = (card?.props ?? []).filter((prop) => prop.name !== "version").map((prop) => prop.name.toUpperCase());
        // vcard4 does misread some values (it drops one that ends in an escaped ";" or ",", strips the
        // quotes of one that starts and ends with '"', leaves escapes in one that parses as a URL):
        // the values are checked with ical.js, python-vobject and khard instead.
        return JSON.stringify(parsed.parsedVcard.map((prop) => prop.property)) === JSON.stringify(names) && values(card, "uid")[0] === shareUid(item);
      }),
      { numRuns: 200 },
    );
  });
});

describe("renderVcards", () => {
  it("concatenates cards so one file holds many", () => {
    const text = renderVcards([fullContact, contact({ name: named("小明") })]);
    expect(text).toBe(renderVcard(fullContact) + renderVcard(contact({ name: named("小明") })));
    const cards = parseVcards(text);
    expect(cards.map((card) => values(card, "fn")[0])).toEqual(["Dr. Tomás Núñez-García Jr.", "小明"]);
  });

  it("passes the version on and renders nothing for no items", () => {
    expect(parseVcards(renderVcards([fullContact, emptyContact], { version: "4.0" })).map((card) => card.version)).toEqual(["4.0", "4.0"]);
    expect(renderVcards([])).toBe("");
  });
});

describe("contentDispositionFor", () => {
  it("gives an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 8187)", () => {
    expect(contentDispositionFor(fullContact, "vcf")).toBe(
      `attachment; filename="Dr. Tomas Nunez-Garcia Jr.vcf"; filename*=UTF-8''Dr.%20Tom%C3%A1s%20N%C3%BA%C3%B1ez-Garc%C3%ADa%20Jr.vcf`,
    );
  });

  it("falls back to contact-<id> for the ASCII name when nothing is left of a non-Latin name", () => {
    expect(contentDispositionFor(contact({ name: named("小明") }), "vcf")).toBe(`attachment; filename="contact-7.vcf"; filename*=UTF-8''%E5%B0%8F%E6%98%8E.vcf`);
    expect(utf8Name(contentDispositionFor(contact({ name: named("محمد 😀") }), "vcf"))).toBe("محمد 😀.vcf");
  });

  it("uses the company, then contact-<id>, never the phone", () => {
    expect(contentDispositionFor(contact({ org: { company: "Acme", department: null, title: null } }), "vcf")).toBe(`attachment; filename="Acme.vcf"; filename*=UTF-8''Acme.vcf`);
    expect(contentDispositionFor(contact({ phones: [{ phone: "+1 555", waId: null, type: null, e164: null }] }), "vcf")).toBe(
      `attachment; filename="contact-7.vcf"; filename*=UTF-8''contact-7.vcf`,
    );
  });

  it("removes path separators, quotes, control and bidi-override characters", () => {
    const header = contentDispositionFor(contact({ name: named('../..\\etc/"passwd"\r\n\u0000x\u202Egpj.exe') }), "vcf");
    expect(header).toBe(`attachment; filename="etc passwd xgpj.exe.vcf"; filename*=UTF-8''etc%20passwd%20xgpj.exe.vcf`);
  });

  it("percent-encodes what RFC 8187 does not allow bare and keeps the ASCII name to safe characters", () => {
    const header = contentDispositionFor(contact({ name: named("O'Brien (Sr.) 100% ; x") }), "csv");
    expect(header).toBe(`attachment; filename="O'Brien (Sr.) 100 x.csv"; filename*=UTF-8''O%27Brien%20%28Sr.%29%20100%25%20%3B%20x.csv`);
    expect(utf8Name(header)).toBe("O'Brien (Sr.) 100% ; x.csv");
  });

  it("names a download after a string, else contacts, and defuses reserved Windows names", () => {
    expect(contentDispositionFor("contacts-2024-05-01", "csv")).toBe(`attachment; filename="contacts-2024-05-01.csv"; filename*=UTF-8''contacts-2024-05-01.csv`);
    expect(contentDispositionFor(" /.. ", "vcf")).toBe(`attachment; filename="contacts.vcf"; filename*=UTF-8''contacts.vcf`);
    expect(contentDispositionFor("CON", "vcf")).toBe(`attachment; filename="CON_.vcf"; filename*=UTF-8''CON_.vcf`);
  });

  it("caps long names at 100 characters", () => {
    expect(utf8Name(contentDispositionFor("小".repeat(300), "vcf"))).toBe(`${"小".repeat(100)}.vcf`);
  });
});

const textUnits = ["a", "Z", " ", "é", "中", "😀", "👩🏽‍⚕️", ",", ";", ":", "\\", "\n", "\r\n", '"', "=", "+", "\u0000", "\t"];

/** Contacts with any of these characters in any field, and the phone numbers, ids and URLs WhatsApp cards carry. */
function contactsOf(units: string[]): fc.Arbitrary<ContactItem> {
  const text = fc.string({ unit: fc.constantFrom(...units), maxLength: 40 });
  const nullable = fc.option(text, { nil: null });
  const label = fc.option(fc.constantFrom("CELL", "Móvil", "Handy", "Casa", "Büro", "MAIN", "Abuela", "Work Fax", "x;y", ""), { nil: null });
  return fc
    .record({
      messageId: fc.string({ minLength: 1, maxLength: 30 }),
      position: fc.nat(5),
      name: fc.record({ formatted: nullable, first: nullable, middle: nullable, last: nullable, prefix: nullable, suffix: nullable }),
      phones: fc.array(
        fc.record({
          phone: fc.option(fc.oneof(text, fc.constantFrom("+34 612 34 56 78", "612 34 56 78", "+1 (415) 555-0100", "+91 9XXXXXX 987")), { nil: null }),
          waId: fc.option(fc.oneof(text, fc.constantFrom("34612345678", "91XXXXXXXXXX", "14155550100")), { nil: null }),
          type: label,
          e164: fc.option(fc.constantFrom("+34612345678", "+14155550100", "+1555"), { nil: null }),
        }),
        { maxLength: 4 },
      ),
      emails: fc.array(fc.record({ email: nullable, type: label }), { maxLength: 3 }),
      addresses: fc.array(fc.record({ street: nullable, city: nullable, state: nullable, zip: nullable, country: nullable, countryCode: nullable, type: label }), { maxLength: 2 }),
      org: fc.option(fc.record({ company: nullable, department: nullable, title: nullable }), { nil: null }),
      urls: fc.array(fc.record({ url: fc.option(fc.oneof(text, fc.constantFrom("https://a.example/x y", "javascript:alert(1)", "example.com")), { nil: null }), type: label }), { maxLength: 2 }),
      birthday: fc.option(fc.oneof(text, fc.constantFrom("1984-03-09", "--03-09", "19840309")), { nil: null }),
      sender: fc.record({ waId: nullable, profileName: nullable, userId: fc.constant(null) }),
      refs: fc.record({ ref: nullable, ref1: nullable, ref2: nullable }),
    })
    .map((parts) => ({ ...emptyContact, ...parts }));
}

type ParsedProp = { name: string; params: Record<string, string | string[]>; type: string; value: unknown };
type ParsedCard = { version: string; props: ParsedProp[] };

/** Parses one or more cards with ical.js, the independent reader these tests check the writer against. */
function parseVcards(text: string): ParsedCard[] {
  const parsed: unknown = ICAL.parse(text);
  const components = (Array.isArray(parsed) && typeof parsed[0] === "string" ? [parsed] : parsed) as [string, unknown[][], unknown[]][];
  return components.map(([componentName, rawProps]) => {
    expect(componentName).toBe("vcard");
    const version = String(rawProps.find((prop) => prop[0] === "version")?.[3]);
    const props = rawProps.map(([name, params, type, ...rest]) => {
      let value = rest.length > 1 ? rest : rest[0];
      // ical.js reads single text values by RFC 6350's grammar, which has no "\;" outside compound
      // values; RFC 2426 (3.0) requires that escape and RFC 6350 allows it, so the unescape is finished here.
      if ((type === "text" || type === "unknown") && typeof value === "string") value = value.replace(/\\;/g, ";");
      return { name: String(name), params: params as Record<string, string | string[]>, type: String(type), value };
    });
    return { version, props };
  });
}

function props(card: ParsedCard | undefined, name: string): { params: Record<string, string | string[]>; value: unknown; type?: string }[] {
  return (card?.props ?? [])
    .filter((prop) => prop.name === name)
    .map((prop) => (name === "bday" ? { params: prop.params, value: prop.value, type: prop.type } : { params: prop.params, value: prop.value }));
}

function values(card: ParsedCard | undefined, name: string): unknown[] {
  return props(card, name).map((prop) => prop.value);
}

/** Physical lines grouped by the logical line they belong to (a continuation starts with a space). */
function logicalLines(text: string): string[][] {
  const groups: string[][] = [];
  for (const line of text.split("\r\n")) {
    if (line.startsWith(" ")) groups[groups.length - 1]?.push(line);
    else groups.push([line]);
  }
  return groups;
}

function utf8Name(header: string): string {
  const encoded = /filename\*=UTF-8''(\S+)$/.exec(header)?.[1];
  return decodeURIComponent(encoded ?? "");
}

/*
 * Cases at the exact edges the writer decides on: line lengths at 75 octets for every UTF-8 width
 * (and the code points where the width changes), which whitespace counts at a fold, which dates are
 * dates, which phone and place types get which TYPE, and what a file name may be.
 */
describe("edges", () => {
  const fnLines = (name: string) => logicalLines(renderVcard(contact({ name: named(name) }))).find((lines) => lines[0]?.startsWith("FN:")) ?? [];

  it.each<[string, string, number]>([
    ["2 octets (é)", "é", 36],
    ["2 octets, the last one (U+07FF)", "\u07FF", 36],
    ["3 octets, the first one (U+0800)", "\u0800", 24],
    ["4 octets (😀)", "😀", 18],
    ["4 octets, the first one (U+10000: D800 DC00)", "\u{10000}", 18],
    ["4 octets (U+103FF: D800 DFFF)", "\u{103FF}", 18],
    ["4 octets, plane 16 (U+10FFFD: DBFF DFFD)", "\u{10FFFD}", 18],
  ])("fills a line with exactly 75 octets of %s and folds the next one", (_, char, fitting) => {
    expect(fnLines(char.repeat(fitting))).toEqual([`FN:${char.repeat(fitting)}`]);
    expect(fnLines(char.repeat(fitting + 1))).toEqual([`FN:${char.repeat(fitting)}`, ` ${char}`]);
  });

  it("folds between two letters as late as the line allows, not next to a space", () => {
    expect(fnLines(`${"a".repeat(60)} ${"b".repeat(30)}`)).toEqual([`FN:${"a".repeat(60)} ${"b".repeat(11)}`, ` ${"b".repeat(19)}`]);
    // The space would start the next line: the fold goes back one letter.
    expect(fnLines(`${"a".repeat(70)}   ${"b".repeat(10)}`)).toEqual([`FN:${"a".repeat(69)}`, ` a   ${"b".repeat(10)}`]);
    expect(fnLines(`${"a".repeat(71)}\nb`)).toEqual([`FN:${"a".repeat(70)}`, " a b"]);
  });

  it("keeps a fold off whitespace that is not ASCII (an ideographic space, a no-break space)", () => {
    expect(fnLines(`${"中".repeat(24)}\u3000${"中".repeat(10)}`)).toEqual([`FN:${"中".repeat(23)}`, ` 中\u3000${"中".repeat(10)}`]);
    expect(fnLines(`${"a".repeat(72)}\u00A0${"b".repeat(5)}`)).toEqual([`FN:${"a".repeat(71)}`, ` a\u00A0${"b".repeat(5)}`]);
  });

  it("replaces a lone surrogate, which UTF-8 cannot carry, with U+FFFD", () => {
    expect(fnLines("Ana \uD83D López")).toEqual(["FN:Ana \uFFFD López"]);
    expect(fnLines("\uDE00x")).toEqual(["FN:\uFFFDx"]);
  });

  it.each<[string, string | null]>([
    ["1990-01-01", "1990-01-01"],
    ["1990-12-31", "1990-12-31"],
    ["19901231", "1990-12-31"],
    ["--12-31", "--12-31"],
    ["1990-00-10", null],
    ["1990-13-01", null],
    ["1990-01-00", null],
    ["1990-01-32", null],
    ["x1990-01-01", null],
    ["1990-01-01x", null],
  ])("reads birthday %j as a date only when it is one (%s)", (birthday, date) => {
    const unfold = (text: string) => text.replace(/\r\n /g, "");
    const v3 = unfold(renderVcard(contact({ birthday })));
    const v4 = unfold(renderVcard(contact({ birthday }), { version: "4.0" }));
    if (date) {
      expect(v3).toContain(`\r\nBDAY:${date}\r\n`);
      expect(v3).not.toContain("Birthday:");
      expect(v4).toContain(`\r\nBDAY:${date.startsWith("--") ? `--${date.slice(2).replace("-", "")}` : date.replace(/-/g, "")}\r\n`);
    } else {
      expect(v3).not.toContain("BDAY");
      expect(v3).toContain(`Birthday: ${birthday}`);
      expect(v4).toContain(`\r\nBDAY;VALUE=text:${birthday}\r\n`);
    }
  });

  it("writes no REV when the arrival time is not a time", () => {
    expect(renderVcard(contact({ receivedAt: "not a time" }))).not.toContain("REV");
    expect(renderVcard(contact({ receivedAt: "2024-06-02T08:00:00.000Z" }))).toContain("\r\nREV:2024-06-02T08:00:00Z\r\n");
  });

  it.each<[string, string, string]>([
    ["Fax", "TEL;TYPE=FAX:+34910000000", "TEL;VALUE=uri;TYPE=fax:tel:+34910000000"],
    ["Home fax", "TEL;TYPE=HOME,FAX:+34910000000", "TEL;VALUE=uri;TYPE=home,fax:tel:+34910000000"],
    ["Work fax", "TEL;TYPE=WORK,FAX:+34910000000", "TEL;VALUE=uri;TYPE=work,fax:tel:+34910000000"],
  ])("writes a %s number with its TYPE in both versions", (type, v3, v4) => {
    const item = contact({ phones: [{ phone: "+34 910 00 00 00", waId: null, type, e164: "+34910000000" }] });
    expect(renderVcard(item).split("\r\n")).toContain(v3);
    expect(renderVcard(item, { version: "4.0" }).split("\r\n")).toContain(v4);
  });

  it("writes an address's and a website's TYPE, and an organisation with a department only", () => {
    const item = contact({
      addresses: [{ street: "Calle 1", city: null, state: null, zip: null, country: null, countryCode: null, type: "Casa" }],
      urls: [{ url: "https://example.com/", type: "Work" }],
      org: { company: null, department: "Pediatrics", title: null },
    });
    const lines = renderVcard(item).split("\r\n");
    expect(lines).toContain("ADR;TYPE=HOME:;;Calle 1;;;;");
    expect(lines).toContain("URL;TYPE=WORK:https://example.com/");
    expect(lines).toContain("ORG:;Pediatrics");
  });

  it("names files without trailing dots, cut at 100 characters without a trailing space, and defuses COM1 and LPT9 but not Bacon", () => {
    expect(utf8Name(contentDispositionFor("Report...", "vcf"))).toBe("Report.vcf");
    expect(utf8Name(contentDispositionFor(`${"a".repeat(99)} b`, "vcf"))).toBe(`${"a".repeat(99)}.vcf`);
    expect(utf8Name(contentDispositionFor("COM1", "vcf"))).toBe("COM1_.vcf");
    expect(utf8Name(contentDispositionFor("lpt9", "vcf"))).toBe("lpt9_.vcf");
    expect(utf8Name(contentDispositionFor("Bacon", "vcf"))).toBe("Bacon.vcf");
    expect(utf8Name(contentDispositionFor("Console", "vcf"))).toBe("Console.vcf");
    expect(utf8Name(contentDispositionFor("COMX", "vcf"))).toBe("COMX.vcf");
  });

  it("keeps word breaks in the ASCII file name where letters had no ASCII form", () => {
    expect(contentDispositionFor(contact({ name: named("Zoë😀Smith") }), "vcf")).toMatch(/^attachment; filename="Zoe Smith\.vcf"/);
  });

  it("is served as UTF-8 vCard text", () => {
    expect(vcardContentType).toBe("text/vcard; charset=utf-8");
  });
});
