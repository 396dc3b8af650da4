/**
 * `npm run purge`: runs the retention purge now (the server also runs it every hour) and prints
 * what it did, with progress. `-- --shares-received-before 2026-01-01T00:00:00Z` deletes shares
 * received before that time whatever RETENTION_DAYS says (a one-off clean-up; the benchmark);
 * `-- --json` prints the report as JSON on the last line.
 */
import { closeStore, getStore } from "../app/_server/store";
import { parseCommandLine } from "./command-line";
import { runPurge, type PurgeProgress } from "../lib/lifecycle/purge";
import { configuredRetention } from "../lib/lifecycle/retention-policy";

const usage = `usage: npm run purge -- [--shares-received-before 2026-01-01T00:00:00Z] [--json]
  runs the retention purge now (RETENTION_DAYS, RAW_BODY_RETENTION_DAYS, AUDIT_RETENTION_DAYS);
  --shares-received-before deletes shares received before that time whatever RETENTION_DAYS says;
  --json prints the report as JSON on the last line`;

async function main(): Promise<number> {
  const { values } = parseCommandLine({ options: { "shares-received-before": { type: "string" }, json: { type: "boolean", default: false } } }, usage);
  const before = values["shares-received-before"];
  const sharesReceivedBefore = before === undefined ? undefined : new Date(before);
  if (sharesReceivedBefore && Number.isNaN(sharesReceivedBefore.getTime())) {
    console.error(`error: --shares-received-before must be a date and time (ISO 8601), not ${JSON.stringify(before)}`);
    return 2;
  }
  const store = await getStore();
  const policy = configuredRetention();
  console.log(`purging ${store.engine === "postgres" ? "PostgreSQL" : "SQLite"} database ${store.location}`);
  console.log(
    `  shares: ${sharesReceivedBefore ? `received before ${sharesReceivedBefore.toISOString()}` : policy.shareDays ? `older than ${policy.shareDays} days (RETENTION_DAYS)` : "kept (RETENTION_DAYS unset)"}; ` +
      `bodies: ${policy.rawBodyDays ? `older than ${policy.rawBodyDays} days (RAW_BODY_RETENTION_DAYS)` : "kept (RAW_BODY_RETENTION_DAYS unset)"}; ` +
      `audit entries and tombstones: ${policy.auditDays} days (AUDIT_RETENTION_DAYS)`,
  );
  const report = await runPurge(store, { policy, actor: { type: "cli" }, sharesReceivedBefore, onProgress: progressPrinter() });
  if (process.stdout.isTTY) process.stdout.write("\n");
  if (!report.ran) {
    console.log(`skipped: ${report.reason}`);
    if (values.json) console.log(JSON.stringify(report));
    return 0;
  }
  console.log(
    `done in ${report.seconds} s: ${report.sharesDeleted.toLocaleString()} share(s) deleted (${report.sharesSeconds} s), ${report.callbacksRedacted.toLocaleString()} log entr(ies) redacted, ` +
      `search index ${report.searchIndexSteps === 0 ? "left as it was" : report.searchIndexCompacted ? "merged into one segment" : "partly merged (the next purge goes on)"} (${report.searchIndexSeconds} s), ` +
      `${report.bodiesCleared.toLocaleString()} body(ies) cleared, ${report.auditEventsDeleted.toLocaleString()} audit entr(ies), ${report.tombstonesDeleted.toLocaleString()} tombstone(s) and ${report.unauthenticatedCallbacksDeleted.toLocaleString()} unauthenticated callback log entr(ies) past retention deleted` +
      (report.bodiesRecompressed > 0 ? `, ${report.bodiesRecompressed.toLocaleString()} body(ies) stored uncompressed by an earlier version rewritten compressed` : ""),
  );
  if (values.json) console.log(JSON.stringify(report));
  return 0;
}

/** Progress on one line on a terminal, a line every few seconds otherwise (a log file). */
function progressPrinter(): (progress: PurgeProgress) => void {
  const started = performance.now();
  let lastLine = 0;
  return (progress) => {
    const now = performance.now();
    const finished = progress.total !== null && progress.done >= progress.total;
    if (!process.stdout.isTTY && now - lastLine < 5000 && !finished && progress.done !== 0) return;
    lastLine = now;
    const rate = progress.done / Math.max(0.001, (now - started) / 1000);
    const of = progress.total !== null ? ` / ${progress.total.toLocaleString()}` : "";
    const line = `  ${progress.step}: ${progress.done.toLocaleString()}${of} (${Math.round(rate).toLocaleString()}/s)`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}   `);
    else console.log(line);
  };
}

main()
  .finally(closeStore)
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error("purge failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  });
