import type { StoredAddress, StoredEmail, StoredPhone, StoredUrl } from "./contact-share";

/** Which provider's envelope a callback came in. */
export type Envelope = "kaleyra" | "meta";

/** What every envelope parser produces: the same shape whichever provider sent the callback. */
export type ParsedCallback = {
  envelope: Envelope;
  messages: NormalizedMessage[];
  /** Messages, changes and statuses that are not contact shares, with why they were ignored. */
  ignored: string[];
};

export type NormalizedMessage = {
  messageId: string;
  sentAt: Date | null;
  contextId: string | null;
  sender: { waId: string | null; userId: string | null; profileName: string | null };
  business: { displayPhoneNumber: string | null; phoneNumberId: string | null; wabaId: string | null };
  refs: { ref: string | null; ref1: string | null; ref2: string | null };
  replyTo: string | null;
  traceId: string | null;
  mediaUrl: string | null;
  cards: NormalizedCard[];
};

export type NormalizedCard = {
  name: {
    formatted: string | null;
    first: string | null;
    middle: string | null;
    last: string | null;
    prefix: string | null;
    suffix: string | null;
  };
  phones: StoredPhone[];
  emails: StoredEmail[];
  addresses: StoredAddress[];
  org: { company: string | null; department: string | null; title: string | null } | null;
  urls: StoredUrl[];
  birthday: string | null;
};
