import "server-only";
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { inArray } from "drizzle-orm";
import type { ContactShare } from "@/lib/model/contact-share";
import {
  bodyHoldersOf,
  maxReprocessChain,
  redactionOutcome,
  searchFragmentsOfErasure,
  shareMatchesErasure,
  type CardRef,
  type DeletedShare,
  type DeleteSharesParams,
  type DeleteSharesResult,
  type ErasureMatch,
} from "@/lib/model/lifecycle";
import { counterKeysOf, dayOf, shareFacetsOf } from "@/lib/model/share-facets";
import { tombstonesPurgedThroughKey } from "@/lib/model/carddav";
import type { LifecycleStore } from "@/lib/model/store";
import type { SqliteDb } from "./client";
import { globPattern } from "./contact-plan";
import { fts5SegmentIds } from "./fts5-structure";
import { countCampaignShare } from "./campaign-counters";
import { contactShares } from "./schema";
import { guarded } from "./storage-errors";
import { decodeStoredBody, encodeStoredBody } from "./stored-body";

/** The lease a purge holds on SQLite (several processes may open one file): renewed while it runs, expired if its holder died. */
const purgeLeaseKey = "purge_lease";
const purgeLeaseMs = 10 * 60_000;
/** Bodies read per page when looking for mentions in the log. */
const bodyPageSize = 200;
/** `in (…)` lists are cut to this many values. */
const chunkSize = 500;

