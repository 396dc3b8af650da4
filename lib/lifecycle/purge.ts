import { recordAudit } from "@/lib/audit/record-audit";
import type { AuditActor } from "@/lib/model/audit";
import type { Store } from "@/lib/model/store";
import { compactionPendingKey, compactSearchIndex, searchIndexMergedKey } from "./compact-search-index";
import { batchSizer, deleteSharesInBatches, pauseBetweenWrites } from "./delete-in-batches";

/** How long things are kept; null keeps them. See lib/env.ts (RETENTION_DAYS, RAW_BODY_RETENTION_DAYS, AUDIT_RETENTION_DAYS). */
export type RetentionPolicy = { shareDays: number | null; rawBodyDays: number | null; auditDays: number };

export type PurgeProgress = { step: "shares" | "search index" | "bodies" | "audit"; done: number; total: number | null };

export type PurgeReport =
  | { ran: false; reason: string }
  | {
      ran: true;
      startedAt: string;
      seconds: number;
      sharesDeleted: number;
      callbacksRedacted: number;
      /** How long deleting the shares took (the rest is the search index, bodies and old entries). */
      sharesSeconds: number;
      /** False when compacting the search index ran out of time (the next purge goes on with it). */
      searchIndexCompacted: boolean;
      searchIndexSeconds: number;
      /** Merge steps the search index took (0: it was one segment already, or nothing was due). */
      searchIndexSteps: number;
      bodiesCleared: number;
      /** Bodies an earlier version stored uncompressed, rewritten compressed (SQLite; see recompressRawBodies). */
      bodiesRecompressed: number;
      auditEventsDeleted: number;
      tombstonesDeleted: number;
      unauthenticatedCallbacksDeleted: number;
      cutoffs: { shares: string | null; bodies: string | null; audit: string };
    };

const dayMs = 86_400_000;
/** How long one purge may spend compacting the search index after deleting (the next one goes on). */
const maxCompactionSeconds = 600;
/** How long one purge may spend rewriting old bodies in the current stored form (the next one goes on). */
const maxRecompressSeconds = 120;
/** The setting that keeps how far rewriting old bodies got (the last callback id looked at). */
export const bodiesRecompressedThroughKey = "raw-bodies-recompressed-through-id";
/**
 * The setting that keeps where rewriting old bodies ends: the newest callback id when a purge first
 * looked, so every body an earlier version wrote is at or before it; everything logged since was
 * written in the current form. Once the rewrite reaches it, a purge no longer reads the log for it.
 */
export const bodiesRecompressUntilKey = "raw-bodies-recompress-until-id";

/**
 * The retention purge: shares received before the cutoff are deleted as a deletion would (cards out
 * of the logged bodies, tombstones), bodies past their own cutoff are cleared (entries kept), and
 * audit entries and tombstones past theirs go. Every write is a short batch sized to take about
 * 30 ms (then a pause as long), so a callback never waits long on it. Only one purge runs at a time, whichever process or
 * instance starts it: another one skips.
 */
