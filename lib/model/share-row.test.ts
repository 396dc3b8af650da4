import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NormalizedCard, NormalizedMessage } from "./callback";
import type { NewContactShare } from "./contact-share";
import { buildSearchText, digitsOf, foldForMatching, foldForSearch, searchTermOf } from "./search-text";
import { counterKeysOf, dayOf, shareFacetsOf } from "./share-facets";
import { displayNameOf, toShareRow } from "./share-row";

/**
 * What one card of one message becomes before either engine stores it: the row, the filter values
 * it is found under, the counters it adds to, and the text a search reads. Both engines store
 * exactly these, so a slip here is a slip in every list, count and search.
 */

const noName = { formatted: null, first: null, middle: null, last: null, prefix: null, suffix: null };

function card(overrides: Partial<NormalizedCard> = {}): NormalizedCard {
  return { name: noName, phones: [], emails: [], addresses: [], org: null, urls: [], birthday: null, ...overrides };
}

function message(overrides: Partial<NormalizedMessage> = {}): NormalizedMessage {
  return {
    messageId: "wamid.1",
    sentAt: new Date("2026-03-04T05:06:07Z"),
    contextId: "ctx-1",
    sender: { waId: "919000000001", userId: "user-1", profileName: "Kerry" },
    business: { displayPhoneNumber: "15550001111", phoneNumberId: "123456123", wabaId: "WABA-1" },
    refs: { ref: "spring", ref1: "sale", ref2: "email" },
    replyTo: "wamid.0",
    traceId: "trace-1",
    mediaUrl: "https://example.test/m",
    cards: [],
    ...overrides,
  };
}

const received = new Date("2026-03-05T00:00:00Z");
const row = (m: NormalizedMessage, c: NormalizedCard): NewContactShare => toShareRow(m, c, 0, 1, received);

describe("toShareRow", () => {
  it("keeps every field of the message and the card, in its own column", () => {
    const phones = [{ phone: "+44 (20) 7946-0018", waId: "442079460018", type: "WORK", e164: "+442079460018" }];
    const emails = [{ email: "ana@example.test", type: "HOME" }];
    const addresses = [{ street: "1 Road", city: "Pune", state: null, zip: null, country: "India", countryCode: "IN", type: "HOME" }];
    const urls = [{ url: "https://ana.test", type: "WORK" }];
    const c = card({
      name: { formatted: "Dr Ana María Ruiz", first: "Ana", middle: "María", last: "Ruiz", prefix: "Dr", suffix: "Jr" },
      phones: phones as NormalizedCard["phones"],
      emails: emails as NormalizedCard["emails"],
      addresses: addresses as NormalizedCard["addresses"],
      urls: urls as NormalizedCard["urls"],
      org: { company: "Acme", department: "Sales", title: "Lead" },
      birthday: "1990-02-03",
    });
    const m = message();
    expect(toShareRow(m, c, 2, 7, received)).toEqual({
      callbackId: 7,
      messageId: "wamid.1",
      position: 2,
      sortAt: m.sentAt,
      sentAt: m.sentAt,
      receivedAt: received,
      formattedName: "Dr Ana María Ruiz",
      firstName: "Ana",
      middleName: "María",
      lastName: "Ruiz",
      namePrefix: "Dr",
      nameSuffix: "Jr",
      sortName: "dr ana maría ruiz",
      sortPhone: "442079460018",
      phones,
      emails,
      addresses,
      urls,
      orgCompany: "Acme",
      orgDepartment: "Sales",
      orgTitle: "Lead",
      birthday: "1990-02-03",
      senderWaId: "919000000001",
      senderUserId: "user-1",
      senderProfileName: "Kerry",
      businessPhoneNumber: "15550001111",
      businessPhoneNumberId: "123456123",
      wabaId: "WABA-1",
      ref: "spring",
      ref1: "sale",
      ref2: "email",
      contextId: "ctx-1",
      replyTo: "wamid.0",
      traceId: "trace-1",
      mediaUrl: "https://example.test/m",
    });
  });

  it("sorts by the received time when the message has no time of its own", () => {
    const stored = row(message({ sentAt: null }), card());
    expect(stored.sortAt).toBe(received);
    expect(stored.sentAt).toBeNull();
  });

  it("has no org columns without an org, and sorts by the first phone's wa_id when it has no number", () => {
    const stored = row(message(), card({ phones: [{ phone: null, waId: "91 98765", type: null, e164: null }, { phone: "+1 555", waId: null, type: null, e164: null }] as NormalizedCard["phones"] }));
    expect([stored.orgCompany, stored.orgDepartment, stored.orgTitle]).toEqual([null, null, null]);
    expect(stored.sortPhone).toBe("9198765");
  });

  it("sorts a card without phones after every number (empty sort phone)", () => {
    expect(row(message(), card()).sortPhone).toBe("");
  });

  it("takes an org's missing parts as null", () => {
    const stored = row(message(), card({ org: { company: null, department: "Ops", title: null } }));
    expect([stored.orgCompany, stored.orgDepartment, stored.orgTitle]).toEqual([null, "Ops", null]);
  });
});

