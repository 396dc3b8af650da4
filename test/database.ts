import Database from "better-sqlite3";
import pg from "pg";
import { decodeStoredBody } from "@/db/sqlite/stored-body";

/**
 * Plain SQL against the test file's own database, whichever engine runs: for checking what was
 * stored (row counts, log entries) without going through the code under test. Write `?` placeholders;
 * table and column names are the same on both engines. Callback bodies: select `raw_body` (it reads as
 * text on both), and match them with `callbacksWithBodyContaining`, not SQL's LIKE. Opened lazily, after the store migrated.
 */
export const testEngine: "sqlite" | "postgres" = process.env.DATABASE_URL ? "postgres" : "sqlite";

let sqlite: Database.Database | null = null;
let pool: pg.Pool | null = null;

export async function sqlAll<Row = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<Row[]> {
  // The store creates and migrates the database when first opened.
  await (await import("@/app/_server/store")).getStore();
  if (testEngine === "sqlite") {
    sqlite ??= new Database(process.env.DATABASE_PATH!);
    const statement = sqlite.prepare(query);
    if (!statement.reader) return (statement.run(...params), []) as Row[];
    // SQLite keeps callback bodies compressed: a `raw_body` column reads as its text, as on PostgreSQL.
    return (statement.all(...params) as Record<string, unknown>[]).map((row) => ("raw_body" in row ? { ...row, raw_body: decodeStoredBody(row.raw_body) } : row)) as Row[];
  }
  pool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  let index = 0;
  return (await pool.query(query.replace(/\?/g, () => `$${++index}`), params)).rows as Row[];
}

export async function sqlOne<Row = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<Row | undefined> {
  return (await sqlAll<Row>(query, ...params))[0];
}

/** A count from SQL ending in `count(*) as n`, as a number on both engines. */
export async function sqlCount(query: string, ...params: unknown[]): Promise<number> {
  return Number((await sqlOne<{ n: number | string }>(query, ...params))?.n ?? 0);
}

export async function closeTestDatabase(): Promise<void> {
  sqlite?.close();
  sqlite = null;
  await pool?.end();
  pool = null;
}

/** Log entries whose body contains `fragment` (SQLite stores bodies compressed, so LIKE cannot see into them). */
export async function callbacksWithBodyContaining(fragment: string): Promise<{ id: number; outcome: string; http_status: number }[]> {
  const rows = await sqlAll<{ id: number; outcome: string; http_status: number; raw_body: string | null }>("select id, outcome, http_status, raw_body from callbacks order by id");
  return rows.filter((row) => row.raw_body?.includes(fragment)).map(({ id, outcome, http_status }) => ({ id: Number(id), outcome, http_status }));
}
