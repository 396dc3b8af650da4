import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { ContactShare } from "@/lib/model/contact-share";
import type { CampaignCount } from "@/lib/model/contact-query";
import type { ContactStore } from "@/lib/model/store";
import type { SqliteDb } from "./client";
import { planContacts } from "./contact-plan";
import { callbacks, contactShares, facetCounts } from "./schema";
import { guarded } from "./storage-errors";

/** Reading contacts on one SQLite connection; contact-plan.ts decides how each filter is answered. */
export function sqliteContactStore(db: SqliteDb): ContactStore {
  const sqlite = db.$client;
  // What every inbox page reads is prepared once: building and compiling these on each request cost
  // more than running them.
  const prepared = {
    // One JSON parameter instead of one per id: a batch of 500 ids read in about half the time.
    rowsWithIds: db
      .select()
      .from(contactShares)
      .where(sql`${contactShares.id} in (select value from json_each(${sql.placeholder("ids")}))`)
      .prepare(),
    latestId: db.select({ id: sql<number>`max(${contactShares.id})` }).from(contactShares).prepare(),
    facetValues: db
      .select({ value: facetCounts.value, label: facetCounts.label, count: facetCounts.count })
      .from(facetCounts)
      .where(and(eq(facetCounts.facet, sql.placeholder("facet")), sql`${facetCounts.count} > 0`))
      .orderBy(desc(facetCounts.count), asc(facetCounts.value))
      .limit(sql.placeholder("limit"))
      .prepare(),
  };

  /** The full rows for a list of ids, in the list's order. */
  function rowsInOrder(ids: number[]): ContactShare[] {
    if (ids.length === 0) return [];
    const rows = prepared.rowsWithIds.all({ ids: JSON.stringify(ids) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)).filter((row): row is ContactShare => row !== undefined);
  }

  return {
    async listContacts(params) {
      return guarded(() => rowsInOrder(planContacts(sqlite, params).pageIds(params.sort, params.pageSize, (params.page - 1) * params.pageSize)));
    },

    async countContacts(params) {
      return guarded(() => planContacts(sqlite, params).count());
    },

    /**
     * Keyset pagination: each batch is its own short query, so an export of 100,000 contacts never
     * holds them all in memory and never keeps the connection busy between batches.
     */
    async *iterateContactBatches(params) {
      const plan = planContacts(sqlite, params);
      let before: { sortAt: number; id: number } | null = null;
      for (;;) {
        const batch = guarded(() => rowsInOrder(plan.idsBefore(before, params.batchSize)));
        if (batch.length === 0) return;
        yield batch;
        const tail = batch[batch.length - 1]!;
        before = { sortAt: tail.sortAt.getTime(), id: tail.id };
        if (batch.length < params.batchSize) return;
      }
    },

    async countContactsAfter(params) {
      return guarded(() => planContacts(sqlite, params).countAfter(params.afterId));
    },

    async getLatestContactId() {
      return guarded(() => prepared.latestId.get()?.id ?? 0);
    },

    async getContactById(params) {
      return guarded(() => db.select().from(contactShares).where(eq(contactShares.id, params.id)).get() ?? null);
    },

    async getContactWithRawById(params) {
      return guarded(
        () =>
          db
            .select({ contact: contactShares, rawBody: callbacks.rawBody })
            .from(contactShares)
            .leftJoin(callbacks, eq(callbacks.id, contactShares.callbackId))
            .where(eq(contactShares.id, params.id))
            .get() ?? null,
      );
    },

    async listContactsOfMessage(params) {
      return guarded(() => db.select().from(contactShares).where(eq(contactShares.messageId, params.messageId)).orderBy(asc(contactShares.position)).all());
    },

    async listCampaigns() {
      return guarded(
        () =>
          db
            .select({ field: facetCounts.facet, value: facetCounts.value, count: facetCounts.count })
            .from(facetCounts)
            .where(and(inArray(facetCounts.facet, ["ref", "ref1", "ref2"]), sql`${facetCounts.count} > 0`))
            .orderBy(desc(facetCounts.count), asc(facetCounts.value), asc(facetCounts.facet))
            .all() as CampaignCount[],
      );
    },

    async listFacetValues(params) {
      return guarded(() => prepared.facetValues.all({ facet: params.facet, limit: params.limit }));
    },
  };
}
