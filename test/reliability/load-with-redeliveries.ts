import { countStatuses, expectThat, inspect, logPerMessage, planCallbacks, pool, postCallback, reliabilityPort, removeFolderOf, sharesPerMessage, startServer, temporaryDatabase, type Answer, type PlannedCallback } from "./harness";

/**
 * Callbacks at concurrency 50 with redeliveries (some racing their twin) and malformed bodies.
 * Exact answers: 200 for every valid callback and every redelivery, 400 for every malformed body.
 * Exact storage: each distinct message stored once, and one log row per request with the outcome it earned.
 */
export async function loadWithRedeliveries(count: number): Promise<string> {
  const database = temporaryDatabase("load");
  const server = await startServer(database, reliabilityPort(1));
  try {
    const planned = planCallbacks(count, 1_000_000);
    const answers: Answer[][] = new Array(planned.length);
    await pool(planned, 50, async (callback, index) => {
      // Every tenth redelivery races its twin: both are sent at once, and both must be answered 200.
      if (callback.kind === "redelivery" && index % 100 === 13) answers[index] = await Promise.all([postCallback(server.port, callback.body), postCallback(server.port, callback.body)]);
      else answers[index] = [await postCallback(server.port, callback.body)];
    });
    const requests = planned.flatMap((callback, index) => answers[index]!.map((answer) => ({ callback, answer })));
    const statuses = countStatuses(requests.map(({ answer }) => answer));

    const wrong = requests.filter(({ callback, answer }) => answer.status !== expectedStatus(callback));
    expectThat(wrong.length === 0, `200 for every valid callback and redelivery, 400 for every malformed body; ${wrong.length} of ${requests.length} answers were not (${describeWrong(wrong)})`);

    const distinct = new Set(planned.flatMap((callback) => (callback.messageId ? [callback.messageId] : [])));
    const withMessageId = requests.filter(({ callback }) => callback.messageId).length;
    const malformed = requests.filter(({ callback }) => callback.kind === "malformed").length;

    const shares = sharesPerMessage(database);
    const storedTwice = [...shares].filter(([, n]) => n !== 1);
    const missing = [...distinct].filter((messageId) => !shares.has(messageId));
    const unexpected = [...shares.keys()].filter((messageId) => !distinct.has(messageId));
    expectThat(storedTwice.length === 0 && missing.length === 0 && unexpected.length === 0 && shares.size === distinct.size, `exactly ${distinct.size} messages stored, each once (stored ${shares.size}; ${storedTwice.length} more than once, e.g. ${JSON.stringify(storedTwice.slice(0, 3))}; ${missing.length} missing; ${unexpected.length} never sent)`);

    const logRows = inspect(database, (db) => db.prepare("select outcome || ' ' || http_status as key, count(*) as n from callbacks group by 1").all() as { key: string; n: number }[]);
    const log = Object.fromEntries(logRows.map((row) => [row.key, row.n]));
    const expectedLog: Record<string, number> = { "stored 200": distinct.size, "duplicate 200": withMessageId - distinct.size, "rejected 400": malformed };
    expectThat(Object.keys({ ...log, ...expectedLog }).every((key) => log[key] === expectedLog[key]), `one log row per request: ${JSON.stringify(expectedLog)} (got ${JSON.stringify(log)})`);
    const notStoredOnce = [...logPerMessage(database)].filter(([messageId, outcomes]) => messageId !== "" && outcomes.stored !== 1);
    expectThat(notStoredOnce.length === 0, `every message logged "stored" exactly once, its redeliveries "duplicate" (${notStoredOnce.length} were not, e.g. ${JSON.stringify(notStoredOnce.slice(0, 3))})`);

    const redeliveries = requests.filter(({ callback }) => callback.kind === "redelivery").length;
    return `${requests.length} requests at concurrency 50 (${distinct.size} distinct messages, ${redeliveries} redeliveries of which ${redeliveries - planned.filter((c) => c.kind === "redelivery").length} raced their twin, ${malformed} malformed) → answers ${JSON.stringify(statuses)}, each the expected one; ${shares.size} messages stored, each exactly once; log ${JSON.stringify(log)}`;
  } finally {
    await server.stop();
    removeFolderOf(database);
  }
}

function expectedStatus(callback: PlannedCallback): number {
  return callback.kind === "malformed" ? 400 : 200;
}

/** "redelivery → 409: 90, valid → 500: 3": which kinds of callback got which wrong answers. */
function describeWrong(wrong: { callback: PlannedCallback; answer: Answer }[]): string {
  const counts = new Map<string, number>();
  for (const { callback, answer } of wrong) {
    const key = `${callback.kind} → ${answer.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key}: ${n}`).join(", ");
}
