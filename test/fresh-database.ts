import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/** Every test file gets its own SQLite file in a temporary folder: real storage, never the app's own database. */
const folder = mkdtempSync(path.join(tmpdir(), "contact-inbox-test-"));
process.env.DATABASE_PATH = path.join(folder, "inbox.db");
// Test files run one after another in the same process: configuration a file set must not leak into the next.
for (const name of ["CALLBACK_TOKEN", "CALLBACK_TOKEN_HEADER", "CALLBACK_BASIC_AUTH", "META_APP_SECRET", "META_VERIFY_TOKEN", "SETUP_CODE", "TRUST_PROXY"]) {
  delete process.env[name];
}

type DbCache = { __contactInboxDb?: { $client: { close(): void } } };
const cache = globalThis as DbCache;
cache.__contactInboxDb?.$client.close();
delete cache.__contactInboxDb;

afterAll(() => {
  cache.__contactInboxDb?.$client.close();
  delete cache.__contactInboxDb;
});
