import { describe, expect, it } from "vitest";
import { shareMatchesErasure, searchFragmentsOfErasure } from "@/lib/model/lifecycle";
import { erasureCriteriaDigest, erasureMatchOf } from "./erasure-criteria";

const phone = (value: string) => {
  const result = erasureMatchOf({ phone: value });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.match;
};

const card = (phones: { phone?: string; waId?: string; e164?: string }[], emails: string[] = []) => ({
  phones: phones.map((p) => ({ phone: p.phone ?? null, waId: p.waId ?? null, e164: p.e164 ?? null, type: null })),
  emails: emails.map((email) => ({ email, type: null })),
  senderWaId: null,
  senderUserId: null,
});

describe("erasureMatchOf", () => {
  it("reads a phone written in any of the usual ways as the same E.164 number", () => {
    for (const written of ["+44 7911 123456", "447911123456", "0044 (0)7911-123456", "+44 (0) 7911 123 456"]) {
      expect(phone(written), written).toMatchObject({ kind: "phone", e164: "+447911123456" });
    }
    // A national number has no country to read: matched on its digits alone.
    expect(phone("07911 123456")).toEqual({ kind: "phone", digits: "07911123456", e164: null });
  });

  it("wants exactly one criterion, and a usable one", () => {
    expect(erasureMatchOf({})).toMatchObject({ ok: false, issues: [{ path: "(root)" }] });
    expect(erasureMatchOf({ phone: "+44 7911 123456", email: "a@b.example" })).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining("got phone, email") }] });
    expect(erasureMatchOf({ phone: "123" })).toMatchObject({ ok: false, issues: [{ path: "phone" }] });
    expect(erasureMatchOf({ waId: "not a number" })).toMatchObject({ ok: false, issues: [{ path: "waId" }] });
    expect(erasureMatchOf({ email: "nobody" })).toMatchObject({ ok: false, issues: [{ path: "email" }] });
    expect(erasureMatchOf({ email: " Erase.Me@Example.COM " })).toEqual({ ok: true, match: { kind: "email", email: "erase.me@example.com" } });
    expect(erasureMatchOf({ senderUserId: "US.abc" })).toEqual({ ok: true, match: { kind: "senderUserId", value: "US.abc" } });
  });
});

describe("shareMatchesErasure", () => {
  it("matches a phone on E.164 and on digits, however the card wrote it, and nothing one digit off", () => {
    const wanted = phone("+44 7911 123456");
    expect(shareMatchesErasure(card([{ phone: "+44 7911 123456", e164: "+447911123456" }]), wanted)).toBe(true);
    expect(shareMatchesErasure(card([{ phone: "0044 7911 123456" }]), wanted)).toBe(true);
    expect(shareMatchesErasure(card([{ waId: "447911123456" }]), wanted)).toBe(true);
    expect(shareMatchesErasure(card([{ phone: "(+44) 7911-123456" }]), wanted)).toBe(true);
    expect(shareMatchesErasure(card([{ phone: "+44 7911 123457", e164: "+447911123457" }]), wanted)).toBe(false);
    expect(shareMatchesErasure(card([{ phone: "+1 447 911 1234" }]), wanted)).toBe(false);
    expect(shareMatchesErasure(card([{ phone: "07911 123456" }]), phone("07911 123456"))).toBe(true);
  });

  it("matches a wa_id, and an email whatever its case", () => {
    const waId = erasureMatchOf({ waId: "+44 7911 123456" });
    expect(waId.ok && shareMatchesErasure(card([{ waId: "447911123456" }]), waId.match)).toBe(true);
    expect(waId.ok && shareMatchesErasure(card([{ phone: "+44 7911 123456" }]), waId.match)).toBe(false);
    const email = erasureMatchOf({ email: "erase.me@example.com" });
    expect(email.ok && shareMatchesErasure(card([], ["Erase.Me@EXAMPLE.com"]), email.match)).toBe(true);
    expect(email.ok && shareMatchesErasure(card([], ["erase.me@example.co"]), email.match)).toBe(false);
  });

  it("finds candidates by a fragment every match's search text holds", () => {
    expect(searchFragmentsOfErasure(phone("0044 7911 123456"))).toEqual(["447911123456"]);
    // An email is looked for as texts are kept now (accent-folded) and as texts stored before kept it.
    expect(searchFragmentsOfErasure({ kind: "email", email: "josé@exemple.fr" })).toEqual(["jose@exemple.fr", "josé@exemple.fr"]);
    expect(searchFragmentsOfErasure({ kind: "email", email: "ana@example.com" })).toEqual(["ana@example.com"]);
    expect(searchFragmentsOfErasure({ kind: "senderWaId", value: "1" })).toBeNull();
  });
});

describe("erasureCriteriaDigest", () => {
  it("names the kind and a hash of the normalized value, the same however the phone was written", () => {
    const digest = erasureCriteriaDigest(phone("+44 7911 123456"));
    expect(digest).toEqual(erasureCriteriaDigest(phone("0044 (0)7911-123456")));
    expect(digest.kind).toBe("phone");
    expect(digest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(digest)).not.toContain("7911");
  });
});
