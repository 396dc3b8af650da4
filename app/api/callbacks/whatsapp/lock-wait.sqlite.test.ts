import { spawn } from "node:child_process";
import { once } from "node:events";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";

// Long enough that every callback below is stored once the other connection lets go.
vi.hoisted(() => {
  process.env.SQLITE_BUSY_TIMEOUT_MS = "5000";
});

const { kaleyraCallback, postCallback } = await import("@/test/callbacks");
const { callbacksWithBodyContaining, sqlCount } = await import("@/test/database");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Another process holding the write lock for `ms`; resolves once it holds it, with its exit. */
async function lockedByAnotherProcess(ms: number): Promise<{ exited: Promise<unknown> }> {
  const script = `const db = new (require("better-sqlite3"))(process.argv[1]); db.exec("BEGIN IMMEDIATE"); console.log("locked"); setTimeout(() => { db.exec("COMMIT"); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ["-e", script, process.env.DATABASE_PATH!], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = once(child, "exit");
  await once(child.stdout!, "data");
  return { exited };
}

describe("SQLite: callbacks wait for another connection's write lock without blocking the server", () => {
  it("keeps the event loop free while waiting, and stores every waiting callback once the lock is let go", async () => {
    await postCallback(kaleyraCallback({ messageId: "lock-wait-warm-up", cards: [] })); // the store is open and migrated
    const other = new Database(process.env.DATABASE_PATH!);
    other.exec("BEGIN IMMEDIATE");
    const answers = Promise.all(Array.from({ length: 5 }, (_, index) => postCallback(kaleyraCallback({ messageId: `lock-wait-${index}`, cards: [{ name: { formatted_name: `Waiting ${index}` } }] }))));
    // While the callbacks wait, timers still run on time: SQLite's own busy wait would hold the
    // event loop (and every other request of this process) until the lock was free.
    const lateness: number[] = [];
    for (let tick = 0; tick < 10; tick++) {
      const asked = performance.now();
      await sleep(10);
      lateness.push(performance.now() - asked - 10);
    }
    expect(Math.max(...lateness)).toBeLessThan(40);
    expect(await sqlCount("select count(*) as n from contact_shares where message_id like 'lock-wait-_'")).toBe(0);
    other.exec("COMMIT");
    other.close();
    const statuses = (await answers).map((answer) => answer.status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(await sqlCount("select count(*) as n from contact_shares where message_id like 'lock-wait-_'")).toBe(5);
  });

  it("takes the lock within a few ms of each release when another writer holds it most of the time", async () => {
    // A writer in another process holding the lock 30 ms of every 40: SQLite's back-off (25, 50,
    // then 100 ms between looks) can miss one 10 ms gap after another; trying every 2 ms does not.
    const other = new Database(process.env.DATABASE_PATH!);
    let holding = true;
    const writer = (async () => {
      while (holding) {
        other.exec("BEGIN IMMEDIATE");
        const until = performance.now() + 30;
        while (performance.now() < until) await sleep(1);
        other.exec("COMMIT");
        await sleep(10);
      }
    })();
    const waits: number[] = [];
    for (let index = 0; index < 20; index++) {
      const started = performance.now();
      const answer = await postCallback(kaleyraCallback({ messageId: `lock-gap-${index}`, cards: [{ name: { formatted_name: `Gap ${index}` } }] }));
      expect(answer.status).toBe(200);
      waits.push(performance.now() - started);
    }
    holding = false;
    await writer;
    other.close();
    // Each waits for at most the rest of one 30 ms hold, plus the test's own timer slack.
    expect(Math.max(...waits)).toBeLessThan(150);
    expect(await sqlCount("select count(*) as n from contact_shares where message_id like 'lock-gap-%'")).toBe(20);
  });

  it("waits for another process's lock, and leaves the connection's own busy timeout for its other writes", async () => {
    let other = await lockedByAnotherProcess(150);
    const stored = await postCallback(kaleyraCallback({ messageId: "lock-process-1", cards: [{ name: { formatted_name: "Other Process" } }] }));
    expect(stored.status).toBe(200);
    await other.exited;
    // A rejected callback's log entry is written with SQLite's busy wait (SQLITE_BUSY_TIMEOUT_MS):
    // still there after the callback above waited without it, so it waits and is logged (400, not 503).
    other = await lockedByAnotherProcess(150);
    const rejected = await postCallback('{"not json lock-process-2');
    expect(rejected.status).toBe(400);
    await other.exited;
    expect(await sqlCount("select count(*) as n from contact_shares where message_id = 'lock-process-1'")).toBe(1);
    expect(await callbacksWithBodyContaining("lock-process-2")).toHaveLength(1);
  });
});
