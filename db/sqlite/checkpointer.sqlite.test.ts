import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { fallbackCheckpointPages, startBackgroundCheckpoints, type BackgroundCheckpoints } from "./checkpointer";

/** A WAL-mode file with one table, on its own connection (as the app's store opens it). */
function walDatabase() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "contact-inbox-checkpoint-")), "inbox.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("create table filler (id integer primary key, body blob not null)");
  return { file, db };
}

/** ~`pages` 4 KiB pages of new data, committed in small transactions as callbacks are. */
function writePages(db: Database.Database, pages: number) {
  const insert = db.prepare("insert into filler (body) values (randomblob(3000))");
  for (let i = 0; i < pages; i += 10) db.transaction(() => { for (let j = 0; j < 10; j++) insert.run(); })();
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 20))) if (check()) return true;
  return check();
}

const pageSize = 4096;
const opened: { db: Database.Database; checkpoints: BackgroundCheckpoints | null }[] = [];
afterEach(async () => {
  for (const { db, checkpoints } of opened.splice(0)) {
    await checkpoints?.stop();
    db.close();
  }
});

describe("SQLite WAL checkpoints in a worker thread", () => {
  it("copies committed pages into the database file while the app's connection only writes", async () => {
    const { file, db } = walDatabase();
    const checkpoints = startBackgroundCheckpoints(db, { file, intervalMs: 20 });
    opened.push({ db, checkpoints });
    expect(Number(db.pragma("wal_autocheckpoint", { simple: true }))).toBe(fallbackCheckpointPages);
    const before = statSync(file).size;
    writePages(db, 1500);
    // 1,500 pages is far under the app connection's own threshold: only the worker can have copied them.
    expect(await until(() => statSync(file).size >= before + 1400 * pageSize)).toBe(true);
    await checkpoints!.stop();
    expect(Number(db.pragma("wal_autocheckpoint", { simple: true }))).toBe(1000);
  });

  it("keeps the WAL bounded under a steady stream of commits", async () => {
    const { file, db } = walDatabase();
    db.pragma("journal_size_limit = 8388608");
    const checkpoints = startBackgroundCheckpoints(db, { file, intervalMs: 20 });
    opened.push({ db, checkpoints });
    let largestWal = 0;
    for (let round = 0; round < 60; round++) {
      writePages(db, 200);
      largestWal = Math.max(largestWal, statSync(`${file}-wal`).size);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // 12,000 pages written; the WAL never holds much more than the app connection's threshold.
    expect(largestWal).toBeLessThan((fallbackCheckpointPages + 400) * (pageSize + 24));
    expect(await until(() => statSync(file).size >= 11_000 * pageSize)).toBe(true);
  });

  it("lets the last connection to close remove the WAL file", async () => {
    const { file, db } = walDatabase();
    const checkpoints = startBackgroundCheckpoints(db, { file, intervalMs: 20 });
    writePages(db, 200);
    await checkpoints!.stop();
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it("checkpoints on the app's connection again when the worker cannot run", async () => {
    const { file, db } = walDatabase();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(" "));
    try {
      const checkpoints = startBackgroundCheckpoints(db, { file, driver: path.join(tmpdir(), "no-such-sqlite-driver.js") });
      opened.push({ db, checkpoints });
      expect(await until(() => Number(db.pragma("wal_autocheckpoint", { simple: true })) === 1000)).toBe(true);
      expect(String(errors[0])).toMatch(/background checkpoints stopped .*no-such-sqlite-driver/);
      const before = statSync(file).size;
      writePages(db, 1500);
      expect(statSync(file).size).toBeGreaterThan(before + 500 * pageSize);
    } finally {
      console.error = original;
    }
  });

  it("does nothing for an in-memory database", () => {
    const db = new Database(":memory:");
    expect(startBackgroundCheckpoints(db, { file: ":memory:" })).toBeNull();
    db.close();
  });
});
