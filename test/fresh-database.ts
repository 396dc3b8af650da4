import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, inject } from "vitest";

/**
 * Every test file gets a database of its own, never the app's: a SQLite file in a temporary folder,
 * or (the `postgres` project) a fresh database on the test PostgreSQL server. Same tests, both engines.
 */
if (process.env.TEST_ENGINE === "postgres") {
  const server = inject("postgresUrl");
  const name = `test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  // test/contact-query.test.ts starts from its cards, stored once per run (test/contact-query-seed.ts).
  const template = expect.getState().testPath?.endsWith(path.join("test", "contact-query.test.ts")) ? inject("postgresContactQueryTemplate") : inject("postgresTemplate");
  await admin.query(`create database "${name}" template "${template}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  delete process.env.DATABASE_PATH;
} else {
  const folder = mkdtempSync(path.join(tmpdir(), "contact-inbox-test-"));
  process.env.DATABASE_PATH = path.join(folder, "inbox.db");
  delete process.env.DATABASE_URL;
}

// Test files run one after another in the same process: configuration a file set must not leak into the next.
for (const name of ["CALLBACK_TOKEN", "CALLBACK_TOKEN_HEADER", "CALLBACK_BASIC_AUTH", "META_APP_SECRET", "META_VERIFY_TOKEN", "SETUP_CODE", "TRUST_PROXY"]) {
  delete process.env[name];
}

afterAll(async () => {
  const { closeStore } = await import("@/app/_server/store");
  await closeStore();
  const { closeTestDatabase } = await import("./database");
  await closeTestDatabase();
});
