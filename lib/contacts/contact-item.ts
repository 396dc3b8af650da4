import type { ContactShare } from "@/lib/model/contact-share";

/** A contact share as the API and the pages present it. */
export type ContactItem = ReturnType<typeof toContactItem>;

export function toContactItem(row: ContactShare) {
  return {
    id: row.id,
    messageId: row.messageId,
    position: row.position,
    sentAt: row.sentAt?.toISOString() ?? null,
    receivedAt: row.receivedAt.toISOString(),
    name: {
      formatted: row.formattedName,
      first: row.firstName,
      middle: row.middleName,
      last: row.lastName,
      prefix: row.namePrefix,
      suffix: row.nameSuffix,
    },
    phones: row.phones,
    emails: row.emails,
    addresses: row.addresses,
    org: row.orgCompany || row.orgDepartment || row.orgTitle ? { company: row.orgCompany, department: row.orgDepartment, title: row.orgTitle } : null,
    urls: row.urls,
    birthday: row.birthday,
    sender: { waId: row.senderWaId, profileName: row.senderProfileName, userId: row.senderUserId },
    business: { displayPhoneNumber: row.businessPhoneNumber, phoneNumberId: row.businessPhoneNumberId, wabaId: row.wabaId },
    refs: { ref: row.ref, ref1: row.ref1, ref2: row.ref2 },
    replyTo: row.replyTo,
    contextId: row.contextId,
    traceId: row.traceId,
    mediaUrl: row.mediaUrl,
  };
}
