import os from "node:os";
import path from "node:path";

/**
 * The two production servers the suite runs against, each on a fixed port with its own
 * throw-away SQLite file under the OS temp dir (deleted when the server starts).
 * `main` receives every test's callbacks; `empty` never receives one, for the "No contacts yet" state.
 */
export const testServers = {
  main: testServer("main", 3107),
  empty: testServer("empty", 3108),
} as const;

export type TestServer = { name: string; port: number; url: string; databasePath: string };

function testServer(name: string, port: number): TestServer {
  return { name, port, url: `http://localhost:${port}`, databasePath: path.join(os.tmpdir(), "contact-inbox-e2e", `${name}.db`) };
}
