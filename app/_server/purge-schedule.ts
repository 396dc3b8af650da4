import "server-only";
import { runPurge } from "@/lib/lifecycle/purge";
import { configuredRetention } from "@/lib/lifecycle/retention-policy";
import { getStore } from "./store";

const hourMs = 3600_000;
/** The first run waits a little, so a restart does not purge before the server answers. */
const firstRunDelayMs = 60_000;

/**
 * Runs the retention purge every hour in the server process. Several instances may do so: the
 * purge takes a lock (PostgreSQL) or lease (SQLite), and an instance that finds it taken skips the round.
 */
export function startPurgeSchedule(): void {
  const flag = globalThis as typeof globalThis & { __contactInboxPurgeSchedule?: boolean };
  if (flag.__contactInboxPurgeSchedule) return;
  flag.__contactInboxPurgeSchedule = true;
  let running = false;
  const runOnce = async () => {
    if (running) return;
    running = true;
    try {
      const report = await runPurge(await getStore(), { policy: configuredRetention(), actor: { type: "system" } });
      if (!report.ran) return;
      if (report.sharesDeleted + report.bodiesCleared + report.auditEventsDeleted + report.tombstonesDeleted + report.unauthenticatedCallbacksDeleted > 0) {
        console.log(
          `[contact-inbox] retention purge: ${report.sharesDeleted} share(s) deleted, ${report.bodiesCleared} body(ies) cleared, ${report.auditEventsDeleted} audit entr(ies), ${report.tombstonesDeleted} tombstone(s) and ${report.unauthenticatedCallbacksDeleted} unauthenticated callback log entr(ies) past retention deleted (${report.seconds} s)`,
        );
      }
      if (report.bodiesRecompressed > 0) console.log(`[contact-inbox] ${report.bodiesRecompressed} logged body(ies) stored uncompressed by an earlier version rewritten compressed`);
      if (report.sharesDeleted + report.bodiesCleared + report.auditEventsDeleted + report.tombstonesDeleted + report.unauthenticatedCallbacksDeleted === 0 && report.searchIndexSteps > 0) {
        console.log(`[contact-inbox] search index merged into one segment (daily upkeep): ${report.searchIndexSteps} steps, ${report.searchIndexSeconds} s${report.searchIndexCompacted ? "" : ", unfinished (the next run goes on)"}`);
      }
    } catch (error) {
      console.error("[contact-inbox] retention purge failed (it runs again in an hour):", error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  };
  setTimeout(() => {
    void runOnce();
    setInterval(() => void runOnce(), hourMs).unref();
  }, firstRunDelayMs).unref();
}
