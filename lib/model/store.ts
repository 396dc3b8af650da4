import type { Agent, ApiToken, CreateAgentParams, ReserveAttemptParams, ReserveAttemptResult } from "./accounts";
import type { AppPassword, DavBook, DavCursorCheck, DavPage, DavRemoval, DavSyncPoint, LiveAppPassword } from "./carddav";
import type { AuditEvent, ListAuditEventsParams, NewAuditEvent } from "./audit";
import type { Callback, CallbackSummary, IngestCallbackParams, IngestResult, ListCallbacksParams, RecordRejectedCallbackParams } from "./callback-log";
import type { CampaignCount, ContactFilterSet, FacetValue, ListContactsParams } from "./contact-query";
import type { ContactShare } from "./contact-share";
import type { CampaignBucket, CampaignPeopleCount, CampaignRangeParams } from "./campaign-counters";
import type { FragmentCards, FragmentHorizon, RefoldedSearchText } from "./search-fragments";
import type { CardRef, DeleteSharesParams, DeleteSharesResult, ErasureMatch, ShareTombstone } from "./lifecycle";

/**
 * The one boundary between the app and its storage: every read and write, as plain typed async
 * functions. Each engine (db/sqlite, db/postgres) implements all of it; callers never learn which
 * one runs. Failures a retry can cure surface as StorageUnavailableError.
 */
export type Store = CallbackStore & ContactStore & SearchFragmentStore & CampaignStore & AccountStore & LifecycleStore & AuditStore & CardDavStore & {
  readonly engine: "sqlite" | "postgres";
  /** Where the data lives, for the start-up log (never a password). */
  readonly location: string;
  /**
   * A bulk import (benchmark data): `load` is handed an ingest function for batches. Durability per
   * batch may be relaxed while it runs (a failed import is rebuilt, not resumed); statistics are refreshed after.
   */
  bulkLoad(load: (ingest: (batch: IngestCallbackParams[]) => Promise<IngestResult[]>) => Promise<void>): Promise<void>;
  /** Resolves when the database answers; throws StorageUnavailableError when it does not. */
  checkHealth(): Promise<void>;
  /** The benchmark's ingest floor: one insert on the same connection or pool, nothing else. */
  insertBenchFloorRow(params: { messageId: string; body: string }): Promise<void>;
  /**
   * A consistent copy of the whole database in `file`, taken while writes go on, checked with
   * integrity_check (SQLite: VACUUM INTO). PostgreSQL answers `pg_dump`: its own tool does this better.
   */
  backupTo(params: { file: string }): Promise<BackupResult>;
  close(): Promise<void>;
};

export type BackupResult =
  | { ok: true; file: string; bytes: number; integrity: "ok"; rows: { contactShares: number; callbacks: number; auditEvents: number } }
  | { ok: false; reason: string };

export type CallbackStore = {
  /**
   * Stores a parsed callback and its log entry atomically; a card already stored (same message id
   * and position) is skipped, so redeliveries store nothing twice. Resolves only once committed.
   */
  ingestCallback(params: IngestCallbackParams): Promise<IngestResult>;
  /** Many callbacks at once, in one transaction. */
  ingestCallbackBatch(batch: IngestCallbackParams[]): Promise<IngestResult[]>;
  /** Logs a refused callback; answers its log id. */
  recordRejectedCallback(params: RecordRejectedCallbackParams): Promise<number>;
  /** The callback log, newest first, paged by id. */
  listCallbacks(params: ListCallbacksParams): Promise<CallbackSummary[]>;
  getCallbackById(params: { id: number }): Promise<Callback | null>;
  countRejectedCallbacksSince(params: { since: Date }): Promise<number>;
};

export type ContactStore = {
  /** One page of contacts matching the filters, in the requested order. */
  listContacts(params: ListContactsParams): Promise<ContactShare[]>;
  /** How many contacts match; a search (`q`) counts up to searchCountCap + 1, meaning "more". */
  countContacts(params: ContactFilterSet): Promise<number>;
  /** Every match, newest first, a batch at a time (each its own short query): for exports. */
  iterateContactBatches(params: ContactFilterSet & { batchSize: number }): AsyncIterable<ContactShare[]>;
  /** Matches with an id above `afterId` (ids only grow): the live "N new" notice. */
  countContactsAfter(params: ContactFilterSet & { afterId: number }): Promise<number>;
  /** The newest contact id, or 0. */
  getLatestContactId(): Promise<number>;
  getContactById(params: { id: number }): Promise<ContactShare | null>;
  /** The contact with the raw body of the callback that brought it. */
  getContactWithRawById(params: { id: number }): Promise<{ contact: ContactShare; rawBody: string | null } | null>;
  /** Every card of one message, in the order they were shared. */
  listContactsOfMessage(params: { messageId: string }): Promise<ContactShare[]>;
  /** Distinct ref values with how many cards carry each, most first. */
  listCampaigns(): Promise<CampaignCount[]>;
  /** The most used campaign values, senders (with their profile name) or business numbers, with counts, most first. */
  listFacetValues(params: { facet: "campaign" | "sender" | "business"; limit: number }): Promise<FacetValue[]>;
};