describe("displayNameOf", () => {
  const phone = [{ phone: "+1 555 0100", waId: null, type: null, e164: null }] as NormalizedCard["phones"];
  const email = [{ email: "x@example.test", type: null }] as NormalizedCard["emails"];
  const org = { company: "Acme", department: null, title: null };

  it("prefers formatted_name, then the parts in order, then the company, a phone, an email", () => {
    expect(displayNameOf(card({ name: { ...noName, formatted: "F N", first: "A" }, org, phones: phone }))).toBe("F N");
    expect(displayNameOf(card({ name: { formatted: null, prefix: "Dr", first: "Ana", middle: "M", last: "Ruiz", suffix: "Jr" }, org }))).toBe("Dr Ana M Ruiz Jr");
    expect(displayNameOf(card({ name: { ...noName, last: "Ruiz" }, org }))).toBe("Ruiz");
    expect(displayNameOf(card({ org, phones: phone, emails: email }))).toBe("Acme");
    expect(displayNameOf(card({ org: { company: null, department: "Ops", title: null }, phones: phone, emails: email }))).toBe("+1 555 0100");
    expect(displayNameOf(card({ emails: email }))).toBe("x@example.test");
    expect(displayNameOf(card())).toBe("");
  });

  it("skips a first phone without a number for the email, never a wa_id", () => {
    expect(displayNameOf(card({ phones: [{ phone: null, waId: "9100", type: null, e164: null }] as NormalizedCard["phones"], emails: email }))).toBe("x@example.test");
  });
});

describe("shareFacetsOf", () => {
  it("lists each distinct campaign value once, the sender, both business ids, the WABA and the person", () => {
    const stored = row(message({ refs: { ref: "a", ref1: "a", ref2: "b" } }), card({ phones: [{ phone: "+44 20", waId: null, type: null, e164: "+4420" }] as NormalizedCard["phones"] }));
    expect(shareFacetsOf(stored)).toEqual([
      { facet: "campaign", value: "a" },
      { facet: "campaign", value: "b" },
      { facet: "sender", value: "919000000001" },
      { facet: "business", value: "15550001111" },
      { facet: "business", value: "123456123" },
      { facet: "waba", value: "WABA-1" },
      { facet: "person", value: "+4420" },
    ]);
  });

  it("falls back to the sender's user id, lists a business id once when both are the same, and a nameless person by nothing", () => {
    const stored = row(
      message({ sender: { waId: null, userId: "user-9", profileName: null }, business: { displayPhoneNumber: "155", phoneNumberId: "155", wabaId: null }, refs: { ref: null, ref1: null, ref2: null } }),
      card(),
    );
    expect(shareFacetsOf(stored)).toEqual([
      { facet: "sender", value: "user-9" },
      { facet: "business", value: "155" },
    ]);
  });

  it("has no facets for a card with nothing to file it under", () => {
    const stored = row(message({ sender: { waId: null, userId: null, profileName: null }, business: { displayPhoneNumber: null, phoneNumberId: null, wabaId: null }, refs: { ref: null, ref1: "", ref2: null } }), card());
    expect(shareFacetsOf(stored)).toEqual([]);
  });

  it("files a person without an E.164 number under their name", () => {
    const stored = row(message(), card({ name: { ...noName, formatted: "Ana Ruiz" } }));
    expect(shareFacetsOf(stored).filter((f) => f.facet === "person")).toEqual([{ facet: "person", value: "name:ana ruiz" }]);
  });
});

describe("counterKeysOf", () => {
  it("counts every card under all, each ref by field, each distinct campaign value once, and each filter value with its label", () => {
    const stored = row(message({ refs: { ref: "a", ref1: "a", ref2: "b" } }), card({ name: { ...noName, formatted: "Ana" } }));
    expect(counterKeysOf(stored)).toEqual([
      { facet: "all", value: "", label: null },
      { facet: "ref", value: "a", label: null },
      { facet: "ref1", value: "a", label: null },
      { facet: "ref2", value: "b", label: null },
      { facet: "campaign", value: "a", label: null },
      { facet: "campaign", value: "b", label: null },
      { facet: "sender", value: "919000000001", label: "Kerry" },
      { facet: "sender_name", value: "Kerry", label: null },
      { facet: "business", value: "15550001111", label: "123456123" },
      { facet: "business_id", value: "123456123", label: null },
      { facet: "waba", value: "WABA-1", label: null },
      { facet: "person", value: "name:ana", label: null },
    ]);
  });

  it("counts a business id equal to the number once, and a sender without a profile name without a label", () => {
    const stored = row(message({ sender: { waId: null, userId: "u", profileName: null }, business: { displayPhoneNumber: "155", phoneNumberId: "155", wabaId: null }, refs: { ref: null, ref1: null, ref2: null } }), card());
    expect(counterKeysOf(stored)).toEqual([
      { facet: "all", value: "", label: null },
      { facet: "sender", value: "u", label: null },
      { facet: "business", value: "155", label: "155" },
    ]);
  });

  it("counts a card without a sender under no sender", () => {
    const stored = row(message({ sender: { waId: null, userId: null, profileName: null } }), card());
    expect(counterKeysOf(stored).map((key) => key.facet)).toEqual(["all", "ref", "ref1", "ref2", "campaign", "campaign", "campaign", "business", "business_id", "waba"]);
  });

  it("counts a business known only by its phone_number_id, with no label", () => {
    const stored = row(message({ business: { displayPhoneNumber: null, phoneNumberId: "777", wabaId: null } }), card());
    expect(counterKeysOf(stored).filter((key) => key.facet.startsWith("business"))).toEqual([{ facet: "business_id", value: "777", label: null }]);
  });

  it("counts a number with no phone_number_id under business with a null label", () => {
    const stored = row(message({ business: { displayPhoneNumber: "155", phoneNumberId: null, wabaId: null } }), card());
    expect(counterKeysOf(stored).filter((key) => key.facet.startsWith("business"))).toEqual([{ facet: "business", value: "155", label: null }]);
  });
});

