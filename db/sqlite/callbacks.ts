import "server-only";
import { and, desc, eq, getTableColumns, gte, lt, sql } from "drizzle-orm";
import type Database from "better-sqlite3";
import { describeIngestOutcome, ingestOutcomeOf, type IngestCallbackParams, type IngestResult } from "@/lib/model/callback-log";
import { buildSearchText } from "@/lib/model/search-text";
import { toShareRow } from "@/lib/model/share-row";
import { isStorageUnavailable } from "@/lib/model/storage-errors";
import type { CallbackStore } from "@/lib/model/store";
import type { SqliteDb } from "./client";
import { callbacks } from "./schema";
import { insertShare } from "./share-writes";
import { classifySqliteError, guarded, isLockBusy } from "./storage-errors";
import { encodeStoredBody, previewStoredBody, storedPrefixBytes } from "./stored-body";

/**
 * One group is at most this many callbacks, cards and body bytes (but always at least one callback):
 * the transaction holds the write lock, and a group of 64 maximal callbacks would hold it for seconds.
 */
const maxGroupSize = 64;
const maxGroupCards = 500;
const maxGroupBytes = 1024 * 1024;

/** How much of each body and reason a log summary carries. */
const summaryBodyChars = 4000;
const summaryReasonChars = 400;

type PendingCallback = { params: IngestCallbackParams; queuedAt: number; resolve: (result: IngestResult) => void; reject: (error: unknown) => void };

/** How often a group waiting for another connection's write lock tries again (the event loop stays free meanwhile). */
const lockRetryMs = 2;

