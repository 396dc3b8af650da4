import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { davEpochKey, inBook, tombstonesPurgedThroughKey, type DavBook, type DavPage, type DavRemoval } from "@/lib/model/carddav";
import type { ContactShare } from "@/lib/model/contact-share";
import type { CardDavStore } from "@/lib/model/store";
import type { PostgresDb } from "./client";
import { guardedPg } from "./guarded";
import { agents, appPasswords, contactShares } from "./schema";

/**
 * CardDAV reads on PostgreSQL. Identity ids are handed out before commit, so with several writers
 * "ids above the last one seen" misses a share committed late. Cursors are transaction ids instead
 * (xid8; each share and tombstone keeps the one that wrote it, migration 0006_carddav / 0003):
 *
 * - A cursor C promises: every row written by a transaction with an xid below C was visible to the
 *   read that handed C out. Changes since C are the rows with change_xid >= C.
 * - Handed out: C = min(xmin of the statement's snapshot, newest change_xid + 1). Every xid below
 *   the snapshot's xmin has committed or aborted before it, so those rows were visible; and no row
 *   has an xid above the newest, so C stays the same while nothing is stored or deleted (clients
 *   compare tokens to skip a sync) — unless a write is in flight, which moves C down, never past a row.
 * - A transaction that is still open when C is handed out has an xid >= xmin >= C: its rows are
 *   found next time, however late it commits. A row seen twice (xid >= C but already visible) is
 *   sent again, which sync clients take as "unchanged".
 * - A listing streamed in pages keeps to change_xid < C of its own token, so it describes one moment.
 */
