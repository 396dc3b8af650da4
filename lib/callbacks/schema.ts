import { z } from "zod";

/**
 * zod schemas for the callback envelopes. Provider payloads are loose objects: unknown keys pass
 * through and never cause a rejection; the raw body is kept verbatim in the callback log anyway.
 */

/** A scalar the provider may send as a string or a number; blank means "not sent". */
const optionalText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined ? null : String(value)))
  .transform((value) => (value !== null && value.trim() === "" ? null : value));

/** Meta sends list-like contact fields as arrays; the Kaleyra sample sends a single object. Accept both. */
function listOf<T extends z.ZodType>(item: T) {
  return z
    .union([z.array(item), item, z.null()])
    .optional()
    .transform((value): z.output<T>[] => (value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]));
}

export const contactNameSchema = z.looseObject({
  formatted_name: optionalText,
  first_name: optionalText,
  middle_name: optionalText,
  last_name: optionalText,
  prefix: optionalText,
  suffix: optionalText,
});

export const contactPhoneSchema = z.looseObject({ phone: optionalText, wa_id: optionalText, type: optionalText });
export const contactEmailSchema = z.looseObject({ email: optionalText, type: optionalText });
export const contactAddressSchema = z.looseObject({
  street: optionalText,
  city: optionalText,
  state: optionalText,
  zip: optionalText,
  country: optionalText,
  country_code: optionalText,
  type: optionalText,
});
export const contactOrgSchema = z.looseObject({ company: optionalText, department: optionalText, title: optionalText });
export const contactUrlSchema = z.looseObject({ url: optionalText, type: optionalText });

/** One shared contact card (`messages[].contacts[]`). Every property may be missing. */
export const contactCardSchema = z.looseObject({
  name: contactNameSchema.nullish(),
  phones: listOf(contactPhoneSchema),
  emails: listOf(contactEmailSchema),
  addresses: listOf(contactAddressSchema),
  org: contactOrgSchema.nullish(),
  urls: listOf(contactUrlSchema),
  birthday: optionalText,
});

/** Just enough of any message to route it by type; a contacts message is then read in full. */
export const anyMessageSchema = z.looseObject({ type: z.string().min(1) });

export const contactsMessageSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal("contacts"),
  from: optionalText,
  from_user_id: optionalText,
  user_id: optionalText,
  timestamp: optionalText,
  context: z.looseObject({ id: optionalText }).nullish(),
  contacts: z.array(contactCardSchema),
});

/** The sender's WhatsApp profile (`value.contacts[]`), not to be confused with the shared cards. */
export const senderProfileSchema = z.looseObject({
  profile: z.looseObject({ name: optionalText }).nullish(),
  wa_id: optionalText,
  user_id: optionalText,
});

export const changeValueSchema = z.looseObject({
  metadata: z.looseObject({ display_phone_number: optionalText, phone_number_id: optionalText }).nullish(),
  contacts: z.array(senderProfileSchema).nullish(),
  messages: z.array(anyMessageSchema).nullish(),
  statuses: z.array(z.unknown()).nullish(),
});

export const extraInfoSchema = z.looseObject({
  media_url: optionalText,
  ref: optionalText,
  ref1: optionalText,
  ref2: optionalText,
  reply_to: optionalText,
  trace_id: optionalText,
  waba_id: optionalText,
});

/** Kaleyra WhatsApp API v2: `{meta_object: {value, field}, extra_info}`. */
export const kaleyraEnvelopeSchema = z.looseObject({
  meta_object: z.looseObject({ field: optionalText, value: z.unknown() }),
  extra_info: extraInfoSchema.nullish(),
});

/** Kaleyra's delivery-status callback: top-level `status` / `message_id`, no `meta_object`. */
export const kaleyraStatusSchema = z.looseObject({ status: z.unknown().optional(), message_id: z.unknown().optional() });

/** Meta Cloud API: `{object: "whatsapp_business_account", entry: [{id, changes: [{value, field}]}]}`. */
export const metaEnvelopeSchema = z.looseObject({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.looseObject({
      id: optionalText,
      changes: z.array(z.looseObject({ field: optionalText, value: z.unknown() })),
    }),
  ),
});

export type ContactCardInput = z.infer<typeof contactCardSchema>;
export type ContactsMessageInput = z.infer<typeof contactsMessageSchema>;
export type ChangeValueInput = z.infer<typeof changeValueSchema>;
export type ExtraInfoInput = z.infer<typeof extraInfoSchema>;
