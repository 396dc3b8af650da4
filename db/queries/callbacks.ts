import "server-only";
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { ParsedCallback } from "@/lib/callbacks/normalized";
import { toShareRow } from "@/lib/contacts/share-row";
import { classifyStorageError } from "@/lib/storage-errors";
import { getDb } from "../client";
import { callbacks, contactShares, facetCounts, type Callback, type CallbackOutcome, type Facet, type NewContactShare } from "../schema";

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
  const db = getDb();
  try {
    return db.transaction(
      (tx) => {
        const callbackId = tx
          .insert(callbacks)
          .values({ ...logFields(params), envelope: params.parsed.envelope, outcome: "ignored", httpStatus: 200, reprocessedFrom: params.reprocessedFrom })
          .returning({ id: callbacks.id })
          .get().id;

        let sharesStored = 0;
        let sharesAlreadyStored = 0;
        for (const message of params.parsed.messages) {
          message.cards.forEach((card, position) => {
            const row = toShareRow(message, card, position, callbackId, params.receivedAt);
            const inserted = tx.insert(contactShares).values(row).onConflictDoNothing().returning({ id: contactShares.id }).get();
            if (!inserted) {
              sharesAlreadyStored += 1;
              return;
            }
            sharesStored += 1;
            for (const facet of facetsOf(row)) {
              tx.insert(facetCounts)
                .values({ ...facet, count: 1 })
                .onConflictDoUpdate({
                  target: [facetCounts.facet, facetCounts.value],
                  set: { count: sql`${facetCounts.count} + 1`, label: sql`coalesce(excluded.label, ${facetCounts.label})` },
                })
                .run();
            }
          });
        }

        const outcome = sharesStored > 0 ? "stored" : sharesAlreadyStored > 0 ? "duplicate" : "ignored";
        const reason = describeOutcome(outcome, sharesStored, sharesAlreadyStored, params.parsed.ignored);
        tx.update(callbacks)
          .set({ outcome, reason, sharesStored, durationMs: Math.round(performance.now() - params.startedAt) })
          .where(eq(callbacks.id, callbackId))
          .run();
        return { callbackId, outcome, sharesStored, sharesAlreadyStored, ignored: params.parsed.ignored };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    throw classifyStorageError(error);
  }
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

/** The callback log, newest first, paged by id (keyset). */
export function listCallbacks(params: ListCallbacksParams): Callback[] {
  const conditions = [params.outcome ? eq(callbacks.outcome, params.outcome) : undefined, params.before ? lt(callbacks.id, params.before) : undefined];
  return getDb().select().from(callbacks).where(and(...conditions)).orderBy(desc(callbacks.id)).limit(params.limit).all();
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
  if (stored) parts.push(`${stored} contact share(s) stored`);
  if (already) parts.push(`${already} already stored (redelivery)`);
  if (ignored.length) parts.push(`ignored: ${ignored.join(", ")}`);
  return parts.length ? parts.join("; ") : outcome === "ignored" ? "nothing to store" : null;
}

/** The filter values a new card adds to the counters: its campaign refs, its sender and its business number. */
function facetsOf(row: NewContactShare): { facet: Facet; value: string; label: string | null }[] {
  const facets: { facet: Facet; value: string; label: string | null }[] = [];
  for (const field of ["ref", "ref1", "ref2"] as const) {
    const value = row[field];
    if (value) facets.push({ facet: field, value, label: null });
  }
  const sender = row.senderWaId ?? row.senderUserId;
  if (sender) facets.push({ facet: "sender", value: sender, label: row.senderProfileName ?? null });
  const business = row.businessPhoneNumber ?? row.businessPhoneNumberId;
  if (business) facets.push({ facet: "business", value: business, label: null });
  return facets;
}
