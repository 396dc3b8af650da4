import { toE164 } from "@/lib/phones";
import type { ContactCardInput } from "./schema";
import type { NormalizedCard } from "@/lib/model/callback";

/** Maps one shared card from the provider's snake_case to the stored shape, keeping every known field. */
export function normalizeContactCard(card: ContactCardInput): NormalizedCard {
  const name = card.name;
  return {
    name: {
      formatted: name?.formatted_name ?? null,
      first: name?.first_name ?? null,
      middle: name?.middle_name ?? null,
      last: name?.last_name ?? null,
      prefix: name?.prefix ?? null,
      suffix: name?.suffix ?? null,
    },
    phones: card.phones.map((phone) => ({
      phone: phone.phone,
      waId: phone.wa_id,
      type: phone.type,
      e164: toE164(phone.phone, phone.wa_id),
    })),
    emails: card.emails.map((email) => ({ email: email.email, type: email.type })),
    addresses: card.addresses.map((address) => ({
      street: address.street,
      city: address.city,
      state: address.state,
      zip: address.zip,
      country: address.country,
      countryCode: address.country_code,
      type: address.type,
    })),
    org:
      card.org && (card.org.company || card.org.department || card.org.title)
        ? { company: card.org.company, department: card.org.department, title: card.org.title }
        : null,
    urls: card.urls.map((url) => ({ url: url.url, type: url.type })),
    birthday: card.birthday,
  };
}
