import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openStore } from "@/db/open-store";
import { getStore } from "@/app/_server/store";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { sqlCount, testEngine } from "@/test/database";

const root = path.join(__dirname, "..");
const folder = mkdtempSync(path.join(tmpdir(), "contact-inbox-backup-"));

/** `npm run backup -- FILE` as its own process (as an operator runs it), against this test's database. */
function runBackupCli(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions", "react-server", "scripts/backup.ts", file], { cwd: root, env: process.env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** What a copy holds, read directly: shares, the counter of all shares, and what the log says was stored. */
function countsOf(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const one = (sql: string) => Number((db.prepare(sql).get() as { n: number | null }).n ?? 0);
    return {
      integrity: (db.prepare("pragma integrity_check").get() as { integrity_check: string }).integrity_check,
      shares: one("select count(*) as n from contact_shares"),
      counter: one("select count as n from facet_counts where facet = 'all'"),
      logged: one("select sum(shares_stored) as n from callbacks"),
      callbacks: one("select count(*) as n from callbacks"),
    };
  } finally {
    db.close();
  }
}

describe.runIf(testEngine === "sqlite")("npm run backup (SQLite)", () => {
  it("copies the database consistently while callbacks keep arriving, and the copy restores to the same rows", async () => {
    // Callbacks keep arriving from before the backup process starts until after it has finished.
    let answered = 0;
    let next = 0;
    let stop = false;
    const sender = async () => {
      while (!stop) {
        const index = next++;
        const response = await postCallback(kaleyraCallback({ messageId: `backup-${index}`, cards: [{ name: { formatted_name: `Backed Up ${index}` } }] }));
        expect(response.status).toBe(200);
        answered += 1;
      }
    };
    const load = Promise.all(Array.from({ length: 4 }, sender));
    while (answered < 100) await new Promise((resolve) => setTimeout(resolve, 10));
    const file = path.join(folder, "during-load.db");
    const atStart = answered;
    const backup = await runBackupCli(file);
    const atEnd = answered;
    while (answered < atEnd + 50) await new Promise((resolve) => setTimeout(resolve, 10));
    stop = true;
    await load;
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/integrity_check ok/);

    // One snapshot: every stored card is in it with its counter and its log entry, nothing half-written.
    const copy = countsOf(file);
    expect(copy.integrity).toBe("ok");
    expect(copy.shares).toBe(copy.counter);
    expect(copy.shares).toBe(copy.logged);
    expect(copy.shares).toBeGreaterThanOrEqual(atStart);
    expect(copy.shares).toBeLessThanOrEqual(atEnd);
    expect(copy.shares).toBeLessThan(answered);
    console.log(`backup during load: ${copy.shares} shares in the copy (${atStart} answered when it started, ${atEnd} when it ended, ${answered} in all)`);

    // Restoring is putting the file in place: the app opens it (and migrates nothing) and sees the same rows.
    const restored = path.join(folder, "restored.db");
    copyFileSync(file, restored);
    const store = await openStore({ databasePath: restored, sqliteBusyTimeoutMs: 5000, poolSize: 1, statementTimeoutMs: 10_000 });
    try {
      expect(await store.countContacts({})).toBe(copy.shares);
      expect((await store.listContacts({ sort: "newest", page: 1, pageSize: 1 })).length).toBe(1);
    } finally {
      await store.close();
    }

    // Once the load is over, a backup holds exactly what the database holds.
    const after = path.join(folder, "after-load.db");
    expect((await runBackupCli(after)).code).toBe(0);
    expect(countsOf(after).shares).toBe(await sqlCount("select count(*) as n from contact_shares"));
    expect(countsOf(after).callbacks).toBe(await sqlCount("select count(*) as n from callbacks"));
  }, 120_000);

  it("never overwrites a file", async () => {
    const existing = path.join(folder, "existing.db");
    writeFileSync(existing, "precious");
    const result = await (await getStore()).backupTo({ file: existing });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining("already exists") });
    expect(existsSync(existing)).toBe(true);
  });
});

describe.runIf(testEngine === "postgres")("npm run backup (PostgreSQL)", () => {
  it("points to pg_dump", async () => {
    expect(await (await getStore()).backupTo({ file: path.join(folder, "pg.db") })).toMatchObject({ ok: false, reason: expect.stringContaining("pg_dump") });
  });
});
