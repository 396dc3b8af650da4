import type { ContactShare } from "./contact-share";
import { digitsOf, foldForMatching, foldForSearch } from "./search-text";

/**
 * Deleting shares and what follows from it (the log's copies, tombstones, retention): the shapes
 * both engines read and write, and the pure rules they share.
 */

/** One card of one message: what a share is, in the provider's terms. */
export type CardRef = { messageId: string; position: number };

/**
 * Given a logged body and the cards to remove from it, the body without them, or null when the
 * body is to be dropped (no card of it remains, or it cannot be read). Pure; see lib/callbacks/redact-body.ts.
 */
export type BodyRedactor = (rawBody: string, cards: CardRef[]) => string | null;

/** What became of a logged body: cards taken out of it, dropped after a deletion, or cleared by retention. */
export const callbackRedactions = ["cards-removed", "body-dropped", "body-expired"] as const;
export type CallbackRedaction = (typeof callbackRedactions)[number];

/** What a log entry says about its body once it was changed. */
export const redactionNotes: Record<CallbackRedaction, string> = {
  "cards-removed": "redacted after deletion: the deleted card(s) were removed from the body",
  "body-dropped": "redacted after deletion: the body was dropped (nothing in it is kept any more)",
  "body-expired": "body cleared by retention (RAW_BODY_RETENTION_DAYS); the entry's metadata is kept",
};

export type DeleteSharesParams = {
  ids: number[];
  at: Date;
  /**
   * What to do with the logged bodies that hold the deleted cards: take the cards out (dropping a
   * body when no card of it remains), or drop those bodies outright (erasing a sender: their
   * identifiers are all over the envelope).
   */
  bodies: "remove-cards" | "drop";
  redactBody: BodyRedactor;
  /**
   * The search index's own copy of the text: removed in the same transaction ("now": SQLite FTS5
   * secure-delete, which costs some milliseconds per card on a large index; for single deletions
   * and erasures), or left to compactSearchIndexStep ("compact-later": the retention purge deletes
   * many at once and compacts the index afterwards). Either way the card is out of every search at once.
   */
  searchIndex: "now" | "compact-later";
};

export type DeletedShare = { id: number; callbackId: number; messageId: string; position: number };

export type DeleteSharesResult = {
  /** The shares this call deleted (an id already gone is not in it). */
  deleted: DeletedShare[];
  /** Log entries whose body was changed or dropped. */
  callbacksRedacted: number[];
  /** How long the write held the database (SQLite: its write lock; not the wait for it), for sizing the next batch. */
  heldMs: number;
};

/** What a CardDAV client syncing later learns: this share is gone. Ids and campaign values only, no personal data. */
export type ShareTombstone = {
  /** Increasing: a client asks for tombstones after the last id it saw. */
  id: number;
  shareId: number;
  messageId: string;
  position: number;
  ref: string | null;
  ref1: string | null;
  ref2: string | null;
  deletedAt: Date;
  /** PostgreSQL: the deleting transaction's id (xid8, as text); null on SQLite. */
  changeXid: string | null;
};

/**
 * A person to erase, normalized: a phone (matched on E.164 and on its digits), a card's wa_id, an
 * email, or the customer who sent shares (by wa_id or business-scoped user id).
 */
export type ErasureMatch =
  | { kind: "phone"; digits: string; e164: string | null }
  | { kind: "waId"; digits: string }
  /** Case- and form-folded (foldForSearch), as the search text keeps it. */
  | { kind: "email"; email: string }
  | { kind: "senderWaId"; value: string }
  | { kind: "senderUserId"; value: string };

export type ErasureKind = ErasureMatch["kind"];

/** Whether a stored share belongs to the person: the exact check behind the index lookup that found it. */
export function shareMatchesErasure(row: Pick<ContactShare, "phones" | "emails" | "senderWaId" | "senderUserId">, match: ErasureMatch): boolean {
  switch (match.kind) {
    case "phone": {
      const wanted = new Set([internationalDigits(match.digits), ...(match.e164 ? [digitsOf(match.e164)] : [])]);
      return row.phones.some(
        (phone) =>
          (match.e164 !== null && phone.e164 === match.e164) ||
          [phone.phone, phone.waId, phone.e164].some((value) => value !== null && wanted.has(internationalDigits(digitsOf(value)))),
      );
    }
    case "waId":
      return row.phones.some((phone) => [phone.waId, phone.e164].some((value) => value !== null && internationalDigits(digitsOf(value)) === internationalDigits(match.digits)));
    case "email":
      return row.emails.some((email) => email.email !== null && foldForSearch(email.email.trim()) === match.email);
    case "senderWaId":
      return row.senderWaId === match.value;
    case "senderUserId":
      return row.senderUserId === match.value;
  }
}

