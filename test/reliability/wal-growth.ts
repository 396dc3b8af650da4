import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { benchCallback } from "../../bench/dataset";
import { expectThat, pool, postCallback, removeFolderOf, root, sleep, startServer, temporaryDatabase } from "./harness";

/** Sustained writes while a reader polls like the live view: the -wal file must stay bounded (checkpoints keep up). */
export async function walGrowth(count: number): Promise<string> {
  const database = temporaryDatabase("wal");
  // The reader signs in as an API client, as the live view's browser would with its session.
  const token = spawnSync("npx", ["tsx", "--conditions", "react-server", "scripts/tokens.ts", "create", "--name", "reader"], { cwd: root, env: { ...process.env, DATABASE_PATH: database }, encoding: "utf8" }).stdout.trim().split("\n").pop()!;
  const server = await startServer(database, 3205);
  const walSize = () => (existsSync(`${database}-wal`) ? statSync(`${database}-wal`).size : 0);
  let writing = true;
  let maxWal = 0;
  let polls = 0;
  const reader = (async () => {
    while (writing) {
      await fetch(`${server.url}/api/contacts/updates?after=0`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.arrayBuffer());
      polls += 1;
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
    const limitMb = 16;
    expectThat(maxWal <= limitMb * 1024 * 1024, `the -wal file stays under ${limitMb} MB (peak ${(maxWal / 1024 / 1024).toFixed(1)} MB)`);
    const dbMb = statSync(database).size / 1024 / 1024;
    return `${count} callbacks at concurrency 10 with a reader polling every ~20 ms (${polls} polls): -wal peaked at ${(maxWal / 1024 / 1024).toFixed(1)} MB while the database grew to ${dbMb.toFixed(1)} MB; bounded by checkpoints and journal_size_limit`;
  } finally {
    writing = false;
    await server.kill();
    removeFolderOf(database);
  }
}