export async function runPurge(
  store: Store,
  params: { policy: RetentionPolicy; actor: AuditActor; now?: Date; sharesReceivedBefore?: Date; onProgress?: (progress: PurgeProgress) => void },
): Promise<PurgeReport> {
  const now = params.now ?? new Date();
  const shareCutoff = params.sharesReceivedBefore ?? (params.policy.shareDays !== null ? new Date(now.getTime() - params.policy.shareDays * dayMs) : null);
  const bodyCutoff = params.policy.rawBodyDays !== null ? new Date(now.getTime() - params.policy.rawBodyDays * dayMs) : null;
  const auditCutoff = new Date(now.getTime() - params.policy.auditDays * dayMs);
  const started = performance.now();

  const outcome = await store.withPurgeLock(async () => {
    // A compaction stopped midway (the process killed, a deploy) left the search index's automerge
    // off; this turns it back on for good (the compaction below turns it off only while it runs).
    await store.setSearchIndexAutomerge({ on: true });
    const report = { sharesDeleted: 0, sharesSeconds: 0, callbacksRedacted: 0, searchIndexCompacted: true, searchIndexSeconds: 0, searchIndexSteps: 0, bodiesCleared: 0, bodiesRecompressed: 0, auditEventsDeleted: 0, tombstonesDeleted: 0, unauthenticatedCallbacksDeleted: 0 };
    if (shareCutoff) {
      const total = await store.countSharesReceivedBefore({ before: shareCutoff });
      params.onProgress?.({ step: "shares", done: 0, total });
      const sizer = batchSizer();
      const redacted = new Set<number>();
      for (;;) {
        const ids = await store.listShareIdsReceivedBefore({ before: shareCutoff, limit: sizer.size });
        if (ids.length === 0) break;
        const batch = await deleteSharesInBatches(store, { ids, bodies: "remove-cards", searchIndex: "compact-later", at: now, sizer });
        report.sharesDeleted += batch.deleted.length;
        for (const id of batch.callbacksRedacted) redacted.add(id);
        params.onProgress?.({ step: "shares", done: report.sharesDeleted, total });
        // Ids the batch did not delete were deleted by someone else meanwhile; the next query does not see them.
        await pauseBetweenWrites(batch.lastHeldMs);
      }
      report.callbacksRedacted = redacted.size;
      report.sharesSeconds = Math.round(performance.now() - started) / 1000;

      // Rejected bodies never became shares, but may hold cards as old as these: they go at the same age.
      report.bodiesCleared += await clearBodies(store, { before: shareCutoff, at: now, outcomes: ["rejected"] });
    }
    // The deleted cards' entries wait in the search index's older segments: merge them away now (or
    // finish what an earlier purge or erasure left unfinished). And once a day whatever happened:
    // FTS5's own merging leaves large segments on several levels, which a newest-first search reads
    // each backwards (a page of 'sharm' at 1M shares: ~1.2 ms over 15 segments, ~0.25 ms over one).
    const mergedAt = Date.parse((await store.getSetting({ key: searchIndexMergedKey })) ?? "");
    const mergeDue = !(now.getTime() - mergedAt < dayMs);
    if (report.sharesDeleted > 0 || mergeDue || (await store.getSetting({ key: compactionPendingKey }))) {
      params.onProgress?.({ step: "search index", done: 0, total: null });
      const compaction = await compactSearchIndex(store, { maxSeconds: maxCompactionSeconds });
      report.searchIndexCompacted = compaction.finished;
      report.searchIndexSeconds = compaction.seconds;
      report.searchIndexSteps = compaction.steps;
    }
    if (bodyCutoff) {
      report.bodiesCleared += await clearBodies(store, { before: bodyCutoff, at: now, onProgress: (done) => params.onProgress?.({ step: "bodies", done, total: null }) });
    }
    report.bodiesRecompressed = await recompressBodies(store, { onProgress: (done) => params.onProgress?.({ step: "bodies", done, total: null }) });
    report.auditEventsDeleted = await drain((limit) => store.deleteAuditEventsBefore({ before: auditCutoff, limit }));
    report.tombstonesDeleted = await drain((limit) => store.deleteTombstonesBefore({ before: auditCutoff, limit }));
    // Unauthenticated attempts are kept as long as the audit trail: a record of who tried, not data.
    report.unauthenticatedCallbacksDeleted = await drain((limit) => store.deleteUnauthenticatedCallbacksBefore({ before: auditCutoff, limit }));
    params.onProgress?.({ step: "audit", done: report.auditEventsDeleted + report.tombstonesDeleted, total: null });
    return report;
  });
  if (!outcome.acquired) return { ran: false, reason: "another purge is running (another process or instance); this one skipped" };

  const report = {
    ran: true as const,
    startedAt: now.toISOString(),
    seconds: Math.round(performance.now() - started) / 1000,
    ...outcome.value,
    cutoffs: { shares: shareCutoff?.toISOString() ?? null, bodies: bodyCutoff?.toISOString() ?? null, audit: auditCutoff.toISOString() },
  };
  const didSomething = report.sharesDeleted + report.bodiesCleared + report.bodiesRecompressed + report.auditEventsDeleted + report.tombstonesDeleted + report.unauthenticatedCallbacksDeleted > 0;
  // An hourly run with nothing to do is not worth an entry; one asked for on the command line always is.
  if (didSomething || params.actor.type !== "system") {
    await recordAudit(store, {
      at: now,
      actor: params.actor,
      clientAddress: null,
      action: "retention.purge",
      details: {
        sharesDeleted: report.sharesDeleted,
        callbacksRedacted: report.callbacksRedacted,
        searchIndexCompacted: report.searchIndexCompacted,
        bodiesCleared: report.bodiesCleared,
        bodiesRecompressed: report.bodiesRecompressed,
        auditEventsDeleted: report.auditEventsDeleted,
        tombstonesDeleted: report.tombstonesDeleted,
        unauthenticatedCallbacksDeleted: report.unauthenticatedCallbacksDeleted,
        seconds: report.seconds,
        sharesReceivedBefore: report.cutoffs.shares,
        bodiesReceivedBefore: report.cutoffs.bodies,
      },
    });
  }
  return report;
}

