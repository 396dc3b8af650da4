import { existsSync, statSync } from "node:fs";
import { benchCallback } from "../../bench/dataset";
import { createApiToken, expectThat, pool, postCallback, reliabilityPort, removeFolderOf, sharesPerMessage, sleep, startServer, temporaryDatabase } from "./harness";

type Poll = { status: number | "no answer"; count: number | null };

/**
 * Sustained writes while a reader polls the live view's count: the -wal file must stay bounded
 * (checkpoints keep up), and the reader must really read: every poll 200 with a count that grows
 * to exactly what was written.
 */
export async function walGrowth(count: number): Promise<string> {
  const database = temporaryDatabase("wal");
  // The reader signs in as an API client, as the live view's browser would with its session.
  const token = createApiToken(database, "reader");
  const server = await startServer(database, reliabilityPort(5));
  const walSize = () => (existsSync(`${database}-wal`) ? statSync(`${database}-wal`).size : 0);
  const poll = async (): Promise<Poll> => {
    try {
      const response = await fetch(`${server.url}/api/contacts/updates?after=0`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json().catch(() => null)) as { count?: unknown } | null;
      return { status: response.status, count: typeof body?.count === "number" ? body.count : null };
    } catch {
      return { status: "no answer", count: null };
    }
  };
  let writing = true;
  let maxWal = 0;
  const polls: Poll[] = [];
  const reader = (async () => {
    while (writing) {
      polls.push(await poll());
      maxWal = Math.max(maxWal, walSize());
      await sleep(20);
    }
  })();
  try {
    await pool(Array.from({ length: count }, (_, i) => i), 10, async (i) => {
      const answer = await postCallback(server.port, benchCallback(5_000_000 + i));
      expectThat(answer.status === 200, `every write acknowledged (got ${JSON.stringify(answer)})`);
      maxWal = Math.max(maxWal, walSize());
    });
    writing = false;
    await reader;
    const final = await poll();

    const failed = polls.filter((p) => p.status !== 200 || p.count === null);
    expectThat(polls.length >= 10 && failed.length === 0, `at least 10 polls during the writes, every one 200 with a count (${polls.length} polls, ${failed.length} not: ${JSON.stringify(failed.slice(0, 3))})`);
    const counts = polls.map((p) => p.count!);
    const distinct = new Set(counts).size;
    expectThat(counts.every((n, i) => i === 0 || n >= counts[i - 1]!) && distinct >= 3, `the reader saw the count grow while writes went on (${distinct} distinct counts, from ${counts[0]} to ${counts[counts.length - 1]})`);
    expectThat(final.status === 200 && final.count === count && sharesPerMessage(database).size === count, `after the writes the reader counts all ${count} shares (got ${JSON.stringify(final)})`);
    const limitMb = 16;
    expectThat(maxWal <= limitMb * 1024 * 1024, `the -wal file stays under ${limitMb} MB (peak ${(maxWal / 1024 / 1024).toFixed(1)} MB)`);
    const dbMb = statSync(database).size / 1024 / 1024;
    return `${count} callbacks at concurrency 10 with a reader polling every ~20 ms: ${polls.length} polls, all 200, the count growing through ${distinct} values to ${final.count}; -wal peaked at ${(maxWal / 1024 / 1024).toFixed(1)} MB while the database grew to ${dbMb.toFixed(1)} MB; bounded by checkpoints and journal_size_limit`;
  } finally {
    writing = false;
    await reader;
    await server.stop();
    removeFolderOf(database);
  }
}
