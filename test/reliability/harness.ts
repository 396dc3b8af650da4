/** What every reliability scenario needs: a real production server on a real SQLite file, a client that records every answer, and a look into the file. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { benchCallback, benchMessageId } from "../../bench/dataset";

export const root = path.join(import.meta.dirname, "..", "..");
export const callbackToken = "reliability-token";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

export type Server = { url: string; port: number; process: ChildProcess; kill(signal?: NodeJS.Signals): Promise<void> };

export function temporaryDatabase(label: string, folder?: string): string {
  return path.join(folder ?? mkdtempSync(path.join(tmpdir(), `contact-inbox-${label}-`)), "inbox.db");
}

export async function startServer(database: string, port: number, env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", DATABASE_PATH: database, CALLBACK_TOKEN: callbackToken, SETUP_CODE: "reliability-setup", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", () => undefined);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  return {
    url,
    port,
    process: child,
    kill: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export type Answer = { status: number; retryAfter: string | null } | { status: "no answer"; error: string };

/** POSTs a callback body; a refused or dropped connection is "no answer", never an exception. */
export function postCallback(port: number, body: string, options: { token?: string; timeoutMs?: number } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.request(
      { host: "127.0.0.1", port, path: "/api/callbacks/whatsapp", method: "POST", agent, timeout: options.timeoutMs ?? 30_000, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-callback-token": options.token ?? callbackToken } },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, retryAfter: (response.headers["retry-after"] as string | undefined) ?? null }));
        response.on("error", (error) => resolve({ status: "no answer", error: error.message }));
      },
    );
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error) => resolve({ status: "no answer", error: error.message }));
    request.end(body);
  });
}

/** Runs `tasks` with at most `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index]!, index);
      }
    }),
  );
}

export type PlannedCallback = { messageId: string | null; body: string; kind: "valid" | "redelivery" | "malformed" };

/** `count` callbacks: unique messages, ~10% redeliveries of earlier ones, ~5% malformed bodies. */
export function planCallbacks(count: number, firstIndex: number): PlannedCallback[] {
  const planned: PlannedCallback[] = [];
  for (let i = 0; i < count; i++) {
    const index = firstIndex + i;
    if (i % 20 === 7) planned.push({ messageId: null, kind: "malformed", body: i % 40 === 7 ? `{"meta_object": {"value": {"messages": [{"type": "contacts", "contacts": []}]}}}` : `{"truncated": ` });
    else if (i % 10 === 3 && i > 10) planned.push({ messageId: benchMessageId(index - 3), kind: "redelivery", body: benchCallback(index - 3) });
    else planned.push({ messageId: benchMessageId(index), kind: "valid", body: benchCallback(index) });
  }
  return planned;
}

/** Opens the database file read-only, beside the running server, to check what is really stored. */
export function inspect<T>(database: string, look: (db: Database.Database) => T): T {
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    return look(db);
  } finally {
    db.close();
  }
}

export function sharesPerMessage(database: string): Map<string, number> {
  return inspect(database, (db) => new Map((db.prepare("select message_id, count(*) as n from contact_shares group by message_id").all() as { message_id: string; n: number }[]).map((row) => [row.message_id, row.n])));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function removeFolderOf(database: string) {
  rmSync(path.dirname(database), { recursive: true, force: true });
}

/** A failed expectation ends the scenario with a message saying what was expected and what was seen. */
export function expectThat(condition: boolean, message: string): void {
  if (!condition) throw new Error(`expected: ${message}`);
}