/** Campaign insight, from the campaign counters kept on write (lib/model/campaign-counters.ts); never reads the cards. */
export type CampaignStore = {
  /**
   * Shares per bucket of `step` days (counted from fromDay) and value of one field over days
   * [fromDay, toDay] ("" = no value in the field), with each bucket's first and last day that had one.
   */
  listCampaignBuckets(params: CampaignRangeParams & { step: number }): Promise<CampaignBucket[]>;
  /** Distinct senders and contacts of each of `values` over days [fromDay, toDay], exact (one range of counters per value). */
  countCampaignPeople(params: CampaignRangeParams & { values: string[] }): Promise<CampaignPeopleCount[]>;
  /**
   * How often one person (a contactKeyOf key) was shared, and by how many senders: shares from the
   * person counter; senders counted over the newest `senderScan` shares (`sendersExact` false when there are more).
   */
  countPersonShares(params: { key: string; senderScan: number }): Promise<{ shares: number; senders: number; sendersExact: boolean }>;
};

/** Deleting shares, and everything retention and erasure need around that. */
/** The fragment vocabulary behind 1–2 character searches (lib/model/search-fragments.ts). */
export type SearchFragmentStore = {
  /** Cards' search texts with ids in (afterId, throughId], by id, at most `limit`. */
  listSearchTextsBetween(params: { afterId: number; throughId: number; limit: number }): Promise<{ shareId: number; text: string }[]>;
  /**
   * Adds fragments with the cards holding them to the vocabulary and moves its cursor
   * (searchFragmentsThroughKey) up to `throughId`, never back, in one transaction: every card up to
   * the cursor has its fragments in. A fragment recorded for more than `maxCards` cards in all becomes
   * common: no more card ids are kept for it (those kept stay until their cards go). A `horizon` given
   * is stored too (searchFragmentsHorizonKey). False when the database was busy with another writer
   * (SQLite): nothing recorded, try later.
   */
  recordSearchFragments(params: { fragments: FragmentCards[]; throughId: number; maxCards: number; horizon?: FragmentHorizon }): Promise<boolean>;
  /** The fragments that are common (a fragment never stops being common): a catch-up need not send them. */
  listCommonSearchFragments(): Promise<string[]>;
  /**
   * Rewrites cards' search texts (`from`, as read) in the current folding (`to`), each only while it
   * still reads `from`, and takes each card off the lists of the fragments only its old text held
   * (`unlisted`), in one transaction: the search index follows. False when the database was busy
   * with another writer (SQLite): nothing rewritten, try later.
   */
  refoldSearchTexts(params: { texts: RefoldedSearchText[] }): Promise<boolean>;
};