export function postgresCardDavStore(db: PostgresDb): CardDavStore {
  const pool = db.$client;
  let epoch: string | undefined;

  /** One page of a book's member ids: a campaign book's full listing by the share-facet key, anything else by id. */
  async function idsPage(params: { book: DavBook; since: string | null; until: string; after: string | null; limit: number }): Promise<DavPage<number>> {
    const until = xidOrThrow(params.until);
    const since = params.since === null ? null : xidOrThrow(params.since);
    if (params.book.kind === "campaign" && since === null) {
      const [sortAt, shareId] = params.after ? params.after.split("/") : [null, "0"];
      const keys = (
        await pool.query(
          `select f.sort_at::text as "sortAt", f.share_id as "shareId" from share_facets f
           join contact_shares s on s.id = f.share_id
           where f.facet = 'campaign' and f.value = $1 and ($2::timestamptz is null or (f.sort_at, f.share_id) > ($2::timestamptz, $3::bigint)) and s.change_xid < $4::xid8
           order by f.sort_at, f.share_id limit $5`,
          [params.book.value, sortAt, shareId, until, params.limit],
        )
      ).rows as { sortAt: string; shareId: string }[];
      const last = keys.at(-1);
      return { rows: keys.map((key) => Number(key.shareId)), next: keys.length < params.limit || !last ? null : `${last.sortAt}/${last.shareId}` };
    }
    const campaign = params.book.kind === "campaign" ? params.book.value : null;
    // Changes since a cursor are few: found by the change_xid index; a full listing walks the ids.
    const range = since === null ? "" : "and change_xid >= $5::xid8";
    const ids = (
      await pool.query(
        `select id from contact_shares
         where id > $1 and change_xid < $2::xid8 ${range} and ($3::text is null or ref = $3 or ref1 = $3 or ref2 = $3)
         order by id limit $4`,
        [params.after ? Number(params.after) : 0, until, campaign, params.limit, ...(since === null ? [] : [since])],
      )
    ).rows.map((row: { id: string }) => Number(row.id));
    return { rows: ids, next: ids.length < params.limit ? null : String(ids.at(-1)) };
  }

  return {
    async getDavSyncPoint() {
      return guardedPg(async () => {
        // Written once in the database's life (by whichever instance syncs first); read without writing after that.
        if (epoch === undefined) {
          await pool.query("insert into settings (key, value) values ($1, $2) on conflict (key) do nothing", [davEpochKey, randomUUID()]);
          epoch = (await pool.query("select value from settings where key = $1", [davEpochKey])).rows[0].value as string;
        }
        const row = (
          await pool.query(
            `select pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
                    (select change_xid from contact_shares order by change_xid desc limit 1)::text as shares,
                    (select change_xid from share_tombstones order by change_xid desc limit 1)::text as tombstones,
                    (select value from settings where key = $1) as purged`,
            [tombstonesPurgedThroughKey],
          )
        ).rows[0] as { xmin: string; shares: string | null; tombstones: string | null; purged: string | null };
        // The newest write there was, purged tombstones included: a cursor never moves back below a deletion it covered.
        const newest = [row.shares, row.tombstones, row.purged].reduce((max, value) => (value !== null && BigInt(value) > max ? BigInt(value) : max), 0n);
        const xmin = BigInt(row.xmin);
        return { epoch: epoch!, cursor: String(newest + 1n < xmin ? newest + 1n : xmin) };
      });
    },

    async checkDavCursor(params) {
      if (!/^\d{1,20}$/.test(params.cursor)) return "invalid";
      const cursor = BigInt(params.cursor);
      return guardedPg(async () => {
        const row = (
          await pool.query("select pg_snapshot_xmax(pg_current_snapshot())::text as xmax, (select value from settings where key = $1) as purged", [tombstonesPurgedThroughKey])
        ).rows[0] as { xmax: string; purged: string | null };
        // No cursor handed out can be above the next xid to be assigned.
        if (cursor > BigInt(row.xmax)) return "invalid";
        // A purged tombstone with an xid >= the cursor is a deletion this client would never learn of.
        return row.purged !== null && BigInt(row.purged) >= cursor ? "expired" : "ok";
      });
    },

    async listDavShares(params) {
      return guardedPg(async (): Promise<DavPage<ContactShare>> => {
        const page = await idsPage(params);
        return { rows: await rowsInOrder(page.rows), next: page.next };
      });
    },

    async listDavShareIds(params) {
      return guardedPg(() => idsPage(params));
    },

    async listDavRemovals(params) {
      const until = xidOrThrow(params.until);
      const since = xidOrThrow(params.since);
      return guardedPg(async (): Promise<DavPage<DavRemoval>> => {
        const campaign = params.book.kind === "campaign" ? params.book.value : null;
        const rows = (
          await pool.query(
            `select id as "tombstoneId", share_id as "shareId" from share_tombstones
             where change_xid >= $1::xid8 and change_xid < $2::xid8 and id > $3 and ($4::text is null or ref = $4 or ref1 = $4 or ref2 = $4)
             order by id limit $5`,
            [since, until, params.after ? Number(params.after) : 0, campaign, params.limit],
          )
        ).rows.map((row: { tombstoneId: string; shareId: string }) => ({ tombstoneId: Number(row.tombstoneId), shareId: Number(row.shareId) }));
        return { rows, next: rows.length < params.limit ? null : String(rows.at(-1)!.tombstoneId) };
      });
    },

    async getDavShares(params) {
      return guardedPg(async () => (await rowsInOrder(params.ids)).filter((row) => inBook(params.book, row)));
    },

    async insertAppPassword(params) {
      return guardedPg(async () => (await db.insert(appPasswords).values(params).returning())[0]!);
    },

    async listAppPasswords(params) {
      return guardedPg(() => db.select().from(appPasswords).where(eq(appPasswords.agentId, params.agentId)).orderBy(desc(appPasswords.createdAt), desc(appPasswords.id)));
    },

    async revokeAppPassword(params) {
      return guardedPg(
        async () =>
          (
            await db
              .update(appPasswords)
              .set({ revokedAt: params.at })
              .where(and(eq(appPasswords.id, params.id), eq(appPasswords.agentId, params.agentId), isNull(appPasswords.revokedAt)))
              .returning({ id: appPasswords.id })
          ).length > 0,
      );
    },

    async findLiveAppPassword(params) {
      return guardedPg(async () => {
        const row = (
          await db
            .select({ appPassword: appPasswords, agent: agents })
            .from(appPasswords)
            .innerJoin(agents, eq(agents.id, appPasswords.agentId))
            .where(and(eq(appPasswords.secretHash, params.secretHash), isNull(appPasswords.revokedAt)))
        )[0];
        if (!row) return null;
        if (!row.appPassword.lastUsedAt || params.now.getTime() - row.appPassword.lastUsedAt.getTime() > 60_000) {
          await db.update(appPasswords).set({ lastUsedAt: params.now }).where(eq(appPasswords.id, row.appPassword.id));
        }
        return row;
      });
    },
  };

  async function rowsInOrder(ids: number[]): Promise<ContactShare[]> {
    if (ids.length === 0) return [];
    const byId = new Map<number, ContactShare>();
    for (let start = 0; start < ids.length; start += 1000) {
      for (const row of await db.select().from(contactShares).where(inArray(contactShares.id, ids.slice(start, start + 1000)))) byId.set(row.id, row);
    }
    return ids.map((id) => byId.get(id)).filter((row): row is ContactShare => row !== undefined);
  }
}

function xidOrThrow(cursor: string): string {
  if (!/^\d{1,20}$/.test(cursor)) throw new TypeError(`not a PostgreSQL CardDAV cursor: ${cursor}`);
  return cursor;
}

