/**
 * The storage engine a benchmark run measures (`--engine=sqlite`, the default, or `--engine=postgres`):
 * where its generated databases are cached, how a server and a script are pointed at one, and how
 * a measurement gets a throw-away copy and counts rows in it. run.ts measures the same way on both.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { startPostgresCluster, type PostgresCluster } from "../test/postgres-cluster";
import { cachedDatabasePath, datasetVersion } from "./cache";

const root = path.join(import.meta.dirname, "..");

export type BenchDatabase = {
  /** What it is, for the output. */
  label: string;
  /** Environment that points the app (a server, a script) at it. */
  env: Record<string, string>;
  /** The first column of the first row of a SQL query, as a number. */
  count(sql: string): Promise<number>;
  /** Bytes on disk, indexes and the callback log included. */
  bytes(): Promise<number>;
  /** A throw-away copy for a measurement that writes (ingest, exports). */
  copy(label: string): Promise<BenchDatabase>;
  remove(): Promise<void>;
};

export type BenchEngine = {
  name: "sqlite" | "postgres";
  /** The cached database of `shares` generated shares, generated through the app's store when missing. */
  ensure(shares: number): Promise<BenchDatabase>;
  close(): Promise<void>;
};

export async function openBenchEngine(name: string): Promise<BenchEngine> {
  if (name === "sqlite") return sqliteEngine();
  if (name === "postgres") return postgresEngine();
  throw new Error(`--engine must be sqlite or postgres, not ${name}`);
}

function sqliteEngine(): BenchEngine {
  const database = (file: string, label = path.relative(root, file)): BenchDatabase => ({
    label,
    env: { DATABASE_PATH: file },
    async count(sql) {
      const db = new Database(file, { readonly: true });
      try {
        return Number(Object.values(db.prepare(sql).get() as Record<string, unknown>)[0]);
      } finally {
        db.close();
      }
    },
    async bytes() {
      return statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
    },
    async copy(copyLabel) {
      const copy = path.join(tmpdir(), `contact-inbox-bench-${copyLabel}-${process.pid}.db`);
      copyFileSync(file, copy);
      return database(copy, copyLabel);
    },
    async remove() {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    },
  });
  return {
    name: "sqlite",
    async ensure(shares) {
      const file = cachedDatabasePath(shares);
      if (existsSync(file)) {
        console.log(`using cached ${path.relative(root, file)}`);
        return database(file);
      }
      mkdirSync(path.dirname(file), { recursive: true });
      const partial = `${file}.partial`;
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${partial}${suffix}`, { force: true });
      generate(shares, { DATABASE_PATH: partial });
      renameSync(partial, file);
      return database(file);
    },
    async close() {},
  };
}

/**
 * One PostgreSQL cluster for the run, with real durability (fsync and synchronous commit on), its
 * data folder cached in bench/.cache so generated databases survive between runs. Each generated
 * database is named after its size and the dataset's version; copies are made from it as a template.
 */
async function postgresEngine(): Promise<BenchEngine> {
  const dataDir = path.join(root, "bench", ".cache", "postgres-cluster");
  const cluster: PostgresCluster = await startPostgresCluster({ dataDir, settings: { max_connections: 200, shared_buffers: "'512MB'", effective_cache_size: "'4GB'", work_mem: "'16MB'" } });
  const admin = new pg.Pool({ connectionString: cluster.url, max: 2 });
  // Connections the cluster ends as it stops must not crash the run.
  admin.on("error", () => undefined);
  const exists = async (name: string) => (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1;
  const database = (name: string, label = `postgres ${name}`): BenchDatabase => {
    const url = cluster.urlFor(name);
    let pool: pg.Pool | null = null;
    return {
      label,
      env: { DATABASE_URL: url },
      async count(sql) {
        if (!pool) {
          pool = new pg.Pool({ connectionString: url, max: 1 });
          pool.on("error", () => undefined);
        }
        return Number(Object.values((await pool.query(sql)).rows[0] as Record<string, unknown>)[0]);
      },
      async bytes() {
        return Number((await admin.query("select pg_database_size($1) as n", [name])).rows[0].n);
      },
      async copy(copyLabel) {
        await pool?.end();
        pool = null;
        const copyName = `${name}_${copyLabel.replace(/\W/g, "_")}_${process.pid}`;
        await admin.query(`drop database if exists "${copyName}"`);
        await admin.query(`create database "${copyName}" template "${name}"`);
        return database(copyName, copyLabel);
      },
      async remove() {
        await pool?.end();
        pool = null;
        await admin.query(`drop database if exists "${name}" with (force)`);
      },
    };
  };
  return {
    name: "postgres",
    async ensure(shares) {
      const name = `bench_${shares}_${datasetVersion("postgres")}`;
      if (await exists(name)) {
        console.log(`using cached PostgreSQL database ${name}`);
        return database(name);
      }
      const partial = `${name}_partial`;
      await admin.query(`drop database if exists "${partial}" with (force)`);
      await admin.query(`create database "${partial}"`);
      const sqliteData = cachedDatabasePath(shares);
      if (existsSync(sqliteData)) copyFromSqlite(sqliteData, cluster.urlFor(partial), shares);
      else generate(shares, { DATABASE_URL: cluster.urlFor(partial) });
      await admin.query(`alter database "${partial}" rename to "${name}"`);
      return database(name);
    },
    async close() {
      await admin.end();
      cluster.stop();
      (cluster as PostgresCluster & { stopAndRemove?: () => void }).stopAndRemove?.();
    },
  };
}

/**
 * The same shares as the SQLite bench data, moved with `npm run db:copy` (which checks every table's
 * count): several times faster than generating them again through the PostgreSQL store.
 */
function copyFromSqlite(file: string, url: string, shares: number): void {
  console.log(`\n▸ copying the ${shares.toLocaleString()} generated shares from ${path.relative(root, file)} with db:copy (cached afterwards)`);
  const result = spawnSync("npx", ["tsx", "--conditions", "react-server", "scripts/db-copy.ts", "--from", file, "--to", url], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`copying ${shares} shares into PostgreSQL failed with exit code ${result.status}`);
}

function generate(shares: number, env: Record<string, string>): void {
  console.log(`\n▸ generating ${shares.toLocaleString()} shares (cached afterwards)`);
  const result = spawnSync("npx", ["tsx", "--conditions", "react-server", "bench/generate-db.ts", String(shares)], { cwd: root, env: { ...process.env, ...env }, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`generating ${shares} shares failed with exit code ${result.status}`);
}