export type LifecycleStore = {
  /**
   * Deletes shares atomically with everything that finds or counts them (search text and index,
   * facet rows, counters, daily counts), writes a tombstone for each, and redacts every logged body
   * holding them (the entry that stored it, redeliveries, the entry it was re-processed from).
   * Ids already gone are skipped; callers batch (a few hundred ids keep the write short).
   */
  deleteShares(params: DeleteSharesParams): Promise<DeleteSharesResult>;
  /** Every share belonging to the person, by the search index or sender columns, checked exactly. */
  findShareIdsToErase(params: { match: ErasureMatch }): Promise<number[]>;
  /** How many shares were received before `before` (the retention cutoff). */
  countSharesReceivedBefore(params: { before: Date }): Promise<number>;
  /** The oldest arrivals received before `before`, up to `limit` ids. */
  listShareIdsReceivedBefore(params: { before: Date; limit: number }): Promise<number[]>;
  /**
   * Drops the bodies of log entries with these outcomes for which `mentions` is true: bodies no
   * share was stored from (rejected, ignored) that may still name a deleted card's message or an
   * erased sender. Reads them a page at a time. Answers the entries changed.
   */
  dropUnlinkedBodiesWhere(params: { outcomes: ("rejected" | "ignored")[]; mentions: (rawBody: string) => boolean; at: Date }): Promise<number[]>;
  /** Clears up to `limit` bodies received before `before` (only entries with these outcomes, when given), keeping the entries. Answers how many, and how long the write held the database. */
  clearRawBodiesReceivedBefore(params: { before: Date; limit: number; at: Date; outcomes?: ("stored" | "duplicate" | "ignored" | "rejected")[] }): Promise<{ cleared: number; heldMs: number }>;
  /**
   * Rewrites the log bodies with ids after `afterId` and at most `throughId` (up to `limit` entries) in the engine's current
   * stored form, text unchanged: SQLite compresses bodies written as plain TEXT before it compressed
   * them; PostgreSQL keeps text and has nothing to do. Answers the last id looked at (null: none
   * left), how many were rewritten, and how long the write held the database.
   */
  recompressRawBodies(params: { afterId: number; throughId: number; limit: number }): Promise<{ lastId: number | null; rewritten: number; heldMs: number }>;
  /** Tombstones after `afterId`, oldest first: for clients that sync (CardDAV). */
  listShareTombstones(params: { afterId: number; limit: number }): Promise<ShareTombstone[]>;
  /** Which of these cards were deleted (their tombstone still kept). */
  findTombstonedCards(params: { cards: CardRef[] }): Promise<CardRef[]>;
  deleteTombstonesBefore(params: { before: Date; limit: number }): Promise<number>;
  /** Log entries of callbacks refused as unauthenticated (401, no body, nothing stored) received before `before`, oldest first, at most `limit`. */
  deleteUnauthenticatedCallbacksBefore(params: { before: Date; limit: number }): Promise<number>;
  /**
   * One bounded step of compacting the search index (about `pages` pages of work), so that entries
   * of deleted cards left behind by "compact-later" deletions are gone from the file: SQLite merges
   * FTS5 segments (a deleted entry disappears when the segments holding it are merged; the `first`
   * step puts every segment into one merge, the next ones carry that merge on); PostgreSQL
   * has nothing to do here (its GIN index drops dead entries at vacuum). `worked`: false when there
   * was nothing left to merge. `segmentsAfter`: the segments right after the merge, read in the same
   * write, before any callback can write a segment under an id the merge freed.
   */
  compactSearchIndexStep(params: { pages: number; first: boolean }): Promise<{ worked: boolean; heldMs: number; segmentsAfter: number[] }>;
  /**
   * The search index's segments (SQLite FTS5 segment ids; none on PostgreSQL): compaction is done
   * with the deleted entries once every segment that existed when it started has been merged away.
   */
  listSearchIndexSegments(): Promise<number[]>;
  /**
   * Whether writers merge the search index's small segments as they go (SQLite FTS5's automerge; on
   * by default). Compaction turns it off while it runs: FTS5 carries on the merge in progress on the
   * lowest level, so the small merges that callbacks start would take every compaction step.
   * Nothing to do on PostgreSQL.
   */
  setSearchIndexAutomerge(params: { on: boolean }): Promise<void>;
  /**
   * Runs `work` unless another process or instance is purging: PostgreSQL's advisory try-lock, a
   * lease row on SQLite. Never waits for the other.
   */
  withPurgeLock<T>(work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
};

/**
 * What the CardDAV address books read (lib/carddav), and the app passwords their clients sign in
 * with. Sync cursors are the engine's own, commit-ordered: everything committed after a cursor was
 * handed out is found with it, however late a concurrent writer commits.
 */
export type CardDavStore = {
  /** The current cursor over shares and deletions, and the database's epoch (created on first use). Unchanged while nothing is stored or deleted. */
  getDavSyncPoint(): Promise<DavSyncPoint>;
  /** Whether changes since `cursor` can still be listed: tombstones after it purged → `expired`; a cursor this database never handed out → `invalid`. */
  checkDavCursor(params: { cursor: string }): Promise<DavCursorCheck>;
  /**
   * A book's members, one page at a time (`after`: the previous page's `next`), in an order of the
   * engine's choosing; with `since`, only those stored after that cursor. Only shares stored up to
   * `until` (a cursor read earlier): a listing streamed in pages describes one moment.
   */
  listDavShares(params: { book: DavBook; since: string | null; until: string; after: string | null; limit: number }): Promise<DavPage<ContactShare>>;
  /** The same listing as listDavShares, ids only (a listing that needs no card's content: hrefs and ETags). */
  listDavShareIds(params: { book: DavBook; since: string | null; until: string; after: string | null; limit: number }): Promise<DavPage<number>>;
  /** Members of a book deleted after `since` (up to `until`), a page at a time. */
  listDavRemovals(params: { book: DavBook; since: string; until: string; after: string | null; limit: number }): Promise<DavPage<DavRemoval>>;
  /** The shares with these ids that are in the book (any order; missing ones left out). */
  getDavShares(params: { book: DavBook; ids: number[] }): Promise<ContactShare[]>;

  insertAppPassword(params: Omit<AppPassword, "id" | "lastUsedAt" | "revokedAt">): Promise<AppPassword>;
  /** The agent's app passwords, revoked ones too, newest first. */
  listAppPasswords(params: { agentId: number }): Promise<AppPassword[]>;
  /** Revokes one of the agent's passwords; false when it is not theirs or already revoked. */
  revokeAppPassword(params: { id: number; agentId: number; at: Date }): Promise<boolean>;
  /** A password that works (not revoked) with its agent (disabled agents included: the caller refuses them). Notes its use, at most once a minute. */
  findLiveAppPassword(params: { secretHash: string; now: Date }): Promise<LiveAppPassword | null>;
};

/** The audit trail: appended to, read, and cut by its retention only. */
export type AuditStore = {
  appendAuditEvent(event: NewAuditEvent): Promise<AuditEvent>;
  /** Newest first, paged by id. */
  listAuditEvents(params: ListAuditEventsParams): Promise<AuditEvent[]>;
  /** Deletes up to `limit` entries older than `before` (the retention purge; entries younger than a day are refused by the database). */
  deleteAuditEventsBefore(params: { before: Date; limit: number }): Promise<number>;
};

export type AccountStore = {
  createAgent(params: CreateAgentParams): Promise<Agent>;
  /** Creates the first admin only while no agent exists, race-safe (across processes and instances): null when one exists. */
  createFirstAdmin(params: Omit<CreateAgentParams, "isAdmin">): Promise<Agent | null>;
  countAgents(): Promise<number>;
  findAgentByEmail(params: { email: string }): Promise<Agent | null>;
  getAgentById(params: { id: number }): Promise<Agent | null>;
  listAgents(): Promise<Agent[]>;
  /** Disabling an agent ends every session they have, at once. */
  setAgentDisabled(params: { id: number; disabled: boolean }): Promise<void>;
  /** A new password ends the agent's sessions. */
  setAgentPassword(params: { id: number; passwordHash: string }): Promise<void>;

  /** Stores a session by the hash of its token (the token itself lives only in the cookie). Sweeps expired sessions. */
  insertSession(params: { tokenHash: string; agentId: number; createdAt: Date; expiresAt: Date }): Promise<void>;
  /** The agent behind a live session, unless disabled. */
  getSessionAgent(params: { tokenHash: string; now: Date }): Promise<Agent | null>;
  deleteSession(params: { tokenHash: string }): Promise<void>;
  /** The agent's live sessions other than the one given (the browser asking). */
  countOtherSessions(params: { agentId: number; exceptTokenHash: string; now: Date }): Promise<number>;
  /** Ends every session of the agent but the one given; how many there were (expired ones included). */
  deleteOtherSessions(params: { agentId: number; exceptTokenHash: string }): Promise<number>;

  insertApiToken(params: Omit<ApiToken, "id" | "lastUsedAt" | "revokedAt">): Promise<ApiToken>;
  /** A token that works: not revoked, not expired, its creator (if an agent) not disabled. Notes its use (at most once a minute). */
  findLiveApiToken(params: { tokenHash: string; now: Date }): Promise<ApiToken | null>;
  listApiTokens(): Promise<ApiToken[]>;
  revokeApiToken(params: { id: number }): Promise<boolean>;

  /**
   * Counts an attempt as a failure before its slow check, atomically (across processes and
   * instances), refusing when any key is at its limit. See lib/auth/sign-in.ts.
   */
  reserveAttempt(params: ReserveAttemptParams): Promise<ReserveAttemptResult>;
  /** Takes back the failures an attempt reserved: it succeeded. */
  forgetAttempt(params: { attemptIds: number[] }): Promise<void>;
  clearSignInFailures(params: { key: string }): Promise<void>;
  /** Records failures directly (tests, imports). */
  recordSignInFailure(params: { keys: string[]; at: Date }): Promise<void>;

  getSetting(params: { key: string }): Promise<string | null>;
  putSetting(params: { key: string; value: string }): Promise<void>;
};
