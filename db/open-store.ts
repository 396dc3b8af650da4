import "server-only";
import type { Store } from "@/lib/model/store";
import { openSqliteStore } from "./sqlite/store";

export type StoreConfig = {
  /** postgres:// or postgresql://: the PostgreSQL engine. Unset: SQLite at `databasePath`. */
  databaseUrl?: string;
  databasePath: string;
  sqliteBusyTimeoutMs: number;
  poolSize: number;
  statementTimeoutMs: number;
};

/** The one place an engine is chosen: PostgreSQL when a URL is given, else the embedded SQLite file. */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.databaseUrl) {
    const { openPostgresStore } = await import("./postgres/store");
    return openPostgresStore({ url: config.databaseUrl, poolSize: config.poolSize, statementTimeoutMs: config.statementTimeoutMs });
  }
  return openSqliteStore({ file: config.databasePath, busyTimeoutMs: config.sqliteBusyTimeoutMs });
}
