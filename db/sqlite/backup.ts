import "server-only";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { BackupResult } from "@/lib/model/store";

/**
 * A consistent copy of the database while the app keeps writing: VACUUM INTO reads one snapshot
 * (WAL: writers are not blocked, and nothing is restarted when they commit, unlike the page-by-page
 * backup API), writes a compact new file (free pages, where deleted rows were, are not copied),
 * and the copy is then checked with integrity_check.
 */
export function backupSqlite(sqlite: Database.Database, file: string): BackupResult {
  const target = path.resolve(file);
  if (existsSync(target)) return { ok: false, reason: `${target} already exists: choose a new file (a backup never overwrites one)` };
  sqlite.prepare("vacuum into ?").run(target);
  const copy = new Database(target, { readonly: true });
  try {
    const integrity = (copy.prepare("pragma integrity_check").all() as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== "ok") return { ok: false, reason: `integrity_check of ${target} failed: ${integrity.slice(0, 5).join("; ")}` };
    const count = (table: string) => (copy.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { ok: true, file: target, bytes: statSync(target).size, integrity: "ok", rows: { contactShares: count("contact_shares"), callbacks: count("callbacks"), auditEvents: count("audit_events") } };
  } finally {
    copy.close();
  }
}
