import "server-only";
import path from "node:path";
import type { Store } from "@/lib/model/store";
import { sqliteAccountStore } from "./accounts";
import { sqliteAuditStore } from "./audit";
import { sqliteCardDavStore } from "./carddav";
import { backupSqlite } from "./backup";
import { sqliteCallbackStore } from "./callbacks";
import { sqliteCampaignStore } from "./campaigns";
import { openSqlite, type SqliteOptions } from "./client";
import { sqliteContactStore } from "./contacts";
import { sqliteSearchFragmentStore } from "./search-fragments";
import { sqliteLifecycleStore } from "./lifecycle";
import { guarded } from "./storage-errors";

/** The embedded engine: one SQLite file, one connection per process, migrated when opened. */
export function openSqliteStore(options: SqliteOptions): Store {
  const db = openSqlite(options);
  const sqlite = db.$client;
  const callbacksStore = sqliteCallbackStore(db);
  return {
    engine: "sqlite",
    location: options.file === ":memory:" ? ":memory:" : path.resolve(options.file),
    ...callbacksStore,
    ...sqliteContactStore(db),
    ...sqliteSearchFragmentStore(db),
    ...sqliteCampaignStore(db),
    ...sqliteAccountStore(db),
    ...sqliteLifecycleStore(db),
    ...sqliteAuditStore(db),
    ...sqliteCardDavStore(db),
    async bulkLoad(load) {
      sqlite.pragma("synchronous = OFF");
      try {
        await load((batch) => callbacksStore.ingestCallbackBatch(batch));
      } finally {
        sqlite.pragma("synchronous = FULL");
      }
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
      sqlite.exec("ANALYZE");
    },
    async checkHealth() {
      guarded(() => sqlite.prepare("select 1 as ok").get());
    },
    async insertBenchFloorRow(params) {
      guarded(() => {
        sqlite.exec("create table if not exists bench_floor (message_id text primary key, body text not null)");
        sqlite.prepare("insert or ignore into bench_floor (message_id, body) values (?, ?)").run(params.messageId, params.body);
      });
    },
    async backupTo(params) {
      return guarded(() => backupSqlite(sqlite, params.file));
    },
    async close() {
      if (sqlite.open) sqlite.close();
    },
  };
}