/** Deleting shares and the rest of their lifecycle, on one SQLite connection. */
export function sqliteLifecycleStore(db: SqliteDb): LifecycleStore {
  const sqlite = db.$client;
  const statements = prepareStatements(sqlite);
  const searchIndexSegments = (): number[] => {
    const row = statements.searchIndexStructure.get() as { block: Uint8Array } | undefined;
    return row ? fts5SegmentIds(row.block) : [];
  };

  /** Loads full rows for ids (the counters and facet rows to take back are computed from them). */
  function sharesByIds(ids: number[]): ContactShare[] {
    return chunks(ids).flatMap((chunk) => db.select().from(contactShares).where(inArray(contactShares.id, chunk)).all());
  }

  function deleteInTransaction(params: DeleteSharesParams): Omit<DeleteSharesResult, "heldMs"> {
    // FTS5 secure-delete for this transaction only: the index entries go with the rows, instead of waiting for a merge.
    if (params.searchIndex === "now") statements.secureSearchDeleteOn.run();
    const result = deleteRows(params);
    if (params.searchIndex === "now") statements.secureSearchDeleteOff.run();
    return result;
  }

  function deleteRows(params: DeleteSharesParams): Omit<DeleteSharesResult, "heldMs"> {
    const rows = sharesByIds([...new Set(params.ids)]);
    const counters = new Map<string, { facet: string; value: string; n: number }>();
    const days = new Map<number, number>();
    const deleted: DeletedShare[] = [];
    for (const row of rows) {
      statements.deleteShare.run(row.id);
      statements.deleteSearchText.run(row.id);
      // A rare search fragment no longer lists the card (lib/model/search-fragments.ts).
      statements.deleteFragmentCards.run(row.id);
      const sortAt = row.sortAt.getTime();
      for (const facet of shareFacetsOf(row)) statements.deleteFacet.run(facet.facet, facet.value, sortAt, row.id);
      for (const key of counterKeysOf(row)) {
        const id = `${key.facet}\u0000${key.value}`;
        counters.set(id, { facet: key.facet, value: key.value, n: (counters.get(id)?.n ?? 0) + 1 });
      }
      days.set(dayOf(sortAt), (days.get(dayOf(sortAt)) ?? 0) + 1);
      countCampaignShare(sqlite, row, -1);
      statements.insertTombstone.run(row.id, row.messageId, row.position, row.ref, row.ref1, row.ref2, params.at.getTime());
      deleted.push({ id: row.id, callbackId: row.callbackId, messageId: row.messageId, position: row.position });
    }
    // Counters go back by exactly what the cards added; a counter at zero goes, so no value of a deleted card stays behind.
    for (const counter of counters.values()) {
      statements.decrementCounter.run(counter.n, counter.facet, counter.value);
      statements.deleteEmptyCounter.run(counter.facet, counter.value);
    }
    for (const [day, n] of days) {
      statements.decrementDay.run(n, day);
      statements.deleteEmptyDay.run(day);
    }
    const callbacksRedacted = redactBodies(deleted, params);
    for (const messageId of new Set(deleted.map((share) => share.messageId))) statements.forgetRedeliveries.run(messageId, messageId);
    return { deleted, callbacksRedacted };
  }

  /** Every logged body holding a deleted card, redacted once with all of its cards. */
  function redactBodies(deleted: DeletedShare[], params: DeleteSharesParams): number[] {
    if (deleted.length === 0) return [];
    const holders = bodyHoldersOf(deleted);
    for (const chunk of chunks(holders.messageIds())) {
      const links = sqlite.prepare(`select message_id as messageId, callback_id as callbackId from redelivered_messages where message_id in (${marks(chunk)})`).all(...chunk) as { messageId: string; callbackId: number }[];
      for (const link of links) holders.addRedelivery(link);
    }
    let frontier = holders.callbackIds();
    for (let depth = 0; depth < maxReprocessChain && frontier.length; depth++) {
      const next: number[] = [];
      for (const chunk of chunks(frontier)) {
        const links = sqlite.prepare(`select id as callbackId, reprocessed_from as reprocessedFrom from callbacks where id in (${marks(chunk)}) and reprocessed_from is not null`).all(...chunk) as { callbackId: number; reprocessedFrom: number }[];
        for (const link of links) if (holders.addReprocessedFrom(link)) next.push(link.reprocessedFrom);
      }
      frontier = next;
    }
    const redacted: number[] = [];
    for (const callbackId of holders.callbackIds()) {
      const stored = statements.callbackBody.get(callbackId) as { rawBody: unknown } | undefined;
      const rawBody = decodeStoredBody(stored?.rawBody);
      if (rawBody === null) continue;
      const outcome = redactionOutcome({ rawBody, cards: holders.cardsOf(callbackId), bodies: params.bodies, redactBody: params.redactBody });
      if (!outcome) continue;
      statements.redactBody.run(encodeStoredBody(outcome.rawBody), outcome.redaction, params.at.getTime(), callbackId);
      redacted.push(callbackId);
    }
    return redacted;
  }

  function candidateIds(match: ErasureMatch): number[] {
    const fragments = searchFragmentsOfErasure(match);
    if (fragments !== null) {
      // The trigram index answers fragments of 3+ characters; shorter ones (never a real phone or email) scan the text.
      const rows = fragments.flatMap((fragment) => ([...fragment].length >= 3 ? statements.searchIds.all(globPattern(fragment)) : statements.scanSearchText.all(fragment)));
      return (rows as { id: number }[]).map((row) => row.id);
    }
    // A sender's wa_id is the value of their share_facets rows; a user id is only that when no wa_id came with it, so it is looked for in the cards.
    const rows = match.kind === "senderWaId" ? statements.senderFacetIds.all(match.value) : match.kind === "senderUserId" ? statements.senderUserIds.all(match.value) : [];
    return (rows as { id: number }[]).map((row) => row.id);
  }

  async function renewableLease<T>(work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
    const owner = randomUUID();
    const take = () =>
      guarded(() =>
        sqlite
          .transaction(() => {
            const now = Date.now();
            const current = statements.getSetting.get(purgeLeaseKey) as { value: string } | undefined;
            const lease = current ? (JSON.parse(current.value) as { owner: string; until: number }) : null;
            if (lease && lease.owner !== owner && lease.until > now) return false;
            statements.putSetting.run(purgeLeaseKey, JSON.stringify({ owner, until: now + purgeLeaseMs }));
            return true;
          })
          .immediate(),
      );
    if (!take()) return { acquired: false };
    const renew = setInterval(() => {
      try {
        take();
      } catch {
        // A busy moment: the next renewal (well before the lease runs out) tries again.
      }
    }, purgeLeaseMs / 10);
    renew.unref();
    try {
      return { acquired: true, value: await work() };
    } finally {
      clearInterval(renew);
      guarded(() => statements.releaseLease.run(purgeLeaseKey, `%"owner":"${owner}"%`));
    }
  }

  return {
    async deleteShares(params) {
      if (params.ids.length === 0) return { deleted: [], callbacksRedacted: [], heldMs: 0 };
      const { value, heldMs } = guarded(() => withSecureDelete(sqlite, () => holding(sqlite, () => deleteInTransaction(params))));
      return { ...value, heldMs };
    },

    async findShareIdsToErase(params) {
      return guarded(() => {
        const ids = [...new Set(candidateIds(params.match))];
        const matching: number[] = [];
        for (const chunk of chunks(ids)) {
          const rows = sqlite.prepare(`select id, phones, emails, sender_wa_id as senderWaId, sender_user_id as senderUserId from contact_shares where id in (${marks(chunk)})`).all(...chunk) as {
            id: number;
            phones: string;
            emails: string;
            senderWaId: string | null;
            senderUserId: string | null;
          }[];
          for (const row of rows) {
            if (shareMatchesErasure({ ...row, phones: JSON.parse(row.phones), emails: JSON.parse(row.emails) }, params.match)) matching.push(row.id);
          }
        }
        return matching.sort((a, b) => a - b);
      });
    },

    async countSharesReceivedBefore(params) {
      return guarded(() => (statements.countReceivedBefore.get(params.before.getTime()) as { n: number }).n);
    },

    async listShareIdsReceivedBefore(params) {
      return guarded(() => (statements.idsReceivedBefore.all(params.before.getTime(), params.limit) as { id: number }[]).map((row) => row.id));
    },

    async dropUnlinkedBodiesWhere(params) {
      const dropped: number[] = [];
      let after = 0;
      for (;;) {
        // Read a page (no write lock), then drop the matches in a short write of their own.
        const page = guarded(
          () =>
            sqlite
              .prepare(`select id, raw_body as rawBody from callbacks where outcome in (${marks(params.outcomes)}) and raw_body is not null and id > ? order by id limit ?`)
              .all(...params.outcomes, after, bodyPageSize) as { id: number; rawBody: unknown }[],
        );
        if (page.length === 0) return dropped;
        after = page[page.length - 1]!.id;
        const matches = page.filter((row) => params.mentions(decodeStoredBody(row.rawBody)!)).map((row) => row.id);
        if (matches.length) {
          guarded(() =>
            withSecureDelete(sqlite, () =>
              sqlite
                .transaction(() => {
                  for (const id of matches) if (statements.dropBody.run(params.at.getTime(), id).changes) dropped.push(id);
                })
                .immediate(),
            ),
          );
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    },

    async clearRawBodiesReceivedBefore(params) {
      const outcomes = params.outcomes;
      const filter = outcomes ? ` and outcome in (${marks(outcomes)})` : "";
      const { value, heldMs } = guarded(() =>
        withSecureDelete(sqlite, () =>
          holding(
            sqlite,
            () =>
              sqlite
                .prepare(
                  `update callbacks set raw_body = null, redaction = 'body-expired', redacted_at = ?
                   where id in (select id from callbacks where received_at < ? and raw_body is not null${filter} order by received_at limit ?)`,
                )
                .run(params.at.getTime(), params.before.getTime(), ...(outcomes ?? []), params.limit).changes,
          ),
        ),
      );
      return { cleared: value, heldMs };
    },

    async recompressRawBodies(params) {
      const { value, heldMs } = guarded(() =>
        holding(sqlite, () => {
          const rows = statements.bodiesAfter.all(params.afterId, params.throughId, params.limit) as { id: number; rawBody: unknown }[];
          let rewritten = 0;
          for (const row of rows) {
            if (typeof row.rawBody !== "string") continue;
            const stored = encodeStoredBody(row.rawBody);
            if (typeof stored !== "string") rewritten += statements.rewriteBody.run(stored, row.id).changes;
          }
          return { lastId: rows.length ? rows[rows.length - 1]!.id : null, rewritten };
        }),
      );
      return { ...value, heldMs };
    },

    async listShareTombstones(params) {
      return guarded(() =>
        (statements.tombstonesAfter.all(params.afterId, params.limit) as { id: number; shareId: number; messageId: string; position: number; ref: string | null; ref1: string | null; ref2: string | null; deletedAt: number }[]).map((row) => ({
          ...row,
          deletedAt: new Date(row.deletedAt),
          changeXid: null,
        })),
      );
    },

    async findTombstonedCards(params) {
      return guarded(() => params.cards.filter((card: CardRef) => statements.tombstoneOf.get(card.messageId, card.position) !== undefined));
    },

    /** Notes the newest tombstone deleted: a CardDAV sync token older than it can no longer learn every deletion (lib/carddav answers valid-sync-token). */
    async deleteTombstonesBefore(params) {
      return guarded(() =>
        sqlite.transaction(() => {
          const ids = statements.deleteTombstonesBefore.all(params.before.getTime(), params.limit) as number[];
          if (ids.length > 0) statements.notePurgedTombstones.run(tombstonesPurgedThroughKey, String(Math.max(...ids)));
          return ids.length;
        }).immediate(),
      );
    },

    async deleteUnauthenticatedCallbacksBefore(params) {
      return guarded(() => statements.deleteUnauthenticatedBefore.run(params.before.getTime(), params.limit).changes);
    },

    async compactSearchIndexStep(params) {
      // FTS5: a negative merge puts every segment on one level and starts merging them all; it would
      // start over (rewriting what it merged so far) whenever a callback has added segments since,
      // so later steps merge positively, which carries on the merge in progress. total_changes()
      // moving by less than 2 means there was nothing to merge.
      const pages = Math.max(1, Math.round(params.pages));
      const { value, heldMs } = guarded(() =>
        withSecureDelete(sqlite, () =>
          holding(sqlite, () => {
            const before = (statements.totalChanges.get() as { n: number }).n;
            statements.mergeSearchIndex.run(params.first ? -pages : pages);
            const worked = (statements.totalChanges.get() as { n: number }).n - before >= 2;
            return { worked, segmentsAfter: searchIndexSegments() };
          }),
        ),
      );
      return { ...value, heldMs };
    },

    async setSearchIndexAutomerge(params) {
      guarded(() => (params.on ? statements.automergeOn : statements.automergeOff).run());
    },

    async listSearchIndexSegments() {
      return guarded(searchIndexSegments);
    },

    withPurgeLock: renewableLease,
  };
}

function prepareStatements(sqlite: Database.Database) {
  return {
    deleteShare: sqlite.prepare("delete from contact_shares where id = ?"),
    deleteSearchText: sqlite.prepare("delete from contact_search_text where share_id = ?"),
    deleteFragmentCards: sqlite.prepare("delete from search_fragment_cards where share_id = ?"),
    deleteFacet: sqlite.prepare("delete from share_facets where facet = ? and value = ? and sort_at = ? and share_id = ?"),
    decrementCounter: sqlite.prepare("update facet_counts set count = count - ? where facet = ? and value = ?"),
    deleteEmptyCounter: sqlite.prepare("delete from facet_counts where facet = ? and value = ? and count <= 0"),
    decrementDay: sqlite.prepare("update daily_counts set count = count - ? where day = ?"),
    deleteEmptyDay: sqlite.prepare("delete from daily_counts where day = ? and count <= 0"),
    insertTombstone: sqlite.prepare("insert into share_tombstones (share_id, message_id, position, ref, ref1, ref2, deleted_at) values (?, ?, ?, ?, ?, ?, ?)"),
    forgetRedeliveries: sqlite.prepare("delete from redelivered_messages where message_id = ? and not exists (select 1 from contact_shares where message_id = ?)"),
    callbackBody: sqlite.prepare("select raw_body as rawBody from callbacks where id = ?"),
    bodiesAfter: sqlite.prepare("select id, raw_body as rawBody from callbacks where id > ? and id <= ? order by id limit ?"),
    rewriteBody: sqlite.prepare("update callbacks set raw_body = ? where id = ?"),
    redactBody: sqlite.prepare("update callbacks set raw_body = ?, redaction = ?, redacted_at = ? where id = ?"),
    dropBody: sqlite.prepare("update callbacks set raw_body = null, redaction = 'body-dropped', redacted_at = ? where id = ? and raw_body is not null"),
    searchIds: sqlite.prepare("select rowid as id from contact_search where text glob ?"),
    scanSearchText: sqlite.prepare("select share_id as id from contact_search_text where instr(text, ?) > 0"),
    senderFacetIds: sqlite.prepare("select share_id as id from share_facets where facet = 'sender' and value = ?"),
    senderUserIds: sqlite.prepare("select id from contact_shares where sender_user_id = ?"),
    countReceivedBefore: sqlite.prepare("select count(*) as n from contact_shares where received_at < ?"),
    idsReceivedBefore: sqlite.prepare("select id from contact_shares where received_at < ? order by received_at limit ?"),
    tombstonesAfter: sqlite.prepare(
      "select id, share_id as shareId, message_id as messageId, position, ref, ref1, ref2, deleted_at as deletedAt from share_tombstones where id > ? order by id limit ?",
    ),
    tombstoneOf: sqlite.prepare("select 1 from share_tombstones where message_id = ? and position = ?"),
    deleteTombstonesBefore: sqlite.prepare("delete from share_tombstones where id in (select id from share_tombstones where deleted_at < ? order by deleted_at limit ?) returning id").pluck(),
    deleteUnauthenticatedBefore: sqlite.prepare(
      "delete from callbacks where id in (select id from callbacks where outcome = 'rejected' and received_at < ? and http_status = 401 and raw_body is null and shares_stored = 0 order by received_at limit ?)",
    ),
    notePurgedTombstones: sqlite.prepare("insert into settings (key, value) values (?, ?) on conflict (key) do update set value = max(cast(value as integer), cast(excluded.value as integer))"),
    getSetting: sqlite.prepare("select value from settings where key = ?"),
    putSetting: sqlite.prepare("insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value"),
    releaseLease: sqlite.prepare("delete from settings where key = ? and value like ?"),
    // Literal values: FTS5 wants an integer here, and a bound JavaScript number arrives as a real.
    secureSearchDeleteOn: sqlite.prepare("insert into contact_search (contact_search, rank) values ('secure-delete', 1)"),
    secureSearchDeleteOff: sqlite.prepare("insert into contact_search (contact_search, rank) values ('secure-delete', 0)"),
    mergeSearchIndex: sqlite.prepare("insert into contact_search (contact_search, rank) values ('merge', ?)"),
    // FTS5's default automerge is 4 (merge a level once it holds 4 segments).
    automergeOn: sqlite.prepare("insert into contact_search (contact_search, rank) values ('automerge', 4)"),
    automergeOff: sqlite.prepare("insert into contact_search (contact_search, rank) values ('automerge', 0)"),
    totalChanges: sqlite.prepare("select total_changes() as n"),
    searchIndexStructure: sqlite.prepare("select block from contact_search_data where id = 10"),
  };
}

/**
 * Runs a write in an IMMEDIATE transaction and answers how long it held the write lock: from the
 * moment it had the lock (waiting for another writer does not count) to its commit.
 */
function holding<T>(sqlite: Database.Database, write: () => T): { value: T; heldMs: number } {
  let locked = 0;
  const value = sqlite
    .transaction(() => {
      locked = performance.now();
      return write();
    })
    .immediate();
  return { value, heldMs: performance.now() - locked };
}

/**
 * Runs a write with secure_delete ON: every page it frees or changes has the old content zeroed,
 * including the overflow pages of a large body (FAST, the connection's default, leaves freed pages
 * as they were). Only the deleting writes pay for the extra I/O.
 */
function withSecureDelete<T>(sqlite: Database.Database, write: () => T): T {
  sqlite.pragma("secure_delete = ON");
  try {
    return write();
  } finally {
    sqlite.pragma("secure_delete = FAST");
  }
}

function chunks<T>(values: T[]): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < values.length; index += chunkSize) result.push(values.slice(index, index + chunkSize));
  return result;
}

function marks(values: unknown[]): string {
  return values.map(() => "?").join(", ");
}