describe("dayOf", () => {
  it("is the UTC day since 1970 of a date or a millisecond time", () => {
    expect(dayOf(new Date("1970-01-01T23:59:59.999Z"))).toBe(0);
    expect(dayOf(new Date("1970-01-02T00:00:00Z"))).toBe(1);
    expect(dayOf(Date.UTC(2026, 0, 1, 12))).toBe(20454);
    expect(dayOf(-1)).toBe(-1);
  });
});

describe("search text", () => {
  it("holds each name part, email, org part and phone digits once, folded, one per line", () => {
    const text = buildSearchText(
      card({
        name: { formatted: "ÁNA Ruiz", first: "ÁNA", middle: "M", last: "Ruiz", prefix: "Dr", suffix: "Ｊｒ" },
        emails: [{ email: "Ana@Example.test", type: null }] as NormalizedCard["emails"],
        org: { company: "Acme", department: "Sales", title: "Lead" },
        phones: [{ phone: "+44 20-79", waId: "4420 79", type: null, e164: "+442079" }, { phone: "ext", waId: null, type: null, e164: null }] as NormalizedCard["phones"],
      }),
    );
    expect(text.split("\n")).toEqual(["ana ruiz", "dr", "ana", "m", "ruiz", "jr", "ana@example.test", "acme", "sales", "lead", "442079"]);
  });

  it("is empty for a card with nothing searchable", () => {
    expect(buildSearchText(card())).toBe("");
  });

  it("folds case and compatibility forms the same way for text and query", () => {
    expect(foldForSearch("ÅNGSTRÖM ｆｕｌｌ ﬁ")).toBe("ångström full fi");
  });

  it("folds accents for matching, so a name typed without them finds it, and keeps other scripts' vowel signs", () => {
    const pairs: [typed: string, stored: string][] = [
      ["nunez", "Núñez"],
      ["NUNEZ", "nuñez"],
      ["strasse", "Straße"],
      ["lodz", "Łódź"],
      ["aero", "Ærø"],
      ["istanbul", "İstanbul"],
      ["αθηνα", "Ἀθήνα"],
      ["francois", "François"],
    ];
    for (const [typed, stored] of pairs) {
      expect(foldForMatching(stored), stored).toBe(foldForMatching(typed));
    }
    for (const word of ["प्रिया", "مُحَمَّد", "שָׁלוֹם", "がぎぐ", "한국어", "小明"]) expect(foldForMatching(word), word).toBe(word.normalize("NFC"));
    expect(foldForMatching("がぎ")).not.toBe(foldForMatching("かき"));
  });

  it("folds for matching idempotently: a stored text folded again is unchanged", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (text) => foldForMatching(foldForMatching(text)) === foldForMatching(text)));
    fc.assert(fc.property(fc.string({ unit: "binary" }), (text) => foldForMatching(foldForMatching(text)) === foldForMatching(text)));
  });

  it("looks for a number dialled with its international or trunk prefix without it, when 3 or more digits remain", () => {
    expect(searchTermOf("0034 612 345 678")).toBe("34612345678");
    expect(searchTermOf("0034 612")).toBe("34612");
    expect(searchTermOf("07700 900456")).toBe("7700900456");
    expect(searchTermOf("+0044 20")).toBe("4420");
    expect(searchTermOf("00123")).toBe("123");
    expect(searchTermOf("0012")).toBe("0012");
    expect(searchTermOf("0")).toBe("0");
  });

  it("reads a query of digits and phone punctuation as phone digits, anything else as folded text", () => {
    expect(searchTermOf(" +34 (612)-34.5 ")).toBe("34612345");
    expect(searchTermOf("+")).toBe("+");
    expect(searchTermOf("  ")).toBe("");
    expect(searchTermOf("Ana 612")).toBe("ana 612");
    expect(searchTermOf("612a")).toBe("612a");
    expect(searchTermOf("a612")).toBe("a612");
    expect(searchTermOf(" ÁNA ")).toBe("ana");
  });

  it("keeps only digits", () => {
    expect(digitsOf("+1 (555) 01-00 x9")).toBe("155501009");
    expect(digitsOf("")).toBe("");
  });
});
