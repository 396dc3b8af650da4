/**
 * A throw-away PostgreSQL 15 cluster for tests and benchmarks: `initdb` + `pg_ctl` from Debian's
 * postgresql package, in a temporary folder, on a free port, as the `postgres` user when running as
 * root (PostgreSQL refuses to run as root). Nothing assumes a server is already running.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const binDir = process.env.POSTGRES_BIN_DIR ?? "/usr/lib/postgresql/15/bin";

export type PostgresCluster = {
  /** postgres://… for the cluster's `postgres` database, as its superuser. */
  url: string;
  port: number;
  dataDir: string;
  /** A URL for another database of the same cluster. */
  urlFor(database: string): string;
  createDatabase(name: string): void;
  /** `pg_ctl restart -m fast`: connections are cut, acknowledged commits survive. Waits for the server to be back. */
  restart(): Promise<void>;
  stop(): void;
  start(): void;
};

export type ClusterOptions = {
  /** Durability switched off: for unit tests only, never for measurements or crash tests. */
  fast?: boolean;
  port?: number;
  /** Extra postgresql.conf lines (at initdb). */
  settings?: Record<string, string | number>;
  /** Keep the cluster's data here (reused when it exists, e.g. the benchmark's cache) instead of a temporary folder. */
  dataDir?: string;
};

export async function startPostgresCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  if (!existsSync(path.join(binDir, "initdb"))) {
    throw new Error(`PostgreSQL 15 is not installed (no ${binDir}/initdb): run scripts/ensure-test-packages.sh, or set TEST_DATABASE_URL`);
  }
  const asRoot = process.getuid?.() === 0;
  const root = mkdtempSync(path.join(tmpdir(), "contact-inbox-pg-"));
  const dataDir = options.dataDir ?? path.join(root, "data");
  const socketDir = path.join(root, "socket");
  for (const dir of [root, socketDir]) ownedDirectory(dir, asRoot);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    if (options.dataDir) {
      rmSync(dataDir, { recursive: true, force: true });
      ownedDirectory(dataDir, asRoot);
    }
    run(["initdb", "-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-N"], asRoot);
    const settings: Record<string, string | number> = {
      listen_addresses: "'127.0.0.1'",
      max_connections: 200,
      shared_buffers: "'256MB'",
      ...(options.fast ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } : {}),
      ...options.settings,
    };
    writeFileSync(path.join(dataDir, "postgresql.auto.conf"), Object.entries(settings).map(([key, value]) => `${key} = ${value}`).join("\n") + "\n", { flag: "a" });
  }
  const port = options.port ?? (await freePort());
  const logFile = path.join(root, "postgres.log");
  const ctl = (...args: string[]) => run(["pg_ctl", "-D", dataDir, "-l", logFile, "-w", "-t", "120", "-o", `-p ${port} -k ${socketDir}`, ...args], asRoot);
  ctl("start");
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const cluster: PostgresCluster = {
    url,
    port,
    dataDir,
    urlFor: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    createDatabase(name) {
      run(["psql", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", `create database "${name}"`], asRoot);
    },
    restart: () => runInBackground(["pg_ctl", "-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", `-p ${port} -k ${socketDir}`, "restart", "-m", "fast"], asRoot),
    stop: () => ctl("stop", "-m", "fast"),
    start: () => ctl("start"),
  };
  const stopOnExit = () => {
    try {
      const mode = options.dataDir ? "fast" : "immediate";
      const pgCtl = path.join(binDir, "pg_ctl");
      spawnSync(asRoot ? "runuser" : pgCtl, asRoot ? ["-u", "postgres", "--", pgCtl, "-D", dataDir, "stop", "-m", mode] : ["-D", dataDir, "stop", "-m", mode], { stdio: "ignore" });
      rmSync(root, { recursive: true, force: true });
    } catch {
      // Best effort: the folder is under the OS temp dir.
    }
  };
  process.once("exit", stopOnExit);
  return Object.assign(cluster, { stopAndRemove: stopOnExit });
}

function ownedDirectory(dir: string, asRoot: boolean): void {
  execFileSync("mkdir", ["-p", dir]);
  if (asRoot) chownSync(dir, postgresUid(), postgresGid());
  chmodSync(dir, 0o700);
}

/** Like run(), without blocking the event loop (a restart under load must not stop the load). */
function runInBackground(args: string[], asRoot: boolean): Promise<void> {
  const [command, ...rest] = args;
  const binary = path.join(binDir, command!);
  return new Promise((resolve, reject) => {
    const child = asRoot ? spawn("runuser", ["-u", "postgres", "--", binary, ...rest], { stdio: "ignore" }) : spawn(binary, rest, { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (${code})`))));
  });
}

function run(args: string[], asRoot: boolean): void {
  const [command, ...rest] = args;
  const binary = path.join(binDir, command!);
  const result = asRoot ? spawnSync("runuser", ["-u", "postgres", "--", binary, ...rest], { encoding: "utf8" }) : spawnSync(binary, rest, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
}

function postgresUid(): number {
  return Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
}

function postgresGid(): number {
  return Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
