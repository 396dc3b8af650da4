import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * The phone in E.164 when libphonenumber-js can make sense of it. WhatsApp phones are often
 * written for humans ("+34 612 34 56 78", or with no country code at all); the wa_id, when it is
 * a plausible WhatsApp id, is the same number in international digits, so it is the fallback.
 * Text with letters in it (a masked "+91 9XXXXXX 987") is never read as a number: libphonenumber
 * would turn the letters into keypad digits and make up a different one.
 */
export function toE164(phone: string | null, waId: string | null): string | null {
  const plausibleWaId = plausibleWhatsAppId(waId);
  for (const candidate of [phone && !/\p{L}/u.test(phone.replace(/\b(ext|x)\.?\s*\d+$/i, "")) ? phone : null, plausibleWaId && `+${plausibleWaId}`]) {
    if (!candidate) continue;
    const parsed = parsePhoneNumberFromString(candidate);
    if (parsed?.isValid()) return parsed.number;
  }
  return null;
}

/** The digits of a WhatsApp id when it is one: 6–15 digits (an optional leading +), nothing else. */
export function plausibleWhatsAppId(value: string | null | undefined): string | null {
  const match = value?.trim().match(/^\+?(\d{6,15})$/);
  return match ? match[1]! : null;
}
