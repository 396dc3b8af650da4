import type { StoredAddress, StoredEmail, StoredPhone, StoredUrl } from "@/db/schema";

/** What every envelope parser produces: the same shape whichever provider sent the callback. */
export type ParsedCallback = {
  envelope: Envelope;
  messages: NormalizedMessage[];
  /** Messages, changes and statuses that are not contact shares, with why they were ignored. */
  ignored: string[];
};

export type Envelope = "kaleyra" | "meta";

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

/** Kaleyra's extra_info, or what Meta's envelope offers in its place (only the WABA id). */
export type MessageExtras = {
  wabaId: string | null;
  refs: NormalizedMessage["refs"];
  replyTo: string | null;
  traceId: string | null;
  mediaUrl: string | null;
};

/** What was wrong with an input, and where. `exceedsLimit`: the value is past a documented limit (answered 413). */
export type InputIssue = { path: string; message: string; exceedsLimit?: boolean };

export type ParseResult = { ok: true; callback: ParsedCallback } | { ok: false; error: string; issues: InputIssue[] };