/**
 * Fragments every matching card's search text contains one of (lib/model/search-text.ts keeps phone
 * digits and folded emails there), so candidates come from the search index; null for a sender,
 * who is found by the sender columns instead. An email is looked for accent-folded, as texts are
 * kept, and also as texts stored before accent folding hold it until the fragment catch-up brings
 * them to it: an erasure never misses a card for the way its text was folded.
 */
export function searchFragmentsOfErasure(match: ErasureMatch): string[] | null {
  switch (match.kind) {
    case "phone":
      // A stored "0044…" keeps its zeros in the search text; "44…" is inside it either way.
      return [match.e164 ? digitsOf(match.e164) : internationalDigits(match.digits)];
    case "waId":
      return [internationalDigits(match.digits)];
    case "email":
      return [...new Set([foldForMatching(match.email), match.email])];
    default:
      return null;
  }
}

/** "0044…" and "44…" are the same international number. */
function internationalDigits(digits: string): string {
  return digits.replace(/^00/, "");
}

/**
 * Which logged bodies hold which of the cards being deleted: the entry that stored each card, the
 * redeliveries of its message, and (followed back) the entries those were re-processed from.
 * Engines fill it from their tables, then redact each body once with all its cards.
 */
export function bodyHoldersOf(deleted: DeletedShare[]): BodyHolders {
  const holders = new Map<number, Map<string, CardRef>>();
  const byMessage = new Map<string, CardRef[]>();
  const add = (callbackId: number, cards: CardRef[]) => {
    let held = holders.get(callbackId);
    if (!held) holders.set(callbackId, (held = new Map()));
    for (const card of cards) held.set(`${card.position}\u0000${card.messageId}`, card);
  };
  for (const share of deleted) {
    const card = { messageId: share.messageId, position: share.position };
    add(share.callbackId, [card]);
    byMessage.set(share.messageId, [...(byMessage.get(share.messageId) ?? []), card]);
  }
  return {
    messageIds: () => [...byMessage.keys()],
    callbackIds: () => [...holders.keys()],
    addRedelivery: (link) => add(link.callbackId, byMessage.get(link.messageId) ?? []),
    addReprocessedFrom: (link) => {
      const isNew = !holders.has(link.reprocessedFrom);
      add(link.reprocessedFrom, [...(holders.get(link.callbackId)?.values() ?? [])]);
      return isNew;
    },
    cardsOf: (callbackId) => [...(holders.get(callbackId)?.values() ?? [])],
  };
}

export type BodyHolders = {
  messageIds(): string[];
  callbackIds(): number[];
  /** An entry that holds a copy of one of the messages (redelivered_messages). */
  addRedelivery(link: { messageId: string; callbackId: number }): void;
  /** `callbackId` was re-processed from `reprocessedFrom`, whose body holds the same cards; true when that entry is new here. */
  addReprocessedFrom(link: { callbackId: number; reprocessedFrom: number }): boolean;
  cardsOf(callbackId: number): CardRef[];
};

/** How deep a chain of re-processing is followed back (each step is a person pressing Re-process). */
export const maxReprocessChain = 8;

/** What a body becomes: its new text (or null) and the note the entry gets; null when nothing changes. */
export function redactionOutcome(params: { rawBody: string; cards: CardRef[]; bodies: DeleteSharesParams["bodies"]; redactBody: BodyRedactor }): { rawBody: string | null; redaction: CallbackRedaction } | null {
  const next = params.bodies === "drop" ? null : params.redactBody(params.rawBody, params.cards);
  if (next === params.rawBody) return null;
  return { rawBody: next, redaction: next === null ? "body-dropped" : "cards-removed" };
}
