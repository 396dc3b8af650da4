import os from "node:os";
import path from "node:path";

/** Only for the throw-away test databases: every server's admin has this password. */
const adminAgent: TestAgent = { email: "admin@e2e.example", name: "E2E Admin", password: "e2e-admin-password-3141" };

/**
 * The production servers the suite runs against, each on a fixed port with its own throw-away
 * SQLite file under the OS temp dir (deleted when the server starts):
 * - `main` receives every test's callbacks. It starts with one admin agent and an authenticated callback receiver.
 * - `empty` never receives a callback, for the "No contacts yet" state. Same admin, same callback token.
 * - `fresh` starts with no agent at all and a known SETUP_CODE, for the first-run setup test; callbacks are
 *   not authenticated there, so its banner shows.
 * - `guard` is for the attacks that lock things (setup-code and sign-in guessing, per-address limits): they would
 *   lock the other servers' admin out. It starts with no agent and only META_APP_SECRET, so Kaleyra's envelope is
 *   open there and its banner must say so.
 * Every server's output is also written to `logFile`, so a test can check what the server logged.
 */
/** E2E_PORT_BASE moves them all (default 3107), so two checkouts can run the suite at once. */
const portBase = Number(process.env.E2E_PORT_BASE ?? 3107);

/**
 * E2E_ENGINE=postgres runs every server on PostgreSQL instead of SQLite: each starts a throw-away
 * cluster of its own on its port + 1000, so a spec can reach the same database (e.g. for the CLI).
 */
export const e2eEngine: "sqlite" | "postgres" = process.env.E2E_ENGINE === "postgres" ? "postgres" : "sqlite";

export const testServers = {
  main: testServer("main", portBase, { agent: true, callbackToken: "e2e-main-callback-token-5f1c9a" }),
  empty: testServer("empty", portBase + 1, { agent: true, callbackToken: "e2e-empty-callback-token-8b2d47" }),
  fresh: testServer("fresh", portBase + 2, { setupCode: "E2E-SETUP-7QK4-M2XD" }),
  guard: testServer("guard", portBase + 3, { setupCode: "E2E-GUARD-9RT2-WK5P", metaAppSecret: "e2e-guard-meta-secret-41c7" }),
} as const;

export type TestServer = {
  name: string;
  port: number;
  url: string;
  databasePath: string;
  /** Created with the agents CLI before the server starts; null on the first-run server. */
  agent: TestAgent | null;
  /** What callbacks must carry in X-Callback-Token; null when the server does not check. */
  callbackToken: string | null;
  /** SETUP_CODE for /setup; null when the server starts with an agent. */
  setupCode: string | null;
  /** META_APP_SECRET, when the server checks Meta signatures. */
  metaAppSecret: string | null;
  /** Everything the server prints, for tests that check its log. */
  logFile: string;
  /** On E2E_ENGINE=postgres: the server's database (its own cluster); null on SQLite. */
  databaseUrl: string | null;
  /** Where auth.setup.ts saves the signed-in agent's cookies for this server. */
  storageState: string;
};

export type TestAgent = { email: string; name: string; password: string };

function testServer(name: string, port: number, options: { agent?: boolean; callbackToken?: string; setupCode?: string; metaAppSecret?: string }): TestServer {
  return {
    name,
    port,
    url: `http://localhost:${port}`,
    databasePath: path.join(os.tmpdir(), "contact-inbox-e2e", `${name}-${port}.db`),
    databaseUrl: e2eEngine === "postgres" ? `postgres://postgres@127.0.0.1:${port + 1000}/e2e` : null,
    agent: options.agent ? adminAgent : null,
    callbackToken: options.callbackToken ?? null,
    setupCode: options.setupCode ?? null,
    metaAppSecret: options.metaAppSecret ?? null,
    logFile: path.join(os.tmpdir(), "contact-inbox-e2e", `${name}-${port}.log`),
    storageState: path.join(__dirname, ".auth", `${name}.json`),
  };
}

/** The server a base URL points at (the fixtures pick its callback token by it). */
export function testServerAt(baseURL: string | undefined): TestServer | undefined {
  return Object.values(testServers).find((server) => server.url === baseURL);
}

/** The environment that points a script (the agents CLI) at a server's database, whichever engine. */
export function databaseEnvOf(server: TestServer): Record<string, string> {
  return server.databaseUrl ? { DATABASE_URL: server.databaseUrl } : { DATABASE_PATH: server.databasePath };
}
