import type { ContactItem } from "@/lib/contacts/contact-item";
import { phoneTypeOf, type PhoneType } from "./phone-types";

type Phone = ContactItem["phones"][number];

/** A shared phone as every export writes it. */
export type ExportPhone = {
  /** What goes into the file: E.164 when known, else the text as sent, else `+` and the WhatsApp id. */
  value: string;
  e164: string | null;
  /** The number as the sender's phone wrote it. */
  text: string | null;
  /** The WhatsApp id, only when it is one (see plausibleWaId). */
  waId: string | null;
  type: PhoneType | null;
};

/**
 * International E.164 when it is known: that is what lets a phone in another country, or WhatsApp,
 * link the number to an account. The receiver stores it whenever libphonenumber can place the
 * number, from the text or the WhatsApp id (lib/phones.ts), so "+34 612 34 56 78" and "612 34 56 78"
 * from a Spanish account both arrive as +34612345678; a number it could not place stays as sent.
 * The stored value is taken as it is (only its shape is checked): parsing every number again made
 * a bulk export six times slower.
 */
export function exportPhone(phone: Phone): ExportPhone | null {
  const text = clean(phone.phone);
  const waId = plausibleWaId(phone.waId);
  const e164 = phone.e164 && /^\+[1-9]\d{5,14}$/.test(phone.e164) ? phone.e164 : null;
  const value = e164 ?? text ?? (waId ? `+${waId}` : null);
  if (!value) return null;
  return { value, e164, text, waId, type: phoneTypeOf(phone.type) };
}

/**
 * Whether the text as sent says more than the E.164 value does (a national form, an extension,
 * letters): then the exports keep it, in the note. "+34 612 34 56 78" only adds spaces, so it does not.
 */
export function sentTextDiffers(phone: ExportPhone): boolean {
  if (!phone.text || phone.text === phone.value) return false;
  return !phone.e164 || phone.text.replace(/\D/g, "") !== phone.e164.slice(1);
}

/**
 * A WhatsApp id is 6 to 15 digits (E.164 without the plus) and nothing else. Anything else, such as
 * the documented sample's masked `91XXXXXXXXXX`, is left out: stripping its other characters would
 * make up a different number (`91`).
 */
export function plausibleWaId(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return /^\d{6,15}$/.test(trimmed) ? trimmed : null;
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
