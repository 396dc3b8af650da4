import type { ContactItem } from "@/lib/contacts/contact-item";

/** A contact with nothing shared: renderer tests start from it and add what they test. */
export const emptyContact: ContactItem = {
  id: 7,
  messageId: "wamid.minimal",
  position: 0,
  sentAt: null,
  receivedAt: "2024-06-02T08:00:00.000Z",
  name: { formatted: null, first: null, middle: null, last: null, prefix: null, suffix: null },
  phones: [],
  emails: [],
  addresses: [],
  org: null,
  urls: [],
  birthday: null,
  sender: { waId: null, profileName: null, userId: null },
  business: { displayPhoneNumber: null, phoneNumberId: null, wabaId: null },
  refs: { ref: null, ref1: null, ref2: null },
  replyTo: null,
  contextId: null,
  traceId: null,
  mediaUrl: null,
};
