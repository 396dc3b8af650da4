import { z } from "zod";

/**
 * zod schemas for the callback envelopes. Provider payloads are loose objects: unknown keys pass
 * through and never cause a rejection; the raw body is kept verbatim in the callback log anyway.
 */

/**
 * The most one callback may carry. A value past one of these is refused whole (413, naming the
 * path) rather than stored: no real WhatsApp message comes near them, and they bound what one
 * callback can cost to store, to search and to show. Meta documents at most 257 contacts per message.
 */
export const callbackLimits = {
  contactsPerMessage: 257,
  /** All cards of all messages of one callback: what one write may hold the database for. */
  cardsPerCallback: 500,
  messagesPerCallback: 500,
  entriesPerCallback: 100,
  phonesPerCard: 20,
  emailsPerCard: 20,
  addressesPerCard: 10,
  urlsPerCard: 10,
  /** Characters, by kind of value. */
  shortText: 64,
  nameText: 256,
  emailText: 320,
  addressText: 512,
  longText: 2048,
} as const;

/** A scalar the provider may send as a string or a number; blank means "not sent". At most `max` characters. */
function optionalText(max: number) {
  return z
    .union([z.string().max(max, `must be at most ${max} characters`), z.number(), z.null()])
    .optional()
    .transform((value) => (value === null || value === undefined ? null : String(value)))
    .transform((value) => (value !== null && value.trim() === "" ? null : value));
}

const shortText = optionalText(callbackLimits.shortText);
const nameText = optionalText(callbackLimits.nameText);
const addressText = optionalText(callbackLimits.addressText);
const longText = optionalText(callbackLimits.longText);

/** At most `max` items, counted before any item is read, so a list of 300,000 costs no more than one of 300. */
function boundedArray<T extends z.ZodType>(item: T, max: number, what: string) {
  return z
    .array(z.unknown())
    .max(max, `must hold at most ${max} ${what}`)
    .pipe(z.array(item));
}

/** Meta sends list-like contact fields as arrays; the Kaleyra sample sends a single object. Accept both. */
function listOf<T extends z.ZodType>(item: T, max: number, what: string) {
  return z.preprocess((value) => (value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]), boundedArray(item, max, what));
}

export const contactNameSchema = z.looseObject({
  formatted_name: nameText,
  first_name: nameText,
  middle_name: nameText,
  last_name: nameText,
  prefix: nameText,
  suffix: nameText,
});

export const contactPhoneSchema = z.looseObject({ phone: shortText, wa_id: shortText, type: nameText });
export const contactEmailSchema = z.looseObject({ email: optionalText(callbackLimits.emailText), type: nameText });
export const contactAddressSchema = z.looseObject({
  street: addressText,
  city: addressText,
  state: addressText,
  zip: addressText,
  country: addressText,
  country_code: addressText,
  type: nameText,
});
export const contactOrgSchema = z.looseObject({ company: nameText, department: nameText, title: nameText });
export const contactUrlSchema = z.looseObject({ url: longText, type: nameText });

/** One shared contact card (`messages[].contacts[]`). Every property may be missing. */
export const contactCardSchema = z.looseObject({
  name: contactNameSchema.nullish(),
  phones: listOf(contactPhoneSchema, callbackLimits.phonesPerCard, "phones"),
  emails: listOf(contactEmailSchema, callbackLimits.emailsPerCard, "emails"),
  addresses: listOf(contactAddressSchema, callbackLimits.addressesPerCard, "addresses"),
  org: contactOrgSchema.nullish(),
  urls: listOf(contactUrlSchema, callbackLimits.urlsPerCard, "URLs"),
  birthday: shortText,
});

/** Just enough of any message to route it by type; a contacts message is then read in full. */
export const anyMessageSchema = z.looseObject({ type: z.string().min(1) });

export const contactsMessageSchema = z.looseObject({
  id: z.string().min(1).max(callbackLimits.addressText, `must be at most ${callbackLimits.addressText} characters`),
  type: z.literal("contacts"),
  from: shortText,
  from_user_id: nameText,
  user_id: nameText,
  timestamp: shortText,
  context: z.looseObject({ id: addressText }).nullish(),
  contacts: boundedArray(contactCardSchema, callbackLimits.contactsPerMessage, "contacts"),
});

/** The sender's WhatsApp profile (`value.contacts[]`), not to be confused with the shared cards. */
export const senderProfileSchema = z.looseObject({
  profile: z.looseObject({ name: nameText }).nullish(),
  wa_id: shortText,
  user_id: nameText,
});

export const changeValueSchema = z.looseObject({
  metadata: z.looseObject({ display_phone_number: shortText, phone_number_id: shortText }).nullish(),
  contacts: boundedArray(senderProfileSchema, callbackLimits.messagesPerCallback, "sender profiles").nullish(),
  messages: boundedArray(anyMessageSchema, callbackLimits.messagesPerCallback, "messages").nullish(),
  statuses: z.array(z.unknown()).nullish(),
});

export const extraInfoSchema = z.looseObject({
  media_url: longText,
  ref: addressText,
  ref1: addressText,
  ref2: addressText,
  reply_to: addressText,
  trace_id: addressText,
  waba_id: shortText,
});

/** Kaleyra WhatsApp API v2: `{meta_object: {value, field}, extra_info}`. */
export const kaleyraEnvelopeSchema = z.looseObject({
  meta_object: z.looseObject({ field: nameText, value: z.unknown() }),
  extra_info: extraInfoSchema.nullish(),
});

/** Kaleyra's delivery-status callback: top-level `status` / `message_id`, no `meta_object`. */
export const kaleyraStatusSchema = z.looseObject({ status: z.unknown().optional(), message_id: z.unknown().optional() });

/** Meta Cloud API: `{object: "whatsapp_business_account", entry: [{id, changes: [{value, field}]}]}`. */
export const metaEnvelopeSchema = z.looseObject({
  object: z.literal("whatsapp_business_account"),
  entry: boundedArray(
    z.looseObject({
      id: shortText,
      changes: boundedArray(z.looseObject({ field: nameText, value: z.unknown() }), callbackLimits.entriesPerCallback, "changes"),
    }),
    callbackLimits.entriesPerCallback,
    "entries",
  ),
});

export type ContactCardInput = z.infer<typeof contactCardSchema>;
export type ContactsMessageInput = z.infer<typeof contactsMessageSchema>;
export type ChangeValueInput = z.infer<typeof changeValueSchema>;
export type ExtraInfoInput = z.infer<typeof extraInfoSchema>;
