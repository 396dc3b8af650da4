import "server-only";
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "../client";
import { signInFailures } from "../schema";

export type ReserveAttemptParams = {
  /** Each key ("email:…", "ip:…", "setup:…") with the most failures it may have in the window. */
  limits: { key: string; max: number }[];
  since: Date;
  at: Date;
};

export type ReserveAttemptResult =
  | { ok: true; attemptIds: number[]; previousFailures: number }
  | { ok: false; unlockAt: Date };

/**
 * Counts an attempt as a failure before its (slow) password check, in one IMMEDIATE transaction:
 * concurrent attempts each see the ones before them, so 45 parallel guesses cannot all pass a limit
 * of 10. Refuses when any key is already at its limit. A successful attempt takes its rows back
 * (forgetAttempt); a failed one leaves them, as the failure they are.
 */
export function reserveAttempt(params: ReserveAttemptParams): ReserveAttemptResult {
  const db = getDb();
  return db.transaction(
    (tx) => {
      const keys = params.limits.map((limit) => limit.key);
      const counts = tx
        .select({ key: signInFailures.key, count: sql<number>`count(*)`, oldest: sql<number>`min(${signInFailures.at})` })
        .from(signInFailures)
        .where(and(inArray(signInFailures.key, keys), gte(signInFailures.at, params.since)))
        .groupBy(signInFailures.key)
        .all();
      const byKey = new Map(counts.map((row) => [row.key, row]));
      const locked = params.limits.map((limit) => byKey.get(limit.key)).filter((row, index) => row !== undefined && row.count >= params.limits[index]!.max);
      if (locked.length) {
        const windowMs = params.at.getTime() - params.since.getTime();
        return { ok: false, unlockAt: new Date(Math.max(...locked.map((row) => row!.oldest + windowMs))) };
      }
      const attemptIds = keys.map((key) => tx.insert(signInFailures).values({ key, at: params.at }).returning({ id: signInFailures.id }).get().id);
      // Forget failures older than a day: the table stays small however long the server runs.
      tx.delete(signInFailures).where(lt(signInFailures.at, new Date(params.at.getTime() - 24 * 3600_000))).run();
      return { ok: true, attemptIds, previousFailures: Math.max(0, ...counts.map((row) => row.count)) };
    },
    { behavior: "immediate" },
  );
}

/** Takes back the failures an attempt reserved: it succeeded. */
export function forgetAttempt(params: { attemptIds: number[] }): void {
  if (params.attemptIds.length) getDb().delete(signInFailures).where(inArray(signInFailures.id, params.attemptIds)).run();
}

/** A successful sign-in clears the account's earlier failures (not its address's: others may be guessing from there). */
export function clearSignInFailures(params: { key: string }): void {
  getDb().delete(signInFailures).where(eq(signInFailures.key, params.key)).run();
}

/** Records failures directly (tests and imports); sign-in itself reserves them with reserveAttempt. */
export function recordSignInFailure(params: { keys: string[]; at: Date }): void {
  getDb().transaction((tx) => {
    for (const key of params.keys) tx.insert(signInFailures).values({ key, at: params.at }).run();
  });
}
