import type { Agent, ApiToken, CreateAgentParams, ReserveAttemptParams, ReserveAttemptResult } from "./accounts";
import type { Callback, CallbackSummary, IngestCallbackParams, IngestResult, ListCallbacksParams, RecordRejectedCallbackParams } from "./callback-log";
import type { CampaignCount, ContactFilterSet, FacetValue, ListContactsParams } from "./contact-query";
import type { ContactShare } from "./contact-share";

/**
 * The one boundary between the app and its storage: every read and write, as plain typed async
 * functions. Each engine (db/sqlite, db/postgres) implements all of it; callers never learn which
 * one runs. Failures a retry can cure surface as StorageUnavailableError.
 */
export type Store = CallbackStore & ContactStore & AccountStore & {
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
  close(): Promise<void>;
};

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
