import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { CampaignCount, FacetValue } from "@/lib/model/contact-query";
import type { ContactShare } from "@/lib/model/contact-share";
import type { ContactStore } from "@/lib/model/store";
import type { PostgresDb } from "./client";
import { planContacts } from "./contact-plan";
import { guardedPg } from "./guarded";
import { callbacks, contactShares } from "./schema";

/** Reading contacts on PostgreSQL; contact-plan.ts decides how each filter is answered. */
export function postgresContactStore(db: PostgresDb): ContactStore {
  const pool = db.$client;

  // Every page and export batch reads its rows with this one statement, prepared once per connection:
  // built and planned on each call (50 parameters), it took twice as long and jittered (1.5 ms median,
  // up to 5 ms p95, for a page of 50 at a million cards; prepared 0.8 ms and 1.5 ms).
  const rowsWithIds = db
    .select()
    .from(contactShares)
    .where(sql`${contactShares.id} = any(${sql.placeholder("ids")}::bigint[])`)
    .prepare("contact_rows_with_ids");

  /** The full rows for a list of ids, in the list's order. */
  async function rowsInOrder(ids: number[]): Promise<ContactShare[]> {
    if (ids.length === 0) return [];
    const rows = await rowsWithIds.execute({ ids });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)).filter((row): row is ContactShare => row !== undefined);
  }

  return {
    async listContacts(params) {
      return guardedPg(async () => rowsInOrder(await (await planContacts(pool, params)).pageIds(params.sort, params.pageSize, (params.page - 1) * params.pageSize)));
    },

    async countContacts(params) {
      return guardedPg(async () => (await planContacts(pool, params)).count());
    },

    /** Keyset pagination, each batch its own short query (see the SQLite store). */
    async *iterateContactBatches(params) {
      const plan = await guardedPg(() => planContacts(pool, params));
      let before: { sortAt: Date; id: number } | null = null;
      for (;;) {
        const batch = await guardedPg(async () => rowsInOrder(await plan.idsBefore(before, params.batchSize)));
        if (batch.length === 0) return;
        yield batch;
        const tail = batch[batch.length - 1]!;
        before = { sortAt: tail.sortAt, id: tail.id };
        if (batch.length < params.batchSize) return;
      }
    },

    async countContactsAfter(params) {
      return guardedPg(async () => (await planContacts(pool, params)).countAfter(params.afterId));
    },

    async getLatestContactId() {
      return guardedPg(async () => (await pool.query("select coalesce(max(id), 0)::bigint as id from contact_shares")).rows[0].id as number);
    },

    async getContactById(params) {
      return guardedPg(async () => (await db.select().from(contactShares).where(eq(contactShares.id, params.id)))[0] ?? null);
    },

    async getContactWithRawById(params) {
      return guardedPg(
        async () =>
          (await db
            .select({ contact: contactShares, rawBody: callbacks.rawBody })
            .from(contactShares)
            .leftJoin(callbacks, eq(callbacks.id, contactShares.callbackId))
            .where(eq(contactShares.id, params.id)))[0] ?? null,
      );
    },

    async listContactsOfMessage(params) {
      return guardedPg(() => db.select().from(contactShares).where(eq(contactShares.messageId, params.messageId)).orderBy(asc(contactShares.position)));
    },

    async listCampaigns() {
      return guardedPg(
        async () =>
          (
            await pool.query(
              `select facet as field, value, sum(count)::bigint as count from facet_counts
               where facet in ('ref', 'ref1', 'ref2') group by facet, value having sum(count) > 0
               order by count desc, value asc, facet asc`,
            )
          ).rows as CampaignCount[],
      );
    },

    async listFacetValues(params) {
      return guardedPg(async () => {
        // A sender's counter is one row (not sharded): the index on (facet, count) answers "most first" directly.
        const text =
          params.facet === "sender"
            ? `select value, label, count from facet_counts where facet = $1 and count > 0 order by count desc, value asc limit $2`
            : `select value, max(label) as label, sum(count)::bigint as count from facet_counts where facet = $1
               group by value having sum(count) > 0 order by count desc, value asc limit $2`;
        return (await pool.query(text, [params.facet, params.limit])).rows as FacetValue[];
      });
    },
  };
}
