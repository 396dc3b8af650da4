import "server-only";
import { and, desc, eq, getTableColumns, gte, lt, sql } from "drizzle-orm";
import type { ParsedCallback } from "@/lib/callbacks/normalized";
import type Database from "better-sqlite3";
import { buildSearchText } from "@/lib/contacts/search-text";
import { toShareRow } from "@/lib/contacts/share-row";
import { insertShare } from "./share-writes";
import { classifyStorageError, StorageUnavailableError } from "@/lib/storage-errors";
import { getDb } from "../client";
import { callbacks, type Callback, type CallbackOutcome } from "../schema";

export type CallbackRequestInfo = {
  receivedAt: Date;
  rawBody: string | null;
  bodyBytes: number;
  contentType: string | null;
  startedAt: number;
};

export type IngestCallbackParams = CallbackRequestInfo & { parsed: ParsedCallback; reprocessedFrom?: number };

export type IngestResult = {
  callbackId: number;
  outcome: Extract<CallbackOutcome, "stored" | "duplicate" | "ignored">;
  sharesStored: number;
  sharesAlreadyStored: number;
  ignored: string[];
};

/**
 * Stores a parsed callback and its log entry in one IMMEDIATE transaction: the write lock is taken
 * up front, so concurrent deliveries queue on the busy timeout instead of failing with
 * SQLITE_BUSY_SNAPSHOT. A card already stored (same message id and position) is skipped, which
 * makes redelivery, even concurrent redelivery, store nothing twice.
 */
export function ingestCallback(params: IngestCallbackParams): IngestResult {
  return ingestCallbackBatch([params])[0]!;
}

type PendingCallback = { params: IngestCallbackParams; resolve: (result: IngestResult) => void; reject: (error: unknown) => void };

let pending: PendingCallback[] = [];
let flushScheduled = false;
/**
 * One group is at most this many callbacks, cards and body bytes (but always at least one callback):
 * the transaction holds the write lock, and a group of 64 maximal callbacks would hold it for seconds.
 */
const maxGroupSize = 64;
const maxGroupCards = 500;
const maxGroupBytes = 1024 * 1024;

/**
 * Group commit: callbacks that arrive together are stored in one IMMEDIATE transaction, so they
 * share one commit (and one fsync) instead of paying for one each. Every promise still resolves
 * only after its callback is committed: a 200 still means durably stored.
 */
export function ingestCallbackGrouped(params: IngestCallbackParams): Promise<IngestResult> {
  return new Promise((resolve, reject) => {
    pending.push({ params, resolve, reject });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushPending);
    }
  });
}

function flushPending(): void {
  const size = groupSizeFrom(pending);
  const group = pending.slice(0, size);
  pending = pending.slice(size);
  flushScheduled = pending.length > 0;
  if (flushScheduled) setImmediate(flushPending);
  try {
    const results = ingestCallbackBatch(group.map((entry) => entry.params));
    group.forEach((entry, index) => entry.resolve(results[index]!));
  } catch (error) {
    if (group.length === 1 || error instanceof StorageUnavailableError) {
      for (const entry of group) entry.reject(error);
      return;
    }
    // Something unexpected in one callback must not fail the others: store each on its own.
    for (const entry of group) {
      try {
        entry.resolve(ingestCallback(entry.params));
      } catch (single) {
        entry.reject(single);
      }
    }
  }
}

/** How many of the pending callbacks (from the front) fit in one group. */
function groupSizeFrom(queue: PendingCallback[]): number {
  let cards = 0;
  let bytes = 0;
  let size = 0;
  for (const entry of queue) {
    const entryCards = entry.params.parsed.messages.reduce((sum, message) => sum + message.cards.length, 0);
    if (size > 0 && (size >= maxGroupSize || cards + entryCards > maxGroupCards || bytes + entry.params.bodyBytes > maxGroupBytes)) break;
    cards += entryCards;
    bytes += entry.params.bodyBytes;
    size += 1;
  }
  return size;
}

/** Many callbacks in one transaction: group commit, imports, and generating benchmark data through the same code path. */
export function ingestCallbackBatch(batch: IngestCallbackParams[]): IngestResult[] {
  const sqlite = getDb().$client;
  try {
    return sqlite.transaction(() => batch.map((params) => storeCallback(sqlite, params))).immediate();
  } catch (error) {
    throw classifyStorageError(error);
  }
}

