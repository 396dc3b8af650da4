import "server-only";
import { inArray } from "drizzle-orm";
import type pg from "pg";
import {
  bodyHoldersOf,
  maxReprocessChain,
  redactionOutcome,
  searchFragmentsOfErasure,
  shareMatchesErasure,
  type DeletedShare,
  type DeleteSharesParams,
  type DeleteSharesResult,
  type ErasureMatch,
} from "@/lib/model/lifecycle";
import { counterKeysOf, dayOf, shareFacetsOf } from "@/lib/model/share-facets";
import { tombstonesPurgedThroughKey } from "@/lib/model/carddav";
import type { LifecycleStore } from "@/lib/model/store";
import type { ContactShare, StoredEmail, StoredPhone } from "@/lib/model/contact-share";
import type { PostgresDb } from "./client";
import { guardedPg } from "./guarded";
import { contactShares } from "./schema";
import { unshardedFacets } from "./callbacks";
import { campaignCountersOf } from "./campaign-counters";

/** The key of the advisory lock one purge holds: instances purging at once skip, not queue. */
const purgeLockKey = 7_236_145_020;
const bodyPageSize = 200;

type Client = pg.PoolClient;

/** Deleting shares and the rest of their lifecycle on PostgreSQL: one transaction per call. */
export function postgresLifecycleStore(db: PostgresDb): LifecycleStore {
  const pool = db.$client;

  /** Runs `work` in one transaction on one connection (a deadlock with ingest is retried whole), and how long it took from begin to commit. */
  function inTransaction<T>(work: (client: Client) => Promise<T>): Promise<{ value: T; heldMs: number }> {
    return guardedPg(
      async () => {
        const client = await pool.connect();
        try {
          const began = performance.now();
          await client.query("begin");
          const value = await work(client);
          await client.query("commit");
          return { value, heldMs: performance.now() - began };
        } catch (error) {
          await client.query("rollback").catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      { retries: 3 },
    );
  }

  async function deleteInTransaction(client: Client, params: DeleteSharesParams): Promise<Omit<DeleteSharesResult, "heldMs">> {
    // Deleted first, rows returned: a share another transaction deleted meanwhile is simply not in the answer, so nothing is taken back twice.
    const rows = (await client.query(`delete from contact_shares where id = any($1::bigint[]) returning *`, [[...new Set(params.ids)]])).rows.map(shareOf);
    if (rows.length === 0) return { deleted: [], callbacksRedacted: [] };
    const ids = rows.map((row) => row.id);
    await client.query("delete from contact_search_text where share_id = any($1::bigint[])", [ids]);
    // A rare search fragment no longer lists the card (lib/model/search-fragments.ts).
    await client.query("delete from search_fragment_cards where share_id = any($1::bigint[])", [ids]);

    const facets = rows.flatMap((row) => shareFacetsOf(row).map((facet) => ({ ...facet, sortAt: row.sortAt, shareId: row.id })));
    await client.query(
      `delete from share_facets where (facet, value, sort_at, share_id) in
         (select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[]))`,
      [facets.map((f) => f.facet), facets.map((f) => f.value), facets.map((f) => f.sortAt), facets.map((f) => f.shareId)],
    );

    // Counters go back by what the cards added, in this connection's shard (a total is the sum of its
    // shards, so it stays exact); a row at zero goes, so no value of a deleted card stays behind.
    const counters = new Map<string, { facet: string; value: string; sharded: boolean; n: number }>();
    for (const row of rows) {
      for (const key of counterKeysOf(row)) {
        const id = `${key.facet}\u0000${key.value}`;
        counters.set(id, { facet: key.facet, value: key.value, sharded: !unshardedFacets.has(key.facet), n: (counters.get(id)?.n ?? 0) + 1 });
      }
    }
    const list = [...counters.values()];
    await client.query(
      `insert into facet_counts (facet, value, shard, label, count)
       select f, v, case when s then (pg_backend_pid() % 8)::smallint else 0::smallint end, null, -n
       from unnest($1::text[], $2::text[], $3::boolean[], $4::bigint[]) as t(f, v, s, n)
       order by 1, 2, 3
       on conflict (facet, value, shard) do update set count = facet_counts.count + excluded.count`,
      [list.map((c) => c.facet), list.map((c) => c.value), list.map((c) => c.sharded), list.map((c) => c.n)],
    );
    await client.query(`delete from facet_counts where (facet, value) in (select * from unnest($1::text[], $2::text[])) and count = 0`, [list.map((c) => c.facet), list.map((c) => c.value)]);
    const days = new Map<number, number>();
    for (const row of rows) days.set(dayOf(row.sortAt), (days.get(dayOf(row.sortAt)) ?? 0) + 1);
    await client.query(
      `insert into daily_counts (day, shard, count)
       select d, (pg_backend_pid() % 8)::smallint, -n from unnest($1::integer[], $2::bigint[]) as t(d, n) order by 1
       on conflict (day, shard) do update set count = daily_counts.count + excluded.count`,
      [[...days.keys()], [...days.values()]],
    );
    await client.query("delete from daily_counts where day = any($1::integer[]) and count = 0", [[...days.keys()]]);
    await takeBackCampaignCounters(client, rows);

    await client.query(
      `insert into share_tombstones (share_id, message_id, position, ref, ref1, ref2, deleted_at)
       select * from unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
      [ids, rows.map((r) => r.messageId), rows.map((r) => r.position), rows.map((r) => r.ref), rows.map((r) => r.ref1), rows.map((r) => r.ref2), rows.map(() => params.at)],
    );

    const deleted: DeletedShare[] = rows.map((row) => ({ id: row.id, callbackId: row.callbackId, messageId: row.messageId, position: row.position }));
    const callbacksRedacted = await redactBodies(client, deleted, params);
    await client.query(
      `delete from redelivered_messages r where r.message_id = any($1::text[]) and not exists (select 1 from contact_shares s where s.message_id = r.message_id)`,
      [[...new Set(deleted.map((share) => share.messageId))]],
    );
    return { deleted, callbacksRedacted };
  }

  /** Every logged body holding a deleted card, redacted once with all of its cards (see the SQLite store). */
  async function redactBodies(client: Client, deleted: DeletedShare[], params: DeleteSharesParams): Promise<number[]> {
    const holders = bodyHoldersOf(deleted);
    const links = (await client.query(`select message_id as "messageId", callback_id as "callbackId" from redelivered_messages where message_id = any($1::text[])`, [holders.messageIds()])).rows;
    for (const link of links) holders.addRedelivery(link);
    let frontier = holders.callbackIds();
    for (let depth = 0; depth < maxReprocessChain && frontier.length; depth++) {
      const parents = (await client.query(`select id as "callbackId", reprocessed_from as "reprocessedFrom" from callbacks where id = any($1::bigint[]) and reprocessed_from is not null`, [frontier])).rows;
      frontier = parents.filter((link) => holders.addReprocessedFrom(link)).map((link) => link.reprocessedFrom);
    }
    const ids = holders.callbackIds().sort((a, b) => a - b);
    // Locked in id order: two deletions redacting the same bodies take turns, and each sees the other's result.
    const bodies = (await client.query(`select id, raw_body as "rawBody" from callbacks where id = any($1::bigint[]) and raw_body is not null order by id for update`, [ids])).rows as { id: number; rawBody: string }[];
    const redacted: number[] = [];
    for (const body of bodies) {
      const outcome = redactionOutcome({ rawBody: body.rawBody, cards: holders.cardsOf(body.id), bodies: params.bodies, redactBody: params.redactBody });
      if (!outcome) continue;
      await client.query("update callbacks set raw_body = $1, redaction = $2, redacted_at = $3 where id = $4", [outcome.rawBody, outcome.redaction, params.at, body.id]);
      redacted.push(body.id);
    }
    return redacted;
  }

  async function candidateIds(match: ErasureMatch): Promise<number[]> {
    const fragments = searchFragmentsOfErasure(match);
    const query =
      fragments !== null
        ? {
            // One LIKE per fragment (the trigram index answers each; it cannot answer LIKE ANY).
            text: fragments.map((_, index) => `select share_id as id from contact_search_text where text like $${index + 1}`).join(" union "),
            values: fragments.map((fragment) => `%${fragment.replace(/[\\%_]/g, (char) => `\\${char}`)}%`),
          }
        : match.kind === "senderWaId"
          ? // A sender's wa_id is the value of their share_facets rows; a user id only when no wa_id came with it, so that is looked for in the cards.
            { text: "select share_id as id from share_facets where facet = 'sender' and value = $1", values: [match.value] }
          : { text: "select id from contact_shares where sender_user_id = $1", values: [match.kind === "senderUserId" ? match.value : ""] };
    return (await pool.query(query)).rows.map((row: { id: number }) => row.id);
  }

  return {
    async deleteShares(params) {
      if (params.ids.length === 0) return { deleted: [], callbacksRedacted: [], heldMs: 0 };
      const { value, heldMs } = await inTransaction((client) => deleteInTransaction(client, params));
      return { ...value, heldMs };
    },

    async findShareIdsToErase(params) {
      return guardedPg(async () => {
        const ids = [...new Set(await candidateIds(params.match))];
        const matching: number[] = [];
        for (let index = 0; index < ids.length; index += 1000) {
          const rows = await db
            .select({ id: contactShares.id, phones: contactShares.phones, emails: contactShares.emails, senderWaId: contactShares.senderWaId, senderUserId: contactShares.senderUserId })
            .from(contactShares)
            .where(inArray(contactShares.id, ids.slice(index, index + 1000)));
          for (const row of rows) if (shareMatchesErasure(row, params.match)) matching.push(row.id);
        }
        return matching.sort((a, b) => a - b);
      });
    },

    async countSharesReceivedBefore(params) {
      return guardedPg(async () => (await pool.query("select count(*)::bigint as n from contact_shares where received_at < $1", [params.before])).rows[0].n as number);
    },

    async listShareIdsReceivedBefore(params) {
      return guardedPg(async () => (await pool.query("select id from contact_shares where received_at < $1 order by received_at limit $2", [params.before, params.limit])).rows.map((row: { id: number }) => row.id));
    },

    async dropUnlinkedBodiesWhere(params) {
      const dropped: number[] = [];
      let after = 0;
      for (;;) {
        const page = await guardedPg(
          async () =>
            (await pool.query(`select id, raw_body as "rawBody" from callbacks where outcome = any($1::text[]) and raw_body is not null and id > $2 order by id limit $3`, [params.outcomes, after, bodyPageSize]))
              .rows as { id: number; rawBody: string }[],
        );
        if (page.length === 0) return dropped;
        after = page[page.length - 1]!.id;
        const matches = page.filter((row) => params.mentions(row.rawBody)).map((row) => row.id);
        if (matches.length) {
          const changed = await guardedPg(() =>
            pool.query(`update callbacks set raw_body = null, redaction = 'body-dropped', redacted_at = $1 where id = any($2::bigint[]) and raw_body is not null returning id`, [params.at, matches]),
          );
          dropped.push(...changed.rows.map((row: { id: number }) => row.id));
        }
      }
    },

    async recompressRawBodies() {
      // PostgreSQL keeps bodies as text (see db/sqlite/stored-body.ts for SQLite's form).
      return { lastId: null, rewritten: 0, heldMs: 0 };
    },

    async clearRawBodiesReceivedBefore(params) {
      const filter = params.outcomes ? " and outcome = any($4::text[])" : "";
      const started = performance.now();
      const cleared = await guardedPg(
        async () =>
          (
            await pool.query(
              `update callbacks set raw_body = null, redaction = 'body-expired', redacted_at = $1
               where id in (select id from callbacks where received_at < $2 and raw_body is not null${filter} order by received_at limit $3)`,
              [params.at, params.before, params.limit, ...(params.outcomes ? [params.outcomes] : [])],
            )
          ).rowCount ?? 0,
      );
      return { cleared, heldMs: performance.now() - started };
    },

    async listShareTombstones(params) {
      return guardedPg(
        async () =>
          (
            await pool.query(
              `select id, share_id as "shareId", message_id as "messageId", position, ref, ref1, ref2, deleted_at as "deletedAt", change_xid::text as "changeXid"
               from share_tombstones where id > $1 order by id limit $2`,
              [params.afterId, params.limit],
            )
          ).rows,
      );
    },

    async findTombstonedCards(params) {
      if (params.cards.length === 0) return [];
      return guardedPg(
        async () =>
          (
            await pool.query(
              `select distinct t.message_id as "messageId", t.position from share_tombstones t
               join unnest($1::text[], $2::integer[]) as c(message_id, position) on c.message_id = t.message_id and c.position = t.position`,
              [params.cards.map((card) => card.messageId), params.cards.map((card) => card.position)],
            )
          ).rows,
      );
    },

    /** Notes the newest xid among the deleted tombstones: a CardDAV sync token at or below it can no longer learn every deletion (lib/carddav answers valid-sync-token). */
    async deleteUnauthenticatedCallbacksBefore(params) {
      return guardedPg(async () => {
        const deleted = await pool.query(
          `delete from callbacks where id in (select id from callbacks where outcome = 'rejected' and received_at < $1 and http_status = 401 and raw_body is null and shares_stored = 0 order by received_at limit $2)`,
          [params.before, params.limit],
        );
        return deleted.rowCount ?? 0;
      });
    },

    async deleteTombstonesBefore(params) {
      const { value } = await inTransaction(async (client) => {
        const deleted = await client.query(
          `with gone as (delete from share_tombstones where id in (select id from share_tombstones where deleted_at < $1 order by deleted_at limit $2) returning change_xid)
           select count(*)::integer as n, (select change_xid from gone order by change_xid desc limit 1)::text as newest from gone`,
          [params.before, params.limit],
        );
        const { n, newest } = deleted.rows[0] as { n: number; newest: string | null };
        if (newest !== null) {
          await client.query(
            `insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = greatest(settings.value::numeric, excluded.value::numeric)::text`,
            [tombstonesPurgedThroughKey, newest],
          );
        }
        return n;
      });
      return value;
    },

    async compactSearchIndexStep() {
      // The GIN index's entries for deleted rows go when (auto)vacuum cleans the table: nothing to do here.
      return { worked: false, heldMs: 0, segmentsAfter: [] };
    },

    async listSearchIndexSegments() {
      return [];
    },

    async setSearchIndexAutomerge() {},

    async withPurgeLock(work) {
      // The lock lives as long as this session: one connection is held for the whole purge.
      const client = await guardedPg(() => pool.connect());
      try {
        const locked = (await guardedPg(() => client.query("select pg_try_advisory_lock($1) as locked", [purgeLockKey]))).rows[0].locked as boolean;
        if (!locked) return { acquired: false };
        try {
          return { acquired: true, value: await work() };
        } finally {
          await client.query("select pg_advisory_unlock($1)", [purgeLockKey]).catch(() => undefined);
        }
      } finally {
        client.release();
      }
    },
  };
}

/** A contact_shares row as node-postgres returns it (snake_case), in the store's shape. */
function shareOf(row: Record<string, unknown>): ContactShare {
  return {
    id: row.id as number,
    callbackId: row.callback_id as number,
    messageId: row.message_id as string,
    position: row.position as number,
    sortAt: row.sort_at as Date,
    sentAt: row.sent_at as Date | null,
    receivedAt: row.received_at as Date,
    formattedName: row.formatted_name as string | null,
    firstName: row.first_name as string | null,
    middleName: row.middle_name as string | null,
    lastName: row.last_name as string | null,
    namePrefix: row.name_prefix as string | null,
    nameSuffix: row.name_suffix as string | null,
    sortName: row.sort_name as string,
    sortPhone: row.sort_phone as string,
    phones: row.phones as StoredPhone[],
    emails: row.emails as StoredEmail[],
    addresses: row.addresses as ContactShare["addresses"],
    urls: row.urls as ContactShare["urls"],
    orgCompany: row.org_company as string | null,
    orgDepartment: row.org_department as string | null,
    orgTitle: row.org_title as string | null,
    birthday: row.birthday as string | null,
    senderWaId: row.sender_wa_id as string | null,
    senderUserId: row.sender_user_id as string | null,
    senderProfileName: row.sender_profile_name as string | null,
    businessPhoneNumber: row.business_phone_number as string | null,
    businessPhoneNumberId: row.business_phone_number_id as string | null,
    wabaId: row.waba_id as string | null,
    ref: row.ref as string | null,
    ref1: row.ref1 as string | null,
    ref2: row.ref2 as string | null,
    contextId: row.context_id as string | null,
    replyTo: row.reply_to as string | null,
    traceId: row.trace_id as string | null,
    mediaUrl: row.media_url as string | null,
  };
}

/** The campaign counters go back by what the cards added: day counts in this connection's shard, people's days through campaign_keys_add (migration 0007). */
async function takeBackCampaignCounters(client: Client, rows: ContactShare[]): Promise<void> {
  const counted = rows.map((row) => campaignCountersOf(row, -1));
  const days = new Map<string, { field: string; day: number; value: string; n: number }>();
  for (const entry of counted.flatMap((card) => card.campaignDays)) {
    const id = `${entry.field}\u0000${entry.day}\u0000${entry.value}`;
    days.set(id, { ...entry, n: (days.get(id)?.n ?? 0) + 1 });
  }
  const list = [...days.values()];
  await client.query(
    `insert into campaign_daily_counts (field, day, value, shard, count)
     select f, d, v, (pg_backend_pid() % 8)::smallint, -n from unnest($1::text[], $2::integer[], $3::text[], $4::bigint[]) as t(f, d, v, n)
     order by 1, 2, 3
     on conflict (field, day, value, shard) do update set count = campaign_daily_counts.count + excluded.count`,
    [list.map((c) => c.field), list.map((c) => c.day), list.map((c) => c.value), list.map((c) => c.n)],
  );
  await client.query(
    "delete from campaign_daily_counts where (field, day, value) in (select * from unnest($1::text[], $2::integer[], $3::text[])) and count = 0",
    [list.map((c) => c.field), list.map((c) => c.day), list.map((c) => c.value)],
  );
  await client.query("select campaign_keys_add($1::jsonb, (pg_backend_pid() % 8)::smallint)", [JSON.stringify(counted.flatMap((card) => card.campaignKeys))]);
}
