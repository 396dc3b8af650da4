import Database from "better-sqlite3";
import { benchCallback, benchMessageId } from "../../bench/dataset";
import { expectThat, postCallback, reliabilityPort, removeFolderOf, sharesPerMessage, startServer, temporaryDatabase } from "./harness";

/** Another process holds the write lock longer than the busy timeout: 503 with Retry-After, never a 200 for unsaved data, never a 500; once released, everything flows. */
export async function lockedDatabase(): Promise<string> {
  const database = temporaryDatabase("locked");
  const server = await startServer(database, reliabilityPort(3), { SQLITE_BUSY_TIMEOUT_MS: "300" });
  const holder = new Database(database);
  try {
    holder.exec("BEGIN IMMEDIATE");
    const whileLocked = await Promise.all(Array.from({ length: 5 }, (_, i) => postCallback(server.port, benchCallback(3_000_000 + i))));
    expectThat(whileLocked.every((answer) => answer.status === 503 && answer.retryAfter !== null && answer.body.includes("(locked)")), `503 with Retry-After, naming the lock, while locked (got ${JSON.stringify(whileLocked)})`);
    holder.exec("ROLLBACK");
    expectThat(sharesPerMessage(database).size === 0, "nothing stored while locked");
    const afterwards = await Promise.all(Array.from({ length: 5 }, (_, i) => postCallback(server.port, benchCallback(3_000_000 + i))));
    expectThat(afterwards.every((answer) => answer.status === 200), `200 once released (got ${JSON.stringify(afterwards)})`);
    const shares = sharesPerMessage(database);
    expectThat(Array.from({ length: 5 }, (_, i) => shares.get(benchMessageId(3_000_000 + i))).every((n) => n === 1), "all five stored after the release");
    return `lock held by another process past the 300 ms busy timeout → 5 of 5 callbacks answered 503 with Retry-After ${(whileLocked[0] as { retryAfter: string }).retryAfter}, none stored; released → 5 of 5 answered 200 and stored once`;
  } finally {
    if (holder.inTransaction) holder.exec("ROLLBACK");
    holder.close();
    await server.stop();
    removeFolderOf(database);
  }
}
