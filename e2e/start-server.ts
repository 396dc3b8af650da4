/**
 * Starts one e2e server (`E2E_SERVER=main|empty|fresh`, see test-servers.ts): checks that its
 * database is a throw-away file under the OS temp dir, deletes it (and its WAL files) so the server
 * starts from an empty, freshly migrated database, creates its admin agent with the agents CLI, then
 * runs the production build with `next start -p <port>`. Playwright's `webServer` runs this.
 */
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { startPostgresCluster } from "../test/postgres-cluster";
import { assertTestDatabase } from "./assert-test-database";
import { databaseEnvOf, testServers } from "./test-servers";

const name = process.env.E2E_SERVER;
if (!name || !Object.hasOwn(testServers, name)) throw new Error(`E2E_SERVER must be one of ${Object.keys(testServers).join(", ")}, got ${JSON.stringify(name)}`);
const server = testServers[name as keyof typeof testServers];
const databasePath = assertTestDatabase(server.databasePath);

mkdirSync(path.dirname(databasePath), { recursive: true });
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${databasePath}${suffix}`, { force: true });

// Nothing from the developer's shell may change what a test server checks: PUBLIC_URL would replace the
// URL the empty inbox derives from the request (the tests check the derived one), and each server's
// callback secrets and setup code are exactly those in test-servers.ts.
const {
  PUBLIC_URL: _publicUrl,
  CALLBACK_TOKEN: _callbackToken,
  CALLBACK_TOKEN_HEADER: _callbackTokenHeader,
  CALLBACK_BASIC_AUTH: _callbackBasicAuth,
  META_APP_SECRET: _metaAppSecret,
  META_VERIFY_TOKEN: _metaVerifyToken,
  SETUP_CODE: _setupCode,
  TRUST_PROXY: _trustProxy,
  ...inherited
} = process.env;
const { DATABASE_URL: _databaseUrl, DATABASE_PATH: _databasePath, ...withoutDatabase } = inherited;
const env: NodeJS.ProcessEnv = {
  ...withoutDatabase,
  ...databaseEnvOf(server),
  PORT: String(server.port),
  NODE_ENV: "production",
  ...(server.callbackToken ? { CALLBACK_TOKEN: server.callbackToken } : {}),
  ...(server.setupCode ? { SETUP_CODE: server.setupCode } : {}),
  ...(server.metaAppSecret ? { META_APP_SECRET: server.metaAppSecret } : {}),
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

async function main() {
  // On PostgreSQL, a throw-away cluster of this server's own (stopped and removed when this process exits).
  if (server.databaseUrl) {
    const cluster = await startPostgresCluster({ fast: true, port: Number(new URL(server.databaseUrl).port) });
    cluster.createDatabase("e2e");
  }
  if (server.agent) {
    const { email, name: agentName, password } = server.agent;
    const created = spawnSync("npx", ["tsx", "--conditions", "react-server", "scripts/agents.ts", "add", "--email", email, "--name", agentName, "--password", password, "--admin"], {
      env,
      encoding: "utf8",
    });
    if (created.status !== 0) throw new Error(`Creating the e2e admin with the agents CLI failed (${created.status}):\n${created.stdout}${created.stderr}`);
  }

  const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "--keepAliveTimeout", "65000", "-p", String(server.port)], { stdio: ["ignore", "pipe", "pipe"], env });
  // Everything the server prints goes where Playwright shows it, and into the server's log file for the tests that read it.
  const log = createWriteStream(server.logFile, { flags: "w" });
  next.stdout.on("data", (chunk: Buffer) => (process.stdout.write(chunk), log.write(chunk)));
  next.stderr.on("data", (chunk: Buffer) => (process.stderr.write(chunk), log.write(chunk)));

  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
  next.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
