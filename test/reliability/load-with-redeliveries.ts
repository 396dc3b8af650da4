import { expectThat, inspect, planCallbacks, pool, postCallback, removeFolderOf, sharesPerMessage, startServer, temporaryDatabase, type Answer } from "./harness";

/** Callbacks at concurrency 50 with redeliveries (some concurrent) and malformed bodies: every 200 stored exactly once, every malformed one 4xx and logged, no 5xx. */
export async function loadWithRedeliveries(count: number): Promise<string> {
  const database = temporaryDatabase("load");
  const server = await startServer(database, 3201);
  try {
    const planned = planCallbacks(count, 1_000_000);
    const answers: Answer[] = new Array(planned.length);
    await pool(planned, 50, async (callback, index) => {
      // Every tenth redelivery races its twin: both are sent at once.
      if (callback.kind === "redelivery" && index % 100 === 13) {
        const [a] = await Promise.all([postCallback(server.port, callback.body), postCallback(server.port, callback.body)]);
        answers[index] = a;
      } else answers[index] = await postCallback(server.port, callback.body);
    });
    const statuses = new Map<string, number>();
    for (const answer of answers) statuses.set(String(answer.status), (statuses.get(String(answer.status)) ?? 0) + 1);
    const shares = sharesPerMessage(database);
    const acknowledged = planned.filter((callback, index) => callback.messageId && answers[index]!.status === 200);
    const malformed = planned.filter((callback) => callback.kind === "malformed");
    const rejectedLogged = inspect(database, (db) => (db.prepare("select count(*) as n from callbacks where outcome = 'rejected' and http_status = 400").get() as { n: number }).n);

    expectThat(![...statuses.keys()].some((status) => status.startsWith("5")), `no 5xx (saw ${JSON.stringify(Object.fromEntries(statuses))})`);
    expectThat(acknowledged.every((callback) => shares.get(callback.messageId!) === 1), "every acknowledged message stored exactly once");
    expectThat(planned.every((callback, index) => callback.kind !== "malformed" || answers[index]!.status === 400), "every malformed body answered 400");
    expectThat(rejectedLogged === malformed.length, `every malformed body in the log (${rejectedLogged} of ${malformed.length})`);
    const unique = new Set(planned.filter((callback) => callback.messageId).map((callback) => callback.messageId)).size;
    return `${planned.length} callbacks at concurrency 50 (${unique} distinct messages, ${planned.filter((c) => c.kind === "redelivery").length} redeliveries, ${malformed.length} malformed) → answers ${JSON.stringify(Object.fromEntries(statuses))}; ${shares.size} messages stored, each exactly once; ${rejectedLogged} rejections logged; no 5xx`;
  } finally {
    await server.kill();
    removeFolderOf(database);
  }
}
