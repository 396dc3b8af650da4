import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
 * crosses 1,000 WAL pages: that commit copies ~4 MB into the database file and syncs it while the
 * one thread that also answers every request waits. A worker thread with its own connection runs
 * PASSIVE checkpoints (they never wait for, or block, readers and writers) every `intervalMs`, so
 * the WAL is copied back while requests are served.
 *
 * The app's connection keeps a 3× larger automatic threshold. SQLite starts the WAL over only when a
 * write begins with every frame copied back, which a steady stream of commits landing during the
 * worker's checkpoints rarely allows; at the threshold the app's connection copies the few frames
 * left (the worker copied the rest) and the WAL starts over. The same threshold bounds the WAL if
 * the worker stops; if it cannot start, the app's connection checkpoints as before.
 */
export type BackgroundCheckpoints = { stop(): Promise<void> };

/** The app connection's automatic checkpoint while the worker runs: 3,000 pages (12 MB at 4 KiB). */
export const fallbackCheckpointPages = 3_000;
const sqliteDefaultCheckpointPages = 1_000;

const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 0");
db.pragma("synchronous = FULL");
db.pragma("journal_size_limit = " + workerData.journalSizeLimit);
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    // Busy or locked for a moment (a backup, a TRUNCATE checkpoint elsewhere): the next tick tries again.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startBackgroundCheckpoints(sqlite: Database.Database, options: { file: string; intervalMs?: number; driver?: string }): BackgroundCheckpoints | null {
  if (options.file === ":memory:" || sqlite.memory) return null;
  const driver = options.driver ?? createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  const journalSizeLimit = Number(sqlite.pragma("journal_size_limit", { simple: true }));
  const worker = new Worker(workerSource, { eval: true, workerData: { file: path.resolve(options.file), driver, intervalMs: options.intervalMs ?? 100, journalSizeLimit } });
  // A script or test that is done must not be kept alive by the checkpoints.
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${fallbackCheckpointPages}`);
  let running = true;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.once("error", (error) => {
    running = false;
    console.error(`SQLite background checkpoints stopped (${error.message}); checkpointing on the app's connection again`);
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${sqliteDefaultCheckpointPages}`);
  });
  return {
    async stop() {
      if (running) {
        running = false;
        worker.postMessage("stop");
        const timer = setTimeout(() => void worker.terminate(), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${sqliteDefaultCheckpointPages}`);
    },
  };
}
