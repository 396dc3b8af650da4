import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/**
 * One better-sqlite3 handle per process, opened and migrated on first use. Cached on globalThis
 * so that dev-mode hot reloads do not open a new file handle on every save.
 */
export function getDb(): Db {
  const cache = globalThis as typeof globalThis & { __contactInboxDb?: Db };
  cache.__contactInboxDb ??= openDatabase(env.DATABASE_PATH);
  return cache.__contactInboxDb;
}

export function openDatabase(file: string): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // WAL lets agents read while callbacks are written; FULL makes every acknowledged commit survive power loss;
  // the busy timeout makes a writer wait for the lock instead of failing at once.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma(`busy_timeout = ${env.SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma("foreign_keys = ON");
  // After each checkpoint the -wal file is cut back to this size, so a burst does not leave it large for good.
  sqlite.pragma("journal_size_limit = 8388608");
  // 64 MiB of page cache: the hot parts of the indexes of a million cards stay in memory.
  sqlite.pragma("cache_size = -65536");
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder });
  return db as Db;
}
