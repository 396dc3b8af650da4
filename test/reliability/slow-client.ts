import net from "node:net";
import { benchCallback } from "../../bench/dataset";
import { callbackToken, expectThat, pool, postCallback, reliabilityPort, removeFolderOf, sleep, startServer, temporaryDatabase } from "./harness";

/** A body sent at one byte a second does not hold up anyone else's callback. */
export async function slowClient(): Promise<string> {
  const database = temporaryDatabase("slow");
  const server = await startServer(database, reliabilityPort(6));
  const body = benchCallback(6_000_000);
  const slow = net.connect(server.port, "127.0.0.1");
  let sentBytes = 0;
  let trickle: NodeJS.Timeout | undefined;
  // The slow request must still be under way when the others finish, or nothing was proven.
  let slowEnded: string | null = null;
  slow.on("data", (chunk: Buffer) => (slowEnded ??= `answered: ${chunk.toString("utf8").split("\r\n")[0]}`));
  slow.on("close", () => (slowEnded ??= "connection closed"));
  slow.on("error", (error) => (slowEnded ??= `error: ${error.message}`));
  try {
    await new Promise<void>((resolve) => slow.once("connect", () => resolve()));
    slow.write(`POST /api/callbacks/whatsapp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Callback-Token: ${callbackToken}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    trickle = setInterval(() => {
      slow.write(body[sentBytes] ?? " ");
      sentBytes += 1;
    }, 1000);
    await sleep(1500);
    const latencies: number[] = [];
    await pool(Array.from({ length: 50 }, (_, i) => i), 10, async (i) => {
      const started = performance.now();
      const answer = await postCallback(server.port, benchCallback(6_000_001 + i));
      latencies.push(performance.now() - started);
      expectThat(answer.status === 200, `other callbacks answered 200 (got ${JSON.stringify(answer)})`);
    });
    clearInterval(trickle);
    expectThat(slowEnded === null && sentBytes > 0 && sentBytes < Buffer.byteLength(body), `the slow body still trickling, unanswered, when the others were done (${slowEnded ?? "still open"}, ${sentBytes} bytes sent)`);
    latencies.sort((a, b) => a - b);
    const worst = latencies[latencies.length - 1]!;
    expectThat(worst < 2000, `no other callback waits behind the slow one (slowest ${worst.toFixed(0)} ms)`);
    return `one body trickling at 1 byte/s (${sentBytes} bytes sent so far) while 50 other callbacks were posted at concurrency 10: all 200, median ${latencies[25]!.toFixed(0)} ms, slowest ${worst.toFixed(0)} ms`;
  } finally {
    clearInterval(trickle);
    slow.destroy();
    await server.stop();
    removeFolderOf(database);
  }
}
