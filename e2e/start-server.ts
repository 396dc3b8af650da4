/**
 * Starts one e2e server: checks that DATABASE_PATH is a throw-away file under the OS temp dir,
 * deletes it (and its WAL files) so the server starts from an empty, freshly migrated database,
 * then runs the production build with `next start -p $PORT`. Playwright's `webServer` runs this.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { assertTestDatabase } from "./assert-test-database";

const databasePath = assertTestDatabase(process.env.DATABASE_PATH);
const port = process.env.PORT;
if (!port || !/^\d+$/.test(port)) throw new Error(`PORT must be a port number, got ${JSON.stringify(port)}`);

mkdirSync(path.dirname(databasePath), { recursive: true });
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${databasePath}${suffix}`, { force: true });

// PUBLIC_URL would replace the URL the empty inbox derives from the request; the tests check the derived one.
const { PUBLIC_URL: _publicUrl, ...inherited } = process.env;
const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", port], {
  stdio: "inherit",
  env: { ...inherited, DATABASE_PATH: databasePath, PORT: port, NODE_ENV: "production" },
});

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
next.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
