import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { benchCallback, benchMessageId } from "../../bench/dataset";
import { expectThat, postCallback, sharesPerMessage, startServer, type Answer } from "./harness";

/**
 * The database on a small tmpfs that fills up: 503 with Retry-After (never a 500, never a 200 for
 * what was not saved), earlier rows intact, and writes resume once space returns, without a restart.
 * Needs root (to mount the tmpfs); otherwise it says so and is skipped.
 */
export async function diskFull(): Promise<string> {
  const mountPoint = path.join(tmpdir(), `contact-inbox-disk-full-${process.pid}`);
  mkdirSync(mountPoint, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint], { stdio: "ignore" });
  } catch {
    rmSync(mountPoint, { recursive: true, force: true });
    return "SKIPPED: could not mount a tmpfs (needs root)";
  }
  const database = path.join(mountPoint, "inbox.db");
  const server = await startServer(database, 3204);
  try {
    // Leave about 1.5 MB free, then keep writing until the disk is full.
    const free = statfsSync(mountPoint).bavail * statfsSync(mountPoint).bsize;
    writeFileSync(path.join(mountPoint, "filler"), Buffer.alloc(Math.max(0, free - 1536 * 1024)));
    const acknowledged: string[] = [];
    let full: Answer | null = null;
    let index = 4_000_000;
    for (; index < 4_002_000 && full === null; index++) {
      const answer = await postCallback(server.port, benchCallback(index));
      if (answer.status === 200) acknowledged.push(benchMessageId(index));
      else full = answer;
    }
    expectThat(full !== null && full.status === 503 && full.retryAfter !== null, `503 with Retry-After once the disk is full (got ${JSON.stringify(full)})`);
    const refused = index - 1;
    const sharesWhileFull = sharesPerMessage(database);
    expectThat(acknowledged.every((messageId) => sharesWhileFull.get(messageId) === 1), "every row acknowledged before the disk filled is intact");
    expectThat(!sharesWhileFull.has(benchMessageId(refused)), "the refused callback was not stored");

    rmSync(path.join(mountPoint, "filler"));
    const resumed = await postCallback(server.port, benchCallback(refused));
    expectThat(resumed.status === 200, `the refused callback is accepted once space returns, without a restart (got ${JSON.stringify(resumed)})`);
    const after = sharesPerMessage(database);
    expectThat(after.get(benchMessageId(refused)) === 1 && acknowledged.every((messageId) => after.get(messageId) === 1), "everything stored exactly once after the disk recovered");
    return `8 MB tmpfs filled after ${acknowledged.length} acknowledged callbacks → 503 (Retry-After ${(full as { retryAfter: string }).retryAfter}), the ${acknowledged.length} earlier rows intact; space freed → the refused callback answered 200 and stored, same server process`;
  } finally {
    await server.kill();
    execFileSync("umount", ["-l", mountPoint], { stdio: "ignore" });
    rmSync(mountPoint, { recursive: true, force: true });
  }
}
