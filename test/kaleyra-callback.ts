/** A Kaleyra contact-message callback around the given cards, with sensible defaults for the rest. */
export function kaleyraCallback(options: {
  messageId: string;
  cards: unknown[];
  from?: string;
  profileName?: string;
  timestamp?: string;
  extraInfo?: Record<string, unknown>;
  displayPhoneNumber?: string;
}) {
  const from = options.from ?? "919800000001";
  return {
    meta_object: {
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata: { display_phone_number: options.displayPhoneNumber ?? "918000000000", phone_number_id: "104600000000058" },
        contacts: [{ profile: { name: options.profileName ?? "Sam" }, wa_id: from }],
        messages: [{ from, id: options.messageId, timestamp: options.timestamp ?? "1763978400", type: "contacts", contacts: options.cards }],
      },
    },
    extra_info: { media_url: "", ref: "ref-a", ref1: "shoes campaign", ref2: "summer sale", reply_to: "r-1", trace_id: "t-1", waba_id: "347000000000069", ...options.extraInfo },
  };
}
