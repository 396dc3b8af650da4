import "server-only";
import { and, desc, eq, getTableColumns, gte, lt, sql } from "drizzle-orm";
import type { IngestCallbackParams, IngestResult } from "@/lib/model/callback-log";
import { buildSearchText } from "@/lib/model/search-text";
import { counterKeysOf, dayOf, shareFacetsOf, type Facet } from "@/lib/model/share-facets";
import { toShareRow } from "@/lib/model/share-row";
import { campaignCountersOf } from "./campaign-counters";
import type { CallbackStore } from "@/lib/model/store";
import type { PostgresDb } from "./client";
import { callbacks } from "./schema";
import { guardedPg } from "./guarded";

/** Counters every write touches are spread over shards (see migration 0002); a sender's and a person's are not (personal: each goes at zero). */
export const unshardedFacets = new Set<Facet>(["sender", "sender_name", "person"]);

const summaryBodyChars = 4000;
const summaryReasonChars = 400;

/** The callback log and the ingest path on PostgreSQL: one transaction (one function call) per callback. */
export function postgresCallbackStore(db: PostgresDb): CallbackStore {
  const pool = db.$client;

  async function ingestOne(params: IngestCallbackParams): Promise<IngestResult> {
    const result = await guardedPg(() => pool.query(ingestSql, ingestArguments(params)), { retries: 3 });
    return ingestResultOf(result.rows[0] as IngestRow, params);
  }

  return {
    ingestCallback: ingestOne,

    async ingestCallbackBatch(batch) {
      return guardedPg(async () => {
        const client = await pool.connect();
        try {
          await client.query("begin");
          const results: IngestResult[] = [];
          for (const params of batch) results.push(ingestResultOf((await client.query(ingestSql, ingestArguments(params))).rows[0] as IngestRow, params));
          await client.query("commit");
          return results;
        } catch (error) {
          await client.query("rollback").catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      });
    },

    async recordRejectedCallback(params) {
      return guardedPg(async () => {
        const [row] = await db
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
          .returning({ id: callbacks.id });
        return row!.id;
      });
    },

    async listCallbacks(params) {
      const conditions = [params.outcome ? eq(callbacks.outcome, params.outcome) : undefined, params.before ? lt(callbacks.id, params.before) : undefined];
      const { rawBody: _rawBody, reason: _reason, ...columns } = getTableColumns(callbacks);
      return guardedPg(() =>
        db
          .select({
            ...columns,
            bodyStart: sql<string | null>`substr(${callbacks.rawBody}, 1, ${summaryBodyChars})`,
            reasonStart: sql<string | null>`substr(${callbacks.reason}, 1, ${summaryReasonChars})`,
            reasonChars: sql<number>`coalesce(length(${callbacks.reason}), 0)::integer`,
          })
          .from(callbacks)
          .where(and(...conditions))
          .orderBy(desc(callbacks.id))
          .limit(params.limit),
      );
    },

    async getCallbackById(params) {
      return guardedPg(async () => (await db.select().from(callbacks).where(eq(callbacks.id, params.id)))[0] ?? null);
    },

    async countRejectedCallbacksSince(params) {
      return guardedPg(
        async () =>
          (await db
            .select({ count: sql<number>`count(*)::integer` })
            .from(callbacks)
            .where(and(eq(callbacks.outcome, "rejected"), gte(callbacks.receivedAt, params.since))))[0]?.count ?? 0,
      );
    },
  };
}

const ingestSql = "select * from ingest_callback($1, $2, $3)";

type IngestRow = { callback_id: number; outcome: IngestResult["outcome"]; shares_stored: number; shares_already: number };

/** ingest_callback()'s three arguments: the log entry, the cards, and what was ignored. */
function ingestArguments(params: IngestCallbackParams): string[] {
  const log = {
    receivedAt: params.receivedAt.toISOString(),
    envelope: params.parsed.envelope,
    contentType: params.contentType,
    bodyBytes: params.bodyBytes,
    rawBody: params.rawBody,
    reprocessedFrom: params.reprocessedFrom ?? null,
    durationMs: Math.round(performance.now() - params.startedAt),
  };
  return [JSON.stringify(log), JSON.stringify(cardsOf(params)), JSON.stringify(params.parsed.ignored)];
}

function ingestResultOf(row: IngestRow, params: IngestCallbackParams): IngestResult {
  return { callbackId: row.callback_id, outcome: row.outcome, sharesStored: row.shares_stored, sharesAlreadyStored: row.shares_already, ignored: params.parsed.ignored };
}

/**
 * Every card of a callback with what finds and counts it, for ingest_callback(), in the order they
 * arrived (ids then follow arrival, as on SQLite). Two callbacks holding the same messages in
 * different orders could deadlock on the unique key; PostgreSQL detects that and the call is retried.
 */
function cardsOf(params: IngestCallbackParams) {
  return params.parsed.messages.flatMap((message) =>
    message.cards.map((card, position) => {
      const row = toShareRow(message, card, position, 0, params.receivedAt);
      return {
        row,
        searchText: buildSearchText(card),
        facets: shareFacetsOf(row),
        counters: counterKeysOf(row).map((key) => ({ ...key, sharded: !unshardedFacets.has(key.facet) })),
        day: dayOf(row.sortAt),
        ...campaignCountersOf(row, 1),
      };
    }),
  );
}
