import "server-only";
import path from "node:path";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { jsonWithoutNul } from "@/lib/model/nul";
import * as schema from "./schema";
import { classifyPostgresError } from "./storage-errors";

export type PostgresDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export type PostgresOptions = { url: string; poolSize: number; statementTimeoutMs: number };

const migrationsFolder = path.join(process.cwd(), "db", "postgres", "migrations");

/** The key of the advisory lock instances take to migrate: instances starting together migrate once. */
const migrationLockKey = 7_236_145_019;

// int8 (bigint: ids, counts) as numbers: ids and counts here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * The pool's connections: every string a query sends has its U+0000 replaced (lib/model/nul.ts),
 * which PostgreSQL would refuse ("invalid byte sequence"), so a NUL in any input (a form, a filter,
 * a CardDAV path, a rejected body) is compared and stored as on SQLite instead of failing the request.
 */
class NulSafeClient extends pg.Client {}
const sendQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
NulSafeClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config, values] = args;
  if (Array.isArray(values)) args[1] = values.map(parameterWithoutNul);
  else if (isQueryConfig(config)) args[0] = { ...config, values: config.values.map(parameterWithoutNul) };
  return sendQuery.apply(this, args);
} as typeof pg.Client.prototype.query;

function isQueryConfig(value: unknown): value is { values: unknown[] } {
  // A Submittable (a cursor, a stream) is passed on as it is: it binds its own values.
  return typeof value === "object" && value !== null && Array.isArray((value as { values?: unknown }).values) && typeof (value as { submit?: unknown }).submit !== "function";
}

function parameterWithoutNul(value: unknown): unknown {
  return typeof value === "string" || Array.isArray(value) || (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) ? jsonWithoutNul(value) : value;
}

/** Opens the pool and applies pending migrations under an advisory lock. */
export async function openPostgres(options: PostgresOptions): Promise<PostgresDb> {
  const pool = new pg.Pool({
    Client: NulSafeClient,
    connectionString: options.url,
    max: options.poolSize,
    // A request waits at most this long for a connection (the server down, or every connection busy), then answers 503.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: "contact-inbox",
    statement_timeout: options.statementTimeoutMs,
    idle_in_transaction_session_timeout: Math.max(options.statementTimeoutMs * 2, 10_000),
  });
  // An idle connection that dies (the server restarting) must not take the process down; the pool replaces it.
  pool.on("error", (error) => console.warn("[contact-inbox] PostgreSQL connection lost:", error.message));
  const db = drizzle({ client: pool, schema }) as PostgresDb;
  try {
    await migrateOnce(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw classifyPostgresError(error);
  }
  return db;
}

async function migrateOnce(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [migrationLockKey]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [migrationLockKey]);
    }
  } finally {
    client.release();
  }
}

/** Where the data lives, for the start-up log: the URL without its password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}