async function clearBodies(store: Store, params: { before: Date; at: Date; outcomes?: ("rejected" | "ignored" | "stored" | "duplicate")[]; onProgress?: (done: number) => void }): Promise<number> {
  const sizer = batchSizer({ initial: 200, max: 2000 });
  let cleared = 0;
  for (;;) {
    const limit = sizer.size;
    const { cleared: changed, heldMs } = await store.clearRawBodiesReceivedBefore({ before: params.before, limit, at: params.at, outcomes: params.outcomes });
    sizer.took(heldMs, changed === limit ? limit : 0);
    cleared += changed;
    params.onProgress?.(cleared);
    if (changed < limit) return cleared;
    await pauseBetweenWrites(heldMs);
  }
}

/**
 * Rewrites the bodies an earlier version stored uncompressed (SQLite), in short batches from where
 * the last purge stopped, for at most maxRecompressSeconds a run. It ends at the newest entry the
 * first purge saw (bodiesRecompressUntilKey): entries logged since are in the current form already,
 * so once there it reads nothing.
 */
async function recompressBodies(store: Store, params: { onProgress: (done: number) => void }): Promise<number> {
  const setting = async (key: string) => Number((await store.getSetting({ key })) ?? 0) || 0;
  let untilId = await setting(bodiesRecompressUntilKey);
  if (untilId === 0) {
    untilId = (await store.listCallbacks({ limit: 1 }))[0]?.id ?? 0;
    if (untilId === 0) return 0; // nothing logged yet: the next purge looks again
    await store.putSetting({ key: bodiesRecompressUntilKey, value: String(untilId) });
  }
  let afterId = await setting(bodiesRecompressedThroughKey);
  const sizer = batchSizer({ initial: 200, max: 2000 });
  const started = performance.now();
  let rewritten = 0;
  while (afterId < untilId && performance.now() - started < maxRecompressSeconds * 1000) {
    const limit = sizer.size;
    const batch = await store.recompressRawBodies({ afterId, throughId: untilId, limit });
    afterId = batch.lastId ?? untilId;
    rewritten += batch.rewritten;
    await store.putSetting({ key: bodiesRecompressedThroughKey, value: String(afterId) });
    params.onProgress(rewritten);
    if (batch.lastId === null) break;
    sizer.took(batch.heldMs, limit);
    await pauseBetweenWrites(batch.heldMs);
  }
  return rewritten;
}

/** Runs a bounded delete until it deletes nothing more. */
async function drain(deleteSome: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteSome(500);
    total += deleted;
    if (deleted < 500) return total;
    await pauseBetweenWrites();
  }
}
