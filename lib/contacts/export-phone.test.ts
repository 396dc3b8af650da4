import { describe, expect, it } from "vitest";
import { exportPhone, plausibleWaId, sentTextDiffers } from "@/lib/contacts/export-phone";

const phone = (value: Partial<{ phone: string | null; waId: string | null; type: string | null; e164: string | null }>) => ({
  phone: null,
  waId: null,
  type: null,
  e164: null,
  ...value,
});

describe("exportPhone", () => {
  it("writes E.164 when it is known, keeping the text as sent beside it", () => {
    expect(exportPhone(phone({ phone: "+34 612 34 56 78", waId: "34612345678", type: "Móvil", e164: "+34612345678" }))).toEqual({
      value: "+34612345678",
      e164: "+34612345678",
      text: "+34 612 34 56 78",
      waId: "34612345678",
      type: { kind: "cell", custom: null },
    });
  });

  it("keeps a national number's E.164 that the receiver worked out from the WhatsApp id", () => {
    expect(exportPhone(phone({ phone: "612 34 56 78", waId: "34612345678", e164: "+34612345678" }))).toMatchObject({ value: "+34612345678", text: "612 34 56 78" });
  });

  it("keeps the text as sent when the receiver could not place the number", () => {
    expect(exportPhone(phone({ phone: "612 34 56 78" }))).toMatchObject({ value: "612 34 56 78", e164: null });
    expect(exportPhone(phone({ phone: "+91 9XXXXXX 987", waId: "91XXXXXXXXXX" }))).toMatchObject({ value: "+91 9XXXXXX 987", e164: null, waId: null });
  });

  it("does not trust a stored E.164 that is not shaped like one", () => {
    expect(exportPhone(phone({ phone: "555-0100", e164: "+1555" }))?.value).toBe("555-0100");
    expect(exportPhone(phone({ phone: "y", e164: "34612345678" }))?.value).toBe("y");
    expect(exportPhone(phone({ phone: "x", e164: "+34612345678;ext=1" }))?.value).toBe("x");
  });

  it("falls back to + and the WhatsApp id, and answers null for a phone with nothing", () => {
    expect(exportPhone(phone({ waId: "999999999999" }))?.value).toBe("+999999999999");
    expect(exportPhone(phone({ phone: "  ", type: "CELL" }))).toBeNull();
    expect(exportPhone(phone({ waId: "91XXXXXXXXXX" }))).toBeNull();
  });
});

describe("sentTextDiffers", () => {
  it("is false when the text only formats the E.164 number, true when it says something else", () => {
    const differs = (value: Parameters<typeof phone>[0]) => sentTextDiffers(exportPhone(phone(value))!);
    expect(differs({ phone: "+34 612 34 56 78", e164: "+34612345678" })).toBe(false);
    expect(differs({ phone: "+34612345678", e164: "+34612345678" })).toBe(false);
    expect(differs({ phone: "612 34 56 78", waId: "34612345678", e164: "+34612345678" })).toBe(true);
    expect(differs({ phone: "+34 612 34 56 78 ext. 12", e164: "+34612345678" })).toBe(true);
    expect(differs({ phone: "612 34 56 78" })).toBe(false);
    expect(differs({ waId: "34612345678" })).toBe(false);
  });
});

describe("plausibleWaId", () => {
  it.each<[string | null, string | null]>([
    ["34612345678", "34612345678"],
    [" 447700900123 ", "447700900123"],
    ["123456", "123456"],
    ["123456789012345", "123456789012345"],
    ["12345", null],
    ["1234567890123456", null],
    ["91XXXXXXXXXX", null],
    ["919XXXXXXXX7", null],
    ["+34612345678", null],
    ["34 612 345 678", null],
    ['+1 (555)";x:y\r\nTEL:999', null],
    ["", null],
    [null, null],
  ])("%j → %j", (value, expected) => {
    expect(plausibleWaId(value)).toBe(expected);
  });
});
