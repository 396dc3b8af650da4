import type { NormalizedCard, NormalizedMessage } from "./callback";
import type { NewContactShare } from "./contact-share";
import { digitsOf, foldForSearch } from "./search-text";

/** The stored row for one card of one message. */
export function toShareRow(message: NormalizedMessage, card: NormalizedCard, position: number, callbackId: number, receivedAt: Date): NewContactShare {
  return {
    callbackId,
    messageId: message.messageId,
    position,
    sortAt: message.sentAt ?? receivedAt,
    sentAt: message.sentAt,
    receivedAt,
    formattedName: card.name.formatted,
    firstName: card.name.first,
    middleName: card.name.middle,
    lastName: card.name.last,
    namePrefix: card.name.prefix,
    nameSuffix: card.name.suffix,
    sortName: foldForSearch(displayNameOf(card)),
    sortPhone: digitsOf(card.phones[0]?.phone ?? card.phones[0]?.waId ?? ""),
    phones: card.phones,
    emails: card.emails,
    addresses: card.addresses,
    urls: card.urls,
    orgCompany: card.org?.company ?? null,
    orgDepartment: card.org?.department ?? null,
    orgTitle: card.org?.title ?? null,
    birthday: card.birthday,
    senderWaId: message.sender.waId,
    senderUserId: message.sender.userId,
    senderProfileName: message.sender.profileName,
    businessPhoneNumber: message.business.displayPhoneNumber,
    businessPhoneNumberId: message.business.phoneNumberId,
    wabaId: message.business.wabaId,
    ref: message.refs.ref,
    ref1: message.refs.ref1,
    ref2: message.refs.ref2,
    contextId: message.contextId,
    replyTo: message.replyTo,
    traceId: message.traceId,
    mediaUrl: message.mediaUrl,
  };
}

/** The name to show and sort by: formatted_name, else the name parts, else the org, else a phone or email. */
export function displayNameOf(card: Pick<NormalizedCard, "name" | "phones" | "emails" | "org">): string {
  const { name } = card;
  const fromParts = [name.prefix, name.first, name.middle, name.last, name.suffix].filter(Boolean).join(" ");
  return name.formatted ?? (fromParts || card.org?.company || card.phones[0]?.phone || card.emails[0]?.email || "");
}
