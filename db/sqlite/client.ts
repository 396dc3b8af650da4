import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type SqliteDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export type SqliteOptions = { file: string; busyTimeoutMs: number };

const migrationsFolder = path.join(process.cwd(), "db", "sqlite", "migrations");

/** Opens the SQLite file (creating its folder), sets the pragmas the app relies on, and applies pending migrations. */
export function openSqlite(options: SqliteOptions): SqliteDb {
  if (options.file !== ":memory:") mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  const sqlite = new Database(options.file);
  // WAL lets agents read while callbacks are written; FULL makes every acknowledged commit survive power loss;
  // the busy timeout makes a writer wait for the lock instead of failing at once.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  sqlite.pragma("foreign_keys = ON");
  // After each checkpoint the -wal file is cut back to this size, so a burst does not leave it large for good.
  sqlite.pragma("journal_size_limit = 8388608");
  // 64 MiB of page cache: the hot parts of the indexes of a million cards stay in memory.
  sqlite.pragma("cache_size = -65536");
  // Deleted content is zeroed in the pages a write touches anyway (no extra I/O on ingest); deleting
  // personal data switches to ON for its own transactions (withSecureDelete in lifecycle.ts).
  sqlite.pragma("secure_delete = FAST");
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder });
  return db as SqliteDb;
}
