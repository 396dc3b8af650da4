import type { Agent } from "./accounts";
import type { ContactShare } from "./contact-share";

/**
 * What the CardDAV address books read from the store, and the app passwords CardDAV clients sign
 * in with. The shapes both engines answer; the protocol itself lives in lib/carddav.
 */

/** An address book: every share, or the shares whose ref, ref1 or ref2 is one campaign value. */
export type DavBook = { kind: "all" } | { kind: "campaign"; value: string };

/**
 * Where the shares and their deletions stood when it was read, as the engine's commit-ordered
 * cursor (text, opaque outside db/): every change committed after it is found by listDavChanges
 * with it as `since`. `epoch` names the database (a token from another one is refused).
 */
export type DavSyncPoint = { epoch: string; cursor: string };

/** Whether changes since a cursor can still be told: `expired` when tombstones after it were purged; `invalid` for a cursor this database never handed out. */
export type DavCursorCheck = "ok" | "expired" | "invalid";

/** A removed member, from its tombstone. */
export type DavRemoval = { tombstoneId: number; shareId: number };

/** One page of a listing, and where the next one starts (null: that was the last). Page keys are opaque outside db/. */
export type DavPage<T> = { rows: T[]; next: string | null };

/** A password for CardDAV clients (which cannot use the sign-in form): shown once, stored as a SHA-256 of its secret, revocable. */
export type AppPassword = {
  id: number;
  agentId: number;
  /** What the agent called it ("iPhone", "Thunderbird at home"). */
  name: string;
  secretHash: string;
  /** The first characters of the password, so the agent can tell them apart. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export type LiveAppPassword = { appPassword: AppPassword; agent: Agent };

/** Whether a share belongs to a book: every share is in "all"; a campaign book holds the shares with the value in ref, ref1 or ref2. */
export function inBook(book: DavBook, row: Pick<ContactShare, "ref" | "ref1" | "ref2">): boolean {
  return book.kind === "all" || row.ref === book.value || row.ref1 === book.value || row.ref2 === book.value;
}

/** settings keys: the database's CardDAV epoch, and the newest tombstone cursor (SQLite: id; PostgreSQL: xid) the retention purge deleted. */
export const davEpochKey = "carddav.epoch";
export const tombstonesPurgedThroughKey = "carddav.tombstones_purged_through";
