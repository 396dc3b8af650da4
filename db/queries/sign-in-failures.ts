import "server-only";
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "../client";
import { signInFailures } from "../schema";

export function recordSignInFailure(params: { keys: string[]; at: Date }): void {
  const db = getDb();
  db.transaction((tx) => {
    for (const key of params.keys) tx.insert(signInFailures).values({ key, at: params.at }).run();
    // Forget failures older than a day: the table stays small however long the server runs.
    tx.delete(signInFailures).where(lt(signInFailures.at, new Date(params.at.getTime() - 24 * 3600_000))).run();
  });
}

/** For each key: how many failures since `since`, and when the oldest of them happened. */
export function countSignInFailures(params: { keys: string[]; since: Date }): Map<string, { count: number; oldest: Date }> {
  const rows = getDb()
    .select({ key: signInFailures.key, count: sql<number>`count(*)`, oldest: sql<number>`min(${signInFailures.at})` })
    .from(signInFailures)
    .where(and(inArray(signInFailures.key, params.keys), gte(signInFailures.at, params.since)))
    .groupBy(signInFailures.key)
    .orderBy(asc(signInFailures.key))
    .all();
  return new Map(rows.map((row) => [row.key, { count: row.count, oldest: new Date(row.oldest) }]));
}

export function clearSignInFailures(params: { key: string }): void {
  getDb().delete(signInFailures).where(eq(signInFailures.key, params.key)).run();
}
