/**
 * `npm run db:copy -- --from ./data/inbox.db --to postgres://…`: moves an inbox from its SQLite file
 * into an empty PostgreSQL database — every table (shares, callback log, agents, tokens, sessions,
 * counters, settings…), ids kept, in batches with progress — then checks that every table holds
 * the same number of rows (and the counters the same totals). Refuses a target that holds data.
 * The source is migrated to the newest schema first; stop the app (or accept that callbacks
 * arriving during the copy stay in the SQLite file).
 */
import Database from "better-sqlite3";
import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import pg from "pg";
import { openPostgres } from "../db/postgres/client";
import * as postgresSchema from "../db/postgres/schema";
import { openSqlite } from "../db/sqlite/client";
import { parseCommandLine } from "./command-line";
import { decodeStoredBody } from "../db/sqlite/stored-body";

/** Rows per INSERT: as many as fit under PostgreSQL's 65,535 parameters per statement. */
const parametersPerInsert = 60_000;

/** Columns PostgreSQL has and SQLite does not, and what a copied row holds in them. */
const postgresOnlyValues: Record<string, unknown> = { shard: 0 };

const usage = "usage: npm run db:copy -- --from ./data/inbox.db --to postgres://user:password@host/database";

async function main(): Promise<number> {
  const { values } = parseCommandLine({ options: { from: { type: "string" }, to: { type: "string" } } }, usage);
  if (!values.from || !values.to) return fail(`--from and --to are both required\n${usage}`);
  if (!/^postgres(ql)?:\/\//.test(values.to)) return fail("--to must be a postgres:// or postgresql:// URL");

  console.log(`source: ${values.from} (migrating to the newest schema first)`);
  openSqlite({ file: values.from, busyTimeoutMs: 5000 }).$client.close();
  const source = new Database(values.from, { readonly: true, fileMustExist: true });
  console.log("target: PostgreSQL (migrating)");
  const target = await openPostgres({ url: values.to, poolSize: 2, statementTimeoutMs: 600_000 });
  const pool = target.$client;
  try {
    const tables = Object.values(postgresSchema).filter(isTable).filter((table) => hasTable(source, getTableName(table)));
    const nonEmpty = [];
    for (const table of tables) if (Number((await pool.query(`select count(*) as n from "${getTableName(table)}"`)).rows[0].n) > 0) nonEmpty.push(getTableName(table));
    if (nonEmpty.length) return fail(`the target database is not empty (${nonEmpty.join(", ")} hold rows): db:copy only fills an empty database`);

    const client = await pool.connect();
    try {
      await client.query("begin");
      // The copy is durable when this says so, whatever the server's default; and VACUUM below can
      // only mark rows visible to all once their commit is flushed.
      await client.query("set local synchronous_commit = on");
      for (const table of tables) await copyTable(source, client, table);
      // PostgreSQL's own summary of the campaign links (SQLite has none): built from the copied links.
      const reachRows = Number((await client.query("select campaign_key_reach_rebuild() as n")).rows[0].n);
      console.log(`  campaign_key_reach: ${reachRows.toLocaleString()} days summed from campaign_key_firsts`);
      await client.query("commit");
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }

    let mismatches = 0;
    console.log("\nverifying:");
    for (const table of tables) {
      const name = getTableName(table);
      const from = Number((source.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n);
      const to = Number((await pool.query(`select count(*) as n from "${name}"`)).rows[0].n);
      const same = from === to;
      if (!same) mismatches += 1;
      console.log(`  ${same ? "ok " : "!! "} ${name}: ${from} → ${to}`);
    }
    for (const name of ["facet_counts", "daily_counts"]) {
      const from = Number((source.prepare(`select coalesce(sum(count), 0) as n from ${name}`).get() as { n: number }).n);
      const to = Number((await pool.query(`select coalesce(sum(count), 0) as n from ${name}`)).rows[0].n);
      if (from !== to) mismatches += 1;
      console.log(`  ${from === to ? "ok " : "!! "} ${name} totals: ${from} → ${to}`);
    }
    if (mismatches) return fail(`${mismatches} check(s) differ: the copy is not complete`);
    await vacuumCopiedTables(pool);
    console.log("\ncopied and verified. Point the app at the new database with DATABASE_URL.");
    return 0;
  } finally {
    source.close();
    await pool.end();
  }
}

/**
 * VACUUM (ANALYZE) once the copy is verified: freshly inserted rows are not yet marked visible to all,
 * so until autovacuum gets to them an index-only scan still reads the table for every entry (page 200
 * of the inbox read 10,000 table rows) and the first reads write every page again to set hint bits.
 */
async function vacuumCopiedTables(pool: pg.Pool): Promise<void> {
  console.log("\npreparing the copy for reads (VACUUM ANALYZE)…");
  const started = performance.now();
  const client = await pool.connect();
  try {
    await client.query("set statement_timeout = 0");
    await client.query("vacuum (analyze)");
  } finally {
    client.release();
  }
  console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Copies one table in batches, ids kept (identity sequences moved past them afterwards). */
async function copyTable(source: Database.Database, client: pg.PoolClient, table: Table): Promise<void> {
  const name = getTableName(table);
  const sourceColumns = new Set((source.prepare(`select name from pragma_table_info(?)`).all(name) as { name: string }[]).map((row) => row.name));
  const columns = Object.values(getTableColumns(table) as Record<string, PgColumn>).filter((column) => sourceColumns.has(column.name) || column.name in postgresOnlyValues);
  const total = (source.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n;
  const hasIdentity = columns.some((column) => column.name === "id");
  const readColumns = columns.filter((column) => sourceColumns.has(column.name));
  const read = source.prepare(`select ${readColumns.map((column) => `"${column.name}"`).join(", ")} from "${name}" ${sourceColumns.has("id") ? "order by id" : ""} limit ? offset ?`);
  const batchSize = Math.max(1, Math.floor(parametersPerInsert / columns.length));
  let copied = 0;
  for (let offset = 0; offset < total; offset += batchSize) {
    const rows = read.all(batchSize, offset) as Record<string, unknown>[];
    const params: unknown[] = [];
    const tuples = rows.map((row) => `(${columns.map((column) => (params.push(convert(column, column.name in postgresOnlyValues && !sourceColumns.has(column.name) ? postgresOnlyValues[column.name] : row[column.name])), `$${params.length}`)).join(", ")})`);
    await client.query(`insert into "${name}" (${columns.map((column) => `"${column.name}"`).join(", ")}) ${hasIdentity ? "overriding system value" : ""} values ${tuples.join(", ")}`, params);
    copied += rows.length;
    process.stdout.write(`\r  ${name}: ${copied.toLocaleString()} / ${total.toLocaleString()}   `);
  }
  if (total === 0) process.stdout.write(`\r  ${name}: 0 / 0   `);
  process.stdout.write("\n");
  if (hasIdentity) await client.query(`select setval(pg_get_serial_sequence('"${name}"', 'id'), greatest((select max(id) from "${name}"), 1), (select count(*) > 0 from "${name}"))`);
}

/** A SQLite value as the PostgreSQL column takes it: times are milliseconds, lists JSON text, booleans 0/1. */
function convert(column: PgColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // SQLite keeps callback bodies compressed; PostgreSQL keeps their text.
  if (getTableName(column.table) === "callbacks" && column.name === "raw_body") return decodeStoredBody(value);
  switch (column.columnType) {
    case "PgTimestamp":
      return new Date(Number(value));
    case "PgJsonb":
      return typeof value === "string" ? value : JSON.stringify(value);
    case "PgBoolean":
      return Boolean(value);
    default:
      return value;
  }
}

function isTable(value: unknown): value is Table {
  try {
    return typeof getTableName(value as Table) === "string";
  } catch {
    return false;
  }
}

function hasTable(source: Database.Database, name: string): boolean {
  return source.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !== undefined;
}

function fail(message: string): number {
  console.error(`error: ${message}`);
  return 2;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error("db:copy failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  });
