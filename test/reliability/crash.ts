import { expectThat, integrityCheck, logPerMessage, planCallbacks, pool, postCallback, reliabilityPort, removeFolderOf, sharesPerMessage, sleep, startServer, temporaryDatabase, type PlannedCallback, type Server } from "./harness";

const maxAttempts = 100;

/**
 * The same load while the server is killed with SIGKILL `kills` times and restarted on the same
 * file. The sender retries what got no answer (as Kaleyra does). Proven from what was observed:
 * exactly `kills` server processes ended by SIGKILL, each kill cut off callbacks in flight, those
 * were retried until acknowledged, every message is stored exactly once, and integrity_check passes.
 */
export async function crash(count: number, kills: number): Promise<string> {
  const database = temporaryDatabase("crash");
  const port = reliabilityPort(2);
  const servers: Server[] = [await startServer(database, port)];
  const current = () => servers[servers.length - 1]!;
  const planned = planCallbacks(count, 2_000_000).filter((callback) => callback.kind !== "malformed");
  const sent: PlannedCallback[] = [...planned];
  const acknowledged = new Map<string, number>();
  const acknowledgedBy = new Map<Server, number>();
  /** Per server process: the messages whose request was under way when it was SIGKILLed and got no answer. */
  const cutOff = new Map<Server, Set<string>>();
  let retries = 0;
  let stopped = false;

  const killer = (async () => {
    for (let kill = 0; kill < kills && !stopped; kill++) {
      const target = current();
      // Kill under load: wait until this server has acknowledged some callbacks, then at a random moment.
      for (let waited = 0; (acknowledgedBy.get(target) ?? 0) < 20; waited += 50) {
        expectThat(!stopped && waited < 60_000, `load on the server before kill ${kill + 1} (${acknowledgedBy.get(target) ?? 0} acknowledged in 60 s)`);
        await sleep(50);
      }
      await sleep(Math.random() * 600);
      await target.kill("SIGKILL");
      servers.push(await startServer(database, port));
    }
  })();
  let killerDone = false;
  let killerError: unknown = null;
  const killerFinished = killer
    .catch((error: unknown) => {
      killerError = error;
      throw error;
    })
    .finally(() => {
      killerDone = true;
    });
  // Handled here so a failing killer cannot crash the run before it is awaited below.
  killerFinished.catch(() => undefined);

  const deliver = async (callback: PlannedCallback) => {
    const messageId = callback.messageId!;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (killerError) throw killerError;
      const target = current();
      const sentAt = performance.now();
      const answer = await postCallback(port, callback.body, { timeoutMs: 10_000 });
      if (answer.status === 200) {
        acknowledged.set(messageId, (acknowledged.get(messageId) ?? 0) + 1);
        acknowledgedBy.set(target, (acknowledgedBy.get(target) ?? 0) + 1);
        return;
      }
      expectThat(answer.status === "no answer" || answer.status === 503, `only "no answer" or 503 while crashing (got ${JSON.stringify(answer)})`);
      const killSentAt = target.killSentAt();
      if (answer.status === "no answer" && answer.error !== "ECONNREFUSED" && killSentAt !== null && killSentAt >= sentAt) {
        cutOff.set(target, (cutOff.get(target) ?? new Set()).add(messageId));
      }
      retries += 1;
      await sleep(100 + attempt * 50);
    }
    throw new Error(`expected: ${messageId} acknowledged within ${maxAttempts} attempts`);
  };
  try {
    await pool(planned, 20, deliver);
    // Keep the load on until every planned kill has happened under it.
    for (let round = 1; !killerDone; round++) {
      const more = planCallbacks(200, 2_000_000 + count + round * 1000).filter((callback) => callback.kind !== "malformed");
      sent.push(...more);
      await pool(more, 20, deliver);
    }
    await killerFinished;

    const killed = servers.filter((server) => server.exit()?.signal === "SIGKILL");
    expectThat(killed.length === kills && servers.length === kills + 1 && current().exit() === null, `exactly ${kills} server processes ended by SIGKILL and the last one still running (exits seen: ${JSON.stringify(servers.map((server) => server.exit()))})`);
    const cutPerKill = killed.map((server) => cutOff.get(server)?.size ?? 0);
    expectThat(cutPerKill.every((n) => n > 0), `every kill cut off callbacks in flight, which were then retried (per kill: ${cutPerKill.join(", ")})`);
    const retried = new Set([...cutOff.values()].flatMap((ids) => [...ids]));
    expectThat([...retried].every((messageId) => acknowledged.has(messageId)), "every callback cut off by a kill acknowledged on a retry");

    const distinct = new Set(sent.map((callback) => callback.messageId!));
    expectThat(acknowledged.size === distinct.size, `every one of the ${distinct.size} messages sent acknowledged (${acknowledged.size})`);
    const shares = sharesPerMessage(database);
    const wrong = [...distinct].filter((messageId) => shares.get(messageId) !== 1);
    expectThat(wrong.length === 0 && shares.size === distinct.size, `each of the ${distinct.size} messages stored exactly once and nothing else (stored ${shares.size}; ${wrong.length} missing or repeated, e.g. ${JSON.stringify(wrong.slice(0, 3).map((id) => [id, shares.get(id) ?? 0]))})`);

    // Every 200 must stand on a committed log row (stored or duplicate); rows beyond the 200s are commits whose answer a kill cut off.
    const log = logPerMessage(database);
    const unbacked = [...acknowledged].filter(([messageId, answered]) => (log.get(messageId)?.stored ?? 0) + (log.get(messageId)?.duplicate ?? 0) < answered);
    expectThat(unbacked.length === 0, `every 200 backed by a committed log row (${unbacked.length} were not, e.g. ${JSON.stringify(unbacked.slice(0, 3))})`);
    const storedTwiceInLog = [...distinct].filter((messageId) => log.get(messageId)?.stored !== 1);
    expectThat(storedTwiceInLog.length === 0, `every message logged "stored" exactly once (${storedTwiceInLog.length} were not)`);
    const lostAnswers = [...distinct].reduce((sum, messageId) => sum + (log.get(messageId)!.stored ?? 0) + (log.get(messageId)!.duplicate ?? 0) - acknowledged.get(messageId)!, 0);

    const integrity = integrityCheck(database);
    expectThat(integrity === "ok", `integrity_check ok (got ${integrity})`);
    return `${sent.length} callbacks at concurrency 20; ${killed.length} server processes observed to exit by SIGKILL (planned ${kills}), each restarted on the same file; the kills cut off ${cutPerKill.join("/")} callbacks in flight, all retried and acknowledged (${retries} failed attempts retried in all; ${lostAnswers} callbacks had been committed before a kill cut off their answer, and their retry was recognised as a redelivery); ${distinct.size} messages acknowledged and stored, each exactly once; integrity_check ${integrity}`;
  } finally {
    stopped = true;
    await killerFinished.catch(() => undefined);
    await current().stop();
    removeFolderOf(database);
  }
}
