import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { davEpochKey, inBook, tombstonesPurgedThroughKey, type DavBook, type DavPage, type DavRemoval } from "@/lib/model/carddav";
import type { ContactShare } from "@/lib/model/contact-share";
import type { CardDavStore } from "@/lib/model/store";
import type { SqliteDb } from "./client";
import { agents, appPasswords, contactShares } from "./schema";
import { guarded } from "./storage-errors";

/**
 * CardDAV reads on SQLite. One writer at a time and AUTOINCREMENT ids make ids commit-ordered: a
 * cursor is `<highest share id ever>.<highest tombstone id ever>` (sqlite_sequence, so deleting the
 * newest share does not move it back), and changes since it are the ids above it.
 */
export function sqliteCardDavStore(db: SqliteDb): CardDavStore {
  const sqlite = db.$client;
  const statements = {
    sequence: sqlite.prepare("select seq from sqlite_sequence where name = ?").pluck(),
    getSetting: sqlite.prepare("select value from settings where key = ?").pluck(),
    insertSettingIfAbsent: sqlite.prepare("insert into settings (key, value) values (?, ?) on conflict (key) do nothing"),
    allIds: sqlite.prepare("select id from contact_shares where id > ? and id <= ? order by id limit ?").pluck(),
    campaignIdsSince: sqlite.prepare("select id from contact_shares where id > ? and id <= ? and (ref = ? or ref1 = ? or ref2 = ?) order by id limit ?").pluck(),
    campaignFacetPage: sqlite.prepare(
      "select sort_at as sortAt, share_id as shareId from share_facets where facet = 'campaign' and value = ? and (sort_at, share_id) > (?, ?) and share_id <= ? order by sort_at, share_id limit ?",
    ),
    allRemovals: sqlite.prepare("select id as tombstoneId, share_id as shareId from share_tombstones where id > ? and id <= ? order by id limit ?"),
    campaignRemovals: sqlite.prepare("select id as tombstoneId, share_id as shareId from share_tombstones where id > ? and id <= ? and (ref = ? or ref1 = ? or ref2 = ?) order by id limit ?"),
  };

  const sequenceOf = (table: string) => (statements.sequence.get(table) as number | undefined) ?? 0;
  const readCursor = sqlite.transaction(() => `${sequenceOf("contact_shares")}.${sequenceOf("share_tombstones")}`);
  let epoch: string | undefined;

  function rowsInOrder(ids: number[]): ContactShare[] {
    if (ids.length === 0) return [];
    const byId = new Map<number, ContactShare>();
    for (let start = 0; start < ids.length; start += 500) {
      for (const row of db.select().from(contactShares).where(inArray(contactShares.id, ids.slice(start, start + 500))).all()) byId.set(row.id, row);
    }
    return ids.map((id) => byId.get(id)).filter((row): row is ContactShare => row !== undefined);
  }

  /** One page of a book's member ids: a campaign book's full listing by the share-facet key, anything else by id. */
  function idsPage(params: { book: DavBook; since: string | null; until: string; after: string | null; limit: number }): DavPage<number> {
    const until = cursorOrThrow(params.until);
    const since = params.since === null ? null : cursorOrThrow(params.since);
    if (params.book.kind === "campaign" && since === null) {
      const [sortAt, shareId] = params.after ? params.after.split("/").map(Number) : [-Infinity, 0];
      const keys = statements.campaignFacetPage.all(params.book.value, sortAt, shareId, until.shares, params.limit) as { sortAt: number; shareId: number }[];
      const last = keys.at(-1);
      return { rows: keys.map((key) => key.shareId), next: keys.length < params.limit || !last ? null : `${last.sortAt}/${last.shareId}` };
    }
    const after = Math.max(params.after ? Number(params.after) : 0, since?.shares ?? 0);
    const ids = (params.book.kind === "all"
      ? statements.allIds.all(after, until.shares, params.limit)
      : statements.campaignIdsSince.all(after, until.shares, params.book.value, params.book.value, params.book.value, params.limit)) as number[];
    return { rows: ids, next: ids.length < params.limit ? null : String(ids.at(-1)) };
  }

  return {
    async getDavSyncPoint() {
      return guarded(() => {
        // Read without writing: the epoch is made once, by the first sync of the database's life.
        epoch ??= (statements.getSetting.get(davEpochKey) as string | undefined) ?? (statements.insertSettingIfAbsent.run(davEpochKey, randomUUID()), statements.getSetting.get(davEpochKey) as string);
        return { epoch, cursor: readCursor() };
      });
    },

    async checkDavCursor(params) {
      const parsed = parseCursor(params.cursor);
      if (!parsed) return "invalid";
      return guarded(() => {
        if (parsed.shares > sequenceOf("contact_shares") || parsed.tombstones > sequenceOf("share_tombstones")) return "invalid";
        const purgedThrough = Number(statements.getSetting.get(tombstonesPurgedThroughKey) ?? 0);
        return parsed.tombstones < purgedThrough ? "expired" : "ok";
      });
    },

    async listDavShares(params) {
      return guarded((): DavPage<ContactShare> => {
        const page = idsPage(params);
        return { rows: rowsInOrder(page.rows), next: page.next };
      });
    },

    async listDavShareIds(params) {
      return guarded(() => idsPage(params));
    },

    async listDavRemovals(params) {
      const until = cursorOrThrow(params.until);
      const since = cursorOrThrow(params.since);
      return guarded((): DavPage<DavRemoval> => {
        const after = Math.max(params.after ? Number(params.after) : 0, since.tombstones);
        const rows = (params.book.kind === "all"
          ? statements.allRemovals.all(after, until.tombstones, params.limit)
          : statements.campaignRemovals.all(after, until.tombstones, params.book.value, params.book.value, params.book.value, params.limit)) as DavRemoval[];
        return { rows, next: rows.length < params.limit ? null : String(rows.at(-1)!.tombstoneId) };
      });
    },

    async getDavShares(params) {
      return guarded(() => rowsInOrder(params.ids).filter((row) => inBook(params.book, row)));
    },

    async insertAppPassword(params) {
      return guarded(() => db.insert(appPasswords).values(params).returning().get());
    },

    async listAppPasswords(params) {
      return guarded(() => db.select().from(appPasswords).where(eq(appPasswords.agentId, params.agentId)).orderBy(desc(appPasswords.createdAt), desc(appPasswords.id)).all());
    },

    async revokeAppPassword(params) {
      return guarded(
        () =>
          db
            .update(appPasswords)
            .set({ revokedAt: params.at })
            .where(and(eq(appPasswords.id, params.id), eq(appPasswords.agentId, params.agentId), isNull(appPasswords.revokedAt)))
            .returning({ id: appPasswords.id })
            .all().length > 0,
      );
    },

    async findLiveAppPassword(params) {
      return guarded(() => {
        const row = db
          .select({ appPassword: appPasswords, agent: agents })
          .from(appPasswords)
          .innerJoin(agents, eq(agents.id, appPasswords.agentId))
          .where(and(eq(appPasswords.secretHash, params.secretHash), isNull(appPasswords.revokedAt)))
          .get();
        if (!row) return null;
        // Every sync is several requests: noting each would turn reads into writes; once a minute shows it is in use.
        if (!row.appPassword.lastUsedAt || params.now.getTime() - row.appPassword.lastUsedAt.getTime() > 60_000) {
          db.update(appPasswords).set({ lastUsedAt: params.now }).where(eq(appPasswords.id, row.appPassword.id)).run();
        }
        return row;
      });
    },
  };
}

function parseCursor(cursor: string): { shares: number; tombstones: number } | null {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(cursor);
  return match ? { shares: Number(match[1]), tombstones: Number(match[2]) } : null;
}

function cursorOrThrow(cursor: string): { shares: number; tombstones: number } {
  const parsed = parseCursor(cursor);
  if (!parsed) throw new TypeError(`not a SQLite CardDAV cursor: ${cursor}`);
  return parsed;
}
