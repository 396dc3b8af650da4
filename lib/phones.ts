import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * The phone in E.164 when libphonenumber-js can make sense of it. WhatsApp phones are often
 * written for humans ("+34 612 34 56 78", or with no country code at all); the wa_id, when
 * present, is the same number in international digits, so it is the fallback.
 */
export function toE164(phone: string | null, waId: string | null): string | null {
  for (const candidate of [phone, waId && `+${digitsOf(waId)}`]) {
    if (!candidate) continue;
    const parsed = parsePhoneNumberFromString(candidate);
    if (parsed?.isValid()) return parsed.number;
  }
  return null;
}

export function digitsOf(value: string): string {
  return value.replace(/\D+/g, "");
}
