import "server-only";
import type { Store } from "@/lib/model/store";
import { postgresAccountStore } from "./accounts";
import { postgresAuditStore } from "./audit";
import { postgresCardDavStore } from "./carddav";
import { postgresCallbackStore } from "./callbacks";
import { postgresCampaignStore } from "./campaigns";
import { openPostgres, redactedUrl, type PostgresOptions } from "./client";
import { postgresContactStore } from "./contacts";
import { postgresSearchFragmentStore } from "./search-fragments";
import { guardedPg } from "./guarded";
import { postgresLifecycleStore } from "./lifecycle";

/** The engine for teams that outgrow one machine: one PostgreSQL server, any number of app instances. */
export async function openPostgresStore(options: PostgresOptions): Promise<Store> {
  const db = await openPostgres(options);
  const pool = db.$client;
  const callbacksStore = postgresCallbackStore(db);
  return {
    engine: "postgres",
    location: redactedUrl(options.url),
    ...callbacksStore,
    ...postgresContactStore(db),
    ...postgresSearchFragmentStore(db),
    ...postgresCampaignStore(db),
    ...postgresAccountStore(db),
    ...postgresLifecycleStore(db),
    ...postgresAuditStore(db),
    ...postgresCardDavStore(db),
    async bulkLoad(load) {
      await load((batch) => callbacksStore.ingestCallbackBatch(batch));
      await guardedPg(() => pool.query("analyze"));
    },
    async checkHealth() {
      await guardedPg(() => pool.query("select 1 as ok"));
    },
    async insertBenchFloorRow(params) {
      await guardedPg(() => pool.query("insert into bench_floor (message_id, body) values ($1, $2) on conflict do nothing", [params.messageId, params.body]));
    },
    async backupTo() {
      return { ok: false, reason: "PostgreSQL: take backups with pg_dump (see the README, \"Backups\"); this command copies SQLite files" };
    },
    async close() {
      await pool.end();
    },
  };
}
