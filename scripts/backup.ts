/**
 * `npm run backup -- FILE`: a consistent copy of the SQLite database in FILE, taken while the app
 * keeps receiving callbacks (VACUUM INTO), checked with integrity_check. On PostgreSQL it says to
 * use pg_dump. See the README, "Backups", for restoring.
 */
import { closeStore, getStore } from "../app/_server/store";

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || file.startsWith("-")) {
    console.error("usage: npm run backup -- FILE   (a new file: a backup never overwrites one)");
    return 2;
  }
  const store = await getStore();
  console.log(`backing up ${store.location} to ${file} …`);
  const started = performance.now();
  const result = await store.backupTo({ file });
  if (!result.ok) {
    console.error(`error: ${result.reason}`);
    return 1;
  }
  const seconds = Math.round(performance.now() - started) / 1000;
  console.log(`backed up in ${seconds} s: ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB), integrity_check ${result.integrity}`);
  console.log(`  ${result.rows.contactShares.toLocaleString()} shares, ${result.rows.callbacks.toLocaleString()} log entries, ${result.rows.auditEvents.toLocaleString()} audit entries`);
  return 0;
}

main()
  .finally(closeStore)
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error("backup failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  });
