/** What every reliability scenario needs: a real production server on a real SQLite file, a client that records every answer, and a look into the file. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { benchCallback, benchMessageId } from "../../bench/dataset";
import { decodeStoredBody } from "../../db/sqlite/stored-body";

export const root = path.join(import.meta.dirname, "..", "..");
export const callbackToken = "reliability-token";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

/** Each scenario's server listens on RELIABILITY_PORT_BASE + its offset (3201–3206 by default), so two checkouts can run side by side. */
const portBase = Number(process.env.RELIABILITY_PORT_BASE ?? 3200);
export function reliabilityPort(offset: number): number {
  return portBase + offset;
}

export type ServerExit = { code: number | null; signal: NodeJS.Signals | null };

export type Server = {
  url: string;
  port: number;
  process: ChildProcess;
  /** How the process ended, as observed from its exit event; null while it runs. */
  exit(): ServerExit | null;
  /** When a kill signal was last sent (performance.now()), or null. */
  killSentAt(): number | null;
  /** Sends `signal` and resolves with the observed exit; rejects (after a SIGKILL) if the process outlives it by 15 s. */
  kill(signal?: NodeJS.Signals): Promise<ServerExit>;
  /** Cleanup: SIGTERM, then SIGKILL if it has not exited within 10 s; never rejects. */
  stop(): Promise<void>;
};

export function temporaryDatabase(label: string, folder?: string): string {
  return path.join(folder ?? mkdtempSync(path.join(tmpdir(), `contact-inbox-${label}-`)), "inbox.db");
}

/** Starts `next start` on `port` and resolves once it answers /api/health; throws if it exits or never answers. */
export async function startServer(database: string, port: number, env: Record<string, string> = {}): Promise<Server> {
  // Another checkout's server on this port would answer our health check and be tested instead of ours.
  await expectPortFree(port);
  const child = spawn(process.execPath, [nextBin, "start", "--keepAliveTimeout", "65000", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", DATABASE_PATH: database, CALLBACK_TOKEN: callbackToken, SETUP_CODE: "reliability-setup", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  // RELIABILITY_SERVER_LOG_DIR keeps each server's whole stderr (port.log), for looking into a failure.
  const log = process.env.RELIABILITY_SERVER_LOG_DIR ? createWriteStream(path.join(process.env.RELIABILITY_SERVER_LOG_DIR, `${port}.log`), { flags: "a" }) : null;
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    log?.write(chunk);
  });
  let exit: ServerExit | null = null;
  let killSentAt: number | null = null;
  const exited = new Promise<ServerExit>((resolve) => child.once("exit", (code, signal) => resolve((exit = { code, signal }))));
  const url = `http://127.0.0.1:${port}`;
  const server: Server = {
    url,
    port,
    process: child,
    exit: () => exit,
    killSentAt: () => killSentAt,
    kill: async (signal = "SIGTERM") => {
      if (exit !== null) return exit;
      killSentAt = performance.now();
      child.kill(signal);
      const ended = await Promise.race([exited, sleep(15_000).then(() => null)]);
      if (ended) return ended;
      child.kill("SIGKILL");
      await exited;
      throw new Error(`the server on port ${port} was still running 15 s after ${signal}; killed with SIGKILL`);
    },
    stop: async () => {
      if (exit !== null) return;
      child.kill("SIGTERM");
      if (!(await Promise.race([exited, sleep(10_000).then(() => null)]))) child.kill("SIGKILL");
      await exited;
    },
  };
  for (let attempt = 0; attempt < 300; attempt++) {
    if (exit !== null) throw new Error(`the server on port ${port} exited while starting (${JSON.stringify(exit)}): ${stderr.trim()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return server;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  await server.kill("SIGKILL");
  throw new Error(`the server on port ${port} did not answer /api/health within 30 s: ${stderr.trim()}`);
}

async function expectPortFree(port: number): Promise<void> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (error) => reject(new Error(`port ${port} is in use (${(error as Error).message}); set RELIABILITY_PORT_BASE to move the test servers`)));
    probe.listen(port, "0.0.0.0", () => resolve());
  });
  await new Promise((resolve) => probe.close(resolve));
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export type Answer = { status: number; retryAfter: string | null; body: string } | { status: "no answer"; error: string };

/** POSTs a callback body; a refused or dropped connection is "no answer", never an exception. */
export function postCallback(port: number, body: string, options: { token?: string; timeoutMs?: number } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.request(
      { host: "127.0.0.1", port, path: "/api/callbacks/whatsapp", method: "POST", agent, timeout: options.timeoutMs ?? 30_000, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-callback-token": options.token ?? callbackToken } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, retryAfter: (response.headers["retry-after"] as string | undefined) ?? null, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", (error) => resolve({ status: "no answer", error: error.message }));
      },
    );
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error) => resolve({ status: "no answer", error: (error as NodeJS.ErrnoException).code ?? error.message }));
    request.end(body);
  });
}

/** How many answers had each status, e.g. {"200": 950, "400": 50, "no answer (timeout)": 2}. */
export function countStatuses(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = answer.status === "no answer" ? `no answer (${answer.error})` : String(answer.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
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

/** The callback log per message id and outcome, e.g. "wamid.X" → {stored: 1, duplicate: 2}; bodies without a message id under "". */
export function logPerMessage(database: string): Map<string, Record<string, number>> {
  // Bodies are stored compressed, so the message id is read in JavaScript, not with json_extract.
  const rows = inspect(database, (db) => db.prepare("select raw_body, outcome from callbacks").all() as { raw_body: unknown; outcome: string }[]);
  const log = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const id = messageIdOf(decodeStoredBody(row.raw_body));
    const entry = log.get(id) ?? {};
    entry[row.outcome] = (entry[row.outcome] ?? 0) + 1;
    log.set(id, entry);
  }
  return log;
}

function messageIdOf(body: string | null): string {
  try {
    const id = (JSON.parse(body ?? "") as { meta_object?: { value?: { messages?: { id?: unknown }[] } } }).meta_object?.value?.messages?.[0]?.id;
    return typeof id === "string" ? id : "";
  } catch {
    return "";
  }
}

export function integrityCheck(database: string): string {
  return String(inspect(database, (db) => db.pragma("integrity_check", { simple: true })));
}

/** Creates an API token in `database` with the app's own script and returns it; throws if the script fails. */
export function createApiToken(database: string, name: string): string {
  const result = spawnSync("npx", ["tsx", "--conditions", "react-server", "scripts/tokens.ts", "create", "--name", name], { cwd: root, env: { ...process.env, DATABASE_PATH: database }, encoding: "utf8" });
  const token = result.stdout.trim().split("\n").pop() ?? "";
  expectThat(result.status === 0 && token.length >= 20, `an API token from scripts/tokens.ts (exit ${result.status}, stderr ${result.stderr.trim().slice(-300)})`);
  return token;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function removeFolderOf(database: string) {
  rmSync(path.dirname(database), { recursive: true, force: true });
}

/** A failed expectation ends the scenario with a message saying what was expected and what was seen. */
export function expectThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`expected: ${message}`);
}

/** Thrown by a scenario that could not run here. The runner counts it as a failure unless started with --allow-skip. */
export class ScenarioSkipped extends Error {
  readonly code = "ScenarioSkipped";
}
