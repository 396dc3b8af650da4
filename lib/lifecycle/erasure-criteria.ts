import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";
import { sha256Hex } from "@/lib/auth/secrets";
import type { InputIssue } from "@/lib/callbacks/normalized";
import type { ErasureKind, ErasureMatch } from "@/lib/model/lifecycle";
import { digitsOf, foldForSearch } from "@/lib/model/search-text";
import { erasureKinds } from "./erasure-kinds";

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`).optional();

/** One erasure request, from the API's JSON or the admin form: exactly one criterion. */
export const erasureRequestSchema = z
  .object({
    phone: text(64),
    waId: text(64),
    email: text(320),
    senderWaId: text(64),
    senderUserId: text(64),
    dryRun: z.boolean().optional(),
  })
  .strict();

export type ErasureRequest = z.infer<typeof erasureRequestSchema>;

/** The criterion a request names, normalized for matching; or the issues that make it unusable. */
export function erasureMatchOf(request: ErasureRequest): { ok: true; match: ErasureMatch } | { ok: false; issues: InputIssue[] } {
  const given = erasureKinds.filter((kind) => request[kind] !== undefined);
  if (given.length !== 1) {
    return { ok: false, issues: [{ path: "(root)", message: `give exactly one of ${erasureKinds.join(", ")}${given.length ? ` (got ${given.join(", ")})` : ""}` }] };
  }
  const kind = given[0]!;
  const value = request[kind]!.trim();
  switch (kind) {
    case "phone": {
      const digits = digitsOf(value).replace(/^00/, "");
      if (digits.length < 6 || digits.length > 17) return invalid(kind, "must be a phone number (6 to 17 digits)");
      return { ok: true, match: { kind, digits, e164: e164Of(value) } };
    }
    case "waId": {
      const digits = digitsOf(value);
      if (!/^\+?\d{6,15}$/.test(value.replace(/[\s-]/g, ""))) return invalid(kind, "must be a WhatsApp id (6 to 15 digits)");
      return { ok: true, match: { kind, digits } };
    }
    case "email":
      if (!z.email().safeParse(value).success) return invalid(kind, "must be an email address");
      return { ok: true, match: { kind, email: foldForSearch(value) } };
    default:
      return { ok: true, match: { kind, value } };
  }
}

/**
 * What a receipt and the audit trail say about the criterion: its kind and a SHA-256 of its
 * normalized value, never the value. A hash lets a requester check "was it me?"; it is not a
 * secret (phone numbers are few enough to guess), which is why no value is written at all.
 */
export function erasureCriteriaDigest(match: ErasureMatch): { kind: ErasureKind; sha256: string } {
  return { kind: match.kind, sha256: sha256Hex(`${match.kind}:${canonicalValueOf(match)}`) };
}

function canonicalValueOf(match: ErasureMatch): string {
  switch (match.kind) {
    case "phone":
      return match.e164 ?? match.digits;
    case "waId":
      return match.digits;
    case "email":
      return match.email;
    default:
      return match.value;
  }
}

/** "+44 7911 123456", "0044 7911 123456" and "447911123456" are all +447911123456; a national "07911…" has no country to read. */
function e164Of(value: string): string | null {
  const trimmed = value.trim();
  const candidate = trimmed.startsWith("+") ? trimmed : trimmed.startsWith("00") ? `+${trimmed.slice(2)}` : /^[\d\s().-]+$/.test(trimmed) && !trimmed.startsWith("0") ? `+${trimmed}` : null;
  if (!candidate || /\p{L}/u.test(candidate)) return null;
  const parsed = parsePhoneNumberFromString(candidate);
  return parsed?.isValid() ? parsed.number : null;
}

function invalid(kind: ErasureKind, message: string): { ok: false; issues: InputIssue[] } {
  return { ok: false, issues: [{ path: kind, message }] };
}
