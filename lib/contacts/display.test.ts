import { describe, expect, it } from "vitest";
import { avatarOf, formatWhatsAppNumber, initialsOf, mailtoHref, senderOf, telHref, whatsAppHref } from "@/lib/contacts/display";

const noName = { formatted: null, first: null, middle: null, last: null, prefix: null, suffix: null };
const phone = (value: string) => ({ phone: value, waId: null, type: null, e164: null });

describe("formatWhatsAppNumber", () => {
  it.each([
    ["918045678900", "+91 80 4567 8900"],
    ["+918045678900", "+91 80 4567 8900"],
    ["919812345678", "+91 98123 45678"],
    ["447911123456", "+44 7911 123456"],
    ["971501234567", "+971 50 123 4567"],
    // Not a number any country could have: the digits after a plus sign.
    ["104601234567858", "+104601234567858"],
  ])("writes %s as %s", (value, expected) => {
    expect(formatWhatsAppNumber(value)).toBe(expected);
  });

  it("leaves what is not a number as it came, and null as null", () => {
    expect(formatWhatsAppNumber("unknown")).toBe("unknown");
    expect(formatWhatsAppNumber(null)).toBeNull();
    expect(formatWhatsAppNumber("")).toBeNull();
  });

  it.each(["91XXXXXXXXXX", "919XXXXXXXX5", "+91 98XXX XXX12", "12345", "1234567890123456"])("shows %s (not a plausible WhatsApp id: 6–15 digits) exactly as received", (value) => {
    expect(formatWhatsAppNumber(value)).toBe(value);
  });
});

describe("links built from stored phones and emails", () => {
  const phoneOf = (phone: string | null, waId: string | null = null, e164: string | null = null) => ({ phone, waId, e164 });

  it("dials the E.164 number when known, else a number written with digits and punctuation only", () => {
    expect(telHref(phoneOf("+34 612 34 56 78", null, "+34612345678"))).toBe("tel:+34612345678");
    expect(telHref(phoneOf("(415) 555-0100"))).toBe("tel:4155550100");
    expect(telHref(phoneOf(null, "14155550100"))).toBe("tel:+14155550100");
  });

  it("never dials digits picked out of masked or other text", () => {
    expect(telHref(phoneOf("+91 9XXXXXX 987", "91XXXXXXXXXX"))).toBeNull();
    expect(telHref(phoneOf("call me maybe 555"))).toBeNull();
  });

  it("links a chat only for a plausible wa_id", () => {
    expect(whatsAppHref("34612345678")).toBe("https://wa.me/34612345678");
    expect(whatsAppHref("91XXXXXXXXXX")).toBeNull();
    expect(whatsAppHref("12345")).toBeNull();
  });

  it("builds mailto: only from a valid address, so nothing can be smuggled into the mail", () => {
    expect(mailtoHref("ana@example.es")).toBe("mailto:ana@example.es");
    expect(mailtoHref(" ana.maría+x@example.es ")).toBe("mailto:ana.mar%C3%ADa%2Bx@example.es");
    for (const smuggled of ["a@b.co?cc=boss@evil.example", "a@b.co&body=hi", "x@y.z?subject=Hi&bcc=all@evil.example", "not an email", "javascript:alert(1)//@x.io"]) {
      expect(mailtoHref(smuggled), smuggled).toBeNull();
    }
  });
});

describe("initialsOf", () => {
  it.each([
    ["Tomás Núñez-García", "TN"],
    ["zoë müller", "ZM"],
    ["Ana", "A"],
    // Scripts without case: one letter (two side by side would read as a word).
    ["محمد العلي", "م"],
    ["שרה כהן", "ש"],
    ["李小龙", "李"],
    ["अनीता शर्मा", "अ"],
  ])("%s → %s", (text, expected) => {
    expect(initialsOf(text)).toBe(expected);
  });

  it("has none for text without letters", () => {
    expect(initialsOf("+44 7700 900456")).toBeNull();
  });
});

describe("avatarOf", () => {
  it("uses initials for a name or a company, and none for a contact known only by a number or email", () => {
    expect(avatarOf({ name: { ...noName, formatted: "Kwame Mensah" }, org: null, phones: [], emails: [] }).initials).toBe("KM");
    expect(avatarOf({ name: { ...noName, formatted: "Dr. Ada King Jr." }, org: null, phones: [], emails: [] }).initials).toBe("AK");
    expect(avatarOf({ name: { ...noName, formatted: "Dr. Tomás Núñez-García Jr.", first: "Tomás", last: "Núñez-García" }, org: null, phones: [], emails: [] }).initials).toBe("TN");
    expect(avatarOf({ name: noName, org: { company: "Pizza Napoli", department: null, title: null }, phones: [], emails: [] }).initials).toBe("PN");
    expect(avatarOf({ name: noName, org: null, phones: [phone("+44 7700 900456")], emails: [] }).initials).toBeNull();
    expect(avatarOf({ name: noName, org: null, phones: [], emails: [{ email: "sarah@example.co.il", type: null }] }).initials).toBeNull();
  });
});

describe("senderOf", () => {
  it("keeps the profile name and the formatted number apart", () => {
    expect(senderOf({ sender: { profileName: "أحمد", waId: "971501234567", userId: null } })).toEqual({ name: "أحمد", number: "+971 50 123 4567" });
    expect(senderOf({ sender: { profileName: null, waId: null, userId: "US.13491208655302741918" } })).toEqual({ name: null, number: "US.13491208655302741918" });
  });
});
