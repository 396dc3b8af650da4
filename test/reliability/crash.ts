import { expectThat, inspect, planCallbacks, pool, postCallback, removeFolderOf, sharesPerMessage, sleep, startServer, temporaryDatabase, type PlannedCallback, type Server } from "./harness";

/**
 * The same load while the server is killed with SIGKILL at random moments and restarted on the
 * same file. The sender retries what got no answer (as Kaleyra does). Every callback that got a
 * 200 must be there exactly once, and the file must pass integrity_check.
 */
export async function crash(count: number, kills: number): Promise<string> {
  const database = temporaryDatabase("crash");
  const port = 3202;
  let server: Server = await startServer(database, port);
  const planned = planCallbacks(count, 2_000_000).filter((callback) => callback.kind !== "malformed");
  const sent: PlannedCallback[] = [...planned];
  const acknowledged = new Set<string>();
  let retries = 0;
  let killed = 0;

  const killer = (async () => {
    while (killed < kills) {
      await sleep(300 + Math.random() * 900);
      await server.kill("SIGKILL");
      killed += 1;
      server = await startServer(database, port);
    }
  })();

  const deliver = async (callback: PlannedCallback) => {
    for (let attempt = 0; ; attempt++) {
      const answer = await postCallback(port, callback.body, { timeoutMs: 10_000 });
      if (answer.status === 200) {
        acknowledged.add(callback.messageId!);
        return;
      }
      expectThat(answer.status === "no answer" || answer.status === 503, `only "no answer" or 503 while crashing (got ${JSON.stringify(answer)})`);
      retries += 1;
      await sleep(100 + attempt * 50);
    }
  };
  try {
    await pool(planned, 20, deliver);
    // Keep the load on until every planned kill has happened under it.
    for (let round = 1; killed < kills; round++) {
      const more = planCallbacks(200, 2_000_000 + count + round * 1000).filter((callback) => callback.kind !== "malformed");
      sent.push(...more);
      await pool(more, 20, deliver);
    }
    await killer;
    const shares = sharesPerMessage(database);
    const integrity = inspect(database, (db) => db.pragma("integrity_check", { simple: true }));
    expectThat(killed >= kills, `at least ${kills} kills (${killed})`);
    expectThat([...acknowledged].every((messageId) => shares.get(messageId) === 1), "every acknowledged message stored exactly once");
    expectThat([...shares.values()].every((n) => n === 1), "no message stored twice");
    expectThat(integrity === "ok", `integrity_check ok (got ${String(integrity)})`);
    return `${sent.length} callbacks at concurrency 20, server SIGKILLed ${killed} times and restarted on the same file; ${acknowledged.size} acknowledged, ${retries} retries after no answer; ${shares.size} messages stored, each exactly once; integrity_check ${String(integrity)}`;
  } finally {
    await killer.catch(() => undefined);
    await server.kill();
    removeFolderOf(database);
  }
}