/** The callback log and the ingest path, on one SQLite connection. */
export function sqliteCallbackStore(db: SqliteDb): CallbackStore {
  const sqlite = db.$client;
  const log = prepareLogStatements(sqlite);
  // The inbox shows this count on every page.
  const rejectedSince = db
    .select({ count: sql<number>`count(*)` })
    .from(callbacks)
    .where(and(eq(callbacks.outcome, "rejected"), gte(callbacks.receivedAt, sql.placeholder("sinceMs"))))
    .prepare();
  let pending: PendingCallback[] = [];
  let flushScheduled = false;
  // How long a callback may wait for the write lock (SQLITE_BUSY_TIMEOUT_MS) before it is answered 503.
  const busyTimeoutMs = Number(sqlite.pragma("busy_timeout", { simple: true }));
  const transactionStatements = { begin: sqlite.prepare("BEGIN IMMEDIATE"), commit: sqlite.prepare("COMMIT"), rollback: sqlite.prepare("ROLLBACK") };

  /**
   * Stores callbacks and their log entries in one IMMEDIATE transaction: the write lock is taken up
   * front, so concurrent writers queue on the busy timeout instead of failing with SQLITE_BUSY_SNAPSHOT.
   */
  function ingestBatch(batch: IngestCallbackParams[]): IngestResult[] {
    return guarded(() => sqlite.transaction(() => batch.map(storeCallback)).immediate());
  }

  function storeCallback(params: IngestCallbackParams): IngestResult {
    const { id: callbackId } = log.insert.get(params.receivedAt.getTime(), params.parsed.envelope, params.contentType, params.bodyBytes, encodeStoredBody(params.rawBody), params.reprocessedFrom ?? null) as { id: number };
    let sharesStored = 0;
    let sharesAlreadyStored = 0;
    for (const message of params.parsed.messages) {
      message.cards.forEach((card, position) => {
        const row = toShareRow(message, card, position, callbackId, params.receivedAt);
        if (insertShare(sqlite, row, buildSearchText(card)) === null) {
          sharesAlreadyStored += 1;
          // This body holds a copy of a card another entry stored: deleting that card must redact it here too.
          log.noteRedelivery.run(message.messageId, callbackId);
        } else sharesStored += 1;
      });
    }
    const outcome = ingestOutcomeOf(sharesStored, sharesAlreadyStored);
    const reason = describeIngestOutcome(outcome, sharesStored, sharesAlreadyStored, params.parsed.ignored);
    log.finish.run(outcome, reason, sharesStored, Math.round(performance.now() - params.startedAt), callbackId);
    return { callbackId, outcome, sharesStored, sharesAlreadyStored, ignored: params.parsed.ignored };
  }

  /**
   * Takes the write lock at once (null), or answers SQLite's busy error while another connection (the
   * purge, a backup, another process) holds it. Not SQLite's busy wait: that would block the event loop, and its
   * back-off (up to 100 ms between looks) can keep missing the short gaps a batched writer leaves.
   */
  function tryBeginImmediate(): unknown {
    sqlite.pragma("busy_timeout = 0");
    try {
      transactionStatements.begin.run();
      return null;
    } catch (error) {
      if (isLockBusy(error)) return error;
      throw error;
    } finally {
      sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
  }

  /** Stores a group in the transaction tryBeginImmediate() opened, and commits it (or rolls it back). */
  function storeGroup(batch: IngestCallbackParams[]): IngestResult[] {
    try {
      const results = batch.map(storeCallback);
      transactionStatements.commit.run();
      return results;
    } catch (error) {
      if (sqlite.inTransaction) transactionStatements.rollback.run();
      throw error;
    }
  }

  /**
   * Group commit: callbacks that arrive together are stored in one transaction, so they share one
   * commit (and one fsync) instead of paying for one each. Every promise still resolves only after
   * its callback is committed: a 200 still means durably stored. While another connection holds the
   * write lock, the group waits (callbacks arriving meanwhile join it) and tries again every few ms;
   * a callback that waited SQLITE_BUSY_TIMEOUT_MS is answered "locked" (503).
   */
  function flushPending(): void {
    flushScheduled = false;
    if (pending.length === 0) return;
    let busy: unknown;
    try {
      busy = guarded(tryBeginImmediate);
    } catch (error) {
      rejectAll(pending.splice(0), error);
      return;
    }
    if (busy) {
      const now = performance.now();
      const expired = pending.filter((entry) => now - entry.queuedAt >= busyTimeoutMs);
      pending = pending.filter((entry) => now - entry.queuedAt < busyTimeoutMs);
      if (expired.length) rejectAll(expired, classifySqliteError(busy));
      if (pending.length) schedule(lockRetryMs);
      return;
    }
    const group = pending.splice(0, groupSizeFrom(pending));
    if (pending.length) schedule(0);
    try {
      const results = guarded(() => storeGroup(group.map((entry) => entry.params)));
      group.forEach((entry, index) => entry.resolve(results[index]!));
    } catch (error) {
      if (group.length === 1 || isStorageUnavailable(error)) {
        rejectAll(group, error);
        return;
      }
      // Something unexpected in one callback must not fail the others: store each on its own.
      for (const entry of group) {
        try {
          entry.resolve(ingestBatch([entry.params])[0]!);
        } catch (single) {
          entry.reject(single);
        }
      }
    }
  }

  function schedule(delayMs: number): void {
    if (flushScheduled) return;
    flushScheduled = true;
    if (delayMs === 0) setImmediate(flushPending);
    else setTimeout(flushPending, delayMs);
  }

  return {
    ingestCallback(params) {
      return new Promise((resolve, reject) => {
        pending.push({ params, queuedAt: performance.now(), resolve, reject });
        schedule(0);
      });
    },

    async ingestCallbackBatch(batch) {
      return ingestBatch(batch);
    },

    async recordRejectedCallback(params) {
      return guarded(
        () =>
          db
            .insert(callbacks)
            .values({
              receivedAt: params.receivedAt,
              rawBody: params.rawBody,
              bodyBytes: params.bodyBytes,
              contentType: params.contentType,
              envelope: params.envelope,
              outcome: "rejected",
              reason: params.reason,
              httpStatus: params.httpStatus,
              durationMs: Math.round(performance.now() - params.startedAt),
            })
            .returning({ id: callbacks.id })
            .get().id,
      );
    },

    async listCallbacks(params) {
      const conditions = [params.outcome ? eq(callbacks.outcome, params.outcome) : undefined, params.before ? lt(callbacks.id, params.before) : undefined];
      const { rawBody: _rawBody, reason: _reason, ...columns } = getTableColumns(callbacks);
      return guarded(() =>
        db
          .select({
            ...columns,
            bodyStart: sql<unknown>`substr(${callbacks.rawBody}, 1, ${storedPrefixBytes(summaryBodyChars)})`,
            reasonStart: sql<string | null>`substr(${callbacks.reason}, 1, ${summaryReasonChars})`,
            reasonChars: sql<number>`coalesce(length(${callbacks.reason}), 0)`,
          })
          .from(callbacks)
          .where(and(...conditions))
          .orderBy(desc(callbacks.id))
          .limit(params.limit)
          .all()
          .map((row) => ({ ...row, bodyStart: previewStoredBody(row.bodyStart, summaryBodyChars) })),
      );
    },

    async getCallbackById(params) {
      return guarded(() => db.select().from(callbacks).where(eq(callbacks.id, params.id)).get() ?? null);
    },

    async countRejectedCallbacksSince(params) {
      return guarded(() => rejectedSince.get({ sinceMs: params.since.getTime() })?.count ?? 0);
    },
  };
}

/** How many of the pending callbacks (from the front) fit in one group. */
export function groupSizeFrom(queue: Pick<PendingCallback, "params">[]): number {
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

function prepareLogStatements(sqlite: Database.Database) {
  return {
    insert: sqlite.prepare(
      `insert into callbacks (received_at, envelope, outcome, http_status, content_type, body_bytes, raw_body, reprocessed_from)
       values (?, ?, 'ignored', 200, ?, ?, ?, ?) returning id`,
    ),
    finish: sqlite.prepare("update callbacks set outcome = ?, reason = ?, shares_stored = ?, duration_ms = ? where id = ?"),
    noteRedelivery: sqlite.prepare("insert or ignore into redelivered_messages (message_id, callback_id) values (?, ?)"),
  };
}

function rejectAll(entries: PendingCallback[], error: unknown): void {
  for (const entry of entries) entry.reject(error);
}
