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
import { guarded } from "./storage-errors";

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

type PendingCallback = { params: IngestCallbackParams; resolve: (result: IngestResult) => void; reject: (error: unknown) => void };

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

  /**
   * Stores callbacks and their log entries in one IMMEDIATE transaction: the write lock is taken up
   * front, so concurrent writers queue on the busy timeout instead of failing with SQLITE_BUSY_SNAPSHOT.
   */
  function ingestBatch(batch: IngestCallbackParams[]): IngestResult[] {
    return guarded(() => sqlite.transaction(() => batch.map(storeCallback)).immediate());
  }

  function storeCallback(params: IngestCallbackParams): IngestResult {
    const { id: callbackId } = log.insert.get(params.receivedAt.getTime(), params.parsed.envelope, params.contentType, params.bodyBytes, params.rawBody, params.reprocessedFrom ?? null) as { id: number };
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
   * Group commit: callbacks that arrive together are stored in one transaction, so they share one
   * commit (and one fsync) instead of paying for one each. Every promise still resolves only after
   * its callback is committed: a 200 still means durably stored.
   */
  function flushPending(): void {
    const size = groupSizeFrom(pending);
    const group = pending.slice(0, size);
    pending = pending.slice(size);
    flushScheduled = pending.length > 0;
    if (flushScheduled) setImmediate(flushPending);
    try {
      const results = ingestBatch(group.map((entry) => entry.params));
      group.forEach((entry, index) => entry.resolve(results[index]!));
    } catch (error) {
      if (group.length === 1 || isStorageUnavailable(error)) {
        for (const entry of group) entry.reject(error);
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

  return {
    ingestCallback(params) {
      return new Promise((resolve, reject) => {
        pending.push({ params, resolve, reject });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flushPending);
        }
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
            bodyStart: sql<string | null>`substr(${callbacks.rawBody}, 1, ${summaryBodyChars})`,
            reasonStart: sql<string | null>`substr(${callbacks.reason}, 1, ${summaryReasonChars})`,
            reasonChars: sql<number>`coalesce(length(${callbacks.reason}), 0)`,
          })
          .from(callbacks)
          .where(and(...conditions))
          .orderBy(desc(callbacks.id))
          .limit(params.limit)
          .all(),
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