function storeCallback(sqlite: Database.Database, params: IngestCallbackParams): IngestResult {
  const log = logStatementsFor(sqlite);
  const { id: callbackId } = log.insert.get(
    params.receivedAt.getTime(),
    params.parsed.envelope,
    params.contentType,
    params.bodyBytes,
    params.rawBody,
    params.reprocessedFrom ?? null,
  ) as { id: number };

  let sharesStored = 0;
  let sharesAlreadyStored = 0;
  for (const message of params.parsed.messages) {
    message.cards.forEach((card, position) => {
      const row = toShareRow(message, card, position, callbackId, params.receivedAt);
      if (insertShare(sqlite, row, buildSearchText(card)) === null) sharesAlreadyStored += 1;
      else sharesStored += 1;
    });
  }

  const outcome = sharesStored > 0 ? "stored" : sharesAlreadyStored > 0 ? "duplicate" : "ignored";
  const reason = describeOutcome(outcome, sharesStored, sharesAlreadyStored, params.parsed.ignored);
  log.finish.run(outcome, reason, sharesStored, Math.round(performance.now() - params.startedAt), callbackId);
  return { callbackId, outcome, sharesStored, sharesAlreadyStored, ignored: params.parsed.ignored };
}

const logStatementsByConnection = new WeakMap<Database.Database, ReturnType<typeof prepareLogStatements>>();

function logStatementsFor(sqlite: Database.Database) {
  let statements = logStatementsByConnection.get(sqlite);
  if (!statements) {
    statements = prepareLogStatements(sqlite);
    logStatementsByConnection.set(sqlite, statements);
  }
  return statements;
}

function prepareLogStatements(sqlite: Database.Database) {
  return {
    insert: sqlite.prepare(
      `insert into callbacks (received_at, envelope, outcome, http_status, content_type, body_bytes, raw_body, reprocessed_from)
       values (?, ?, 'ignored', 200, ?, ?, ?, ?) returning id`,
    ),
    finish: sqlite.prepare("update callbacks set outcome = ?, reason = ?, shares_stored = ?, duration_ms = ? where id = ?"),
  };
}

export type RecordRejectedCallbackParams = CallbackRequestInfo & {
  envelope: Callback["envelope"];
  httpStatus: number;
  reason: string;
};

/** Logs a callback that was refused, so nothing sent to us is lost and it can be re-processed later. */
export function recordRejectedCallback(params: RecordRejectedCallbackParams): number {
  const db = getDb();
  try {
    return db
      .insert(callbacks)
      .values({
        ...logFields(params),
        envelope: params.envelope,
        outcome: "rejected",
        reason: params.reason,
        httpStatus: params.httpStatus,
        durationMs: Math.round(performance.now() - params.startedAt),
      })
      .returning({ id: callbacks.id })
      .get().id;
  } catch (error) {
    throw classifyStorageError(error);
  }
}

export type ListCallbacksParams = { outcome?: CallbackOutcome; before?: number; limit: number };

/** A log entry without its body: the start of the body and the start of the reason only, so a page of them stays small. */
export type CallbackSummary = Omit<Callback, "rawBody" | "reason"> & { bodyStart: string | null; reasonStart: string | null; reasonChars: number };

/** How much of each body and reason a summary carries. */
const summaryBodyChars = 4000;
const summaryReasonChars = 400;

/** The callback log, newest first, paged by id (keyset). */
export function listCallbacks(params: ListCallbacksParams): CallbackSummary[] {
  const conditions = [params.outcome ? eq(callbacks.outcome, params.outcome) : undefined, params.before ? lt(callbacks.id, params.before) : undefined];
  const { rawBody: _rawBody, reason: _reason, ...columns } = getTableColumns(callbacks);
  return getDb()
    .select({
      ...columns,
      bodyStart: sql<string | null>`substr(${callbacks.rawBody}, 1, ${summaryBodyChars})`,
      reasonStart: sql<string | null>`substr(${callbacks.reason}, 1, ${summaryReasonChars})`,
      reasonChars: sql<number>`coalesce(length(${callbacks.reason}), 0)`,
    })
    .from(callbacks)
    .where(and(...conditions))
    .orderBy(desc(callbacks.id))
    .limit(params.limit)
    .all();
}

export function getCallbackById(params: { id: number }): Callback | null {
  return getDb().select().from(callbacks).where(eq(callbacks.id, params.id)).get() ?? null;
}

export function countRejectedCallbacksSince(params: { since: Date }): number {
  const row = getDb()
    .select({ count: sql<number>`count(*)` })
    .from(callbacks)
    .where(and(eq(callbacks.outcome, "rejected"), gte(callbacks.receivedAt, params.since)))
    .get();
  return row?.count ?? 0;
}

function logFields(params: CallbackRequestInfo) {
  return { receivedAt: params.receivedAt, rawBody: params.rawBody, bodyBytes: params.bodyBytes, contentType: params.contentType };
}

function describeOutcome(outcome: IngestResult["outcome"], stored: number, already: number, ignored: string[]): string | null {
  const parts: string[] = [];
  // A plain "stored" needs no words (shares_stored says how many); the log stays small at a million rows.
  if (stored && !already && !ignored.length) return null;
  if (stored) parts.push(`${stored} contact share(s) stored`);
  if (already) parts.push(`${already} already stored (redelivery)`);
  if (ignored.length) parts.push(`ignored: ${ignored.join(", ")}`);
  return parts.length ? parts.join("; ") : outcome === "ignored" ? "nothing to store" : null;
}
