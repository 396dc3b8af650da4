import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startPostgresCluster } from "./postgres-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    /** The PostgreSQL server the `postgres` test project's files each create their database on. */
    postgresUrl: string;
    /** A database with every migration applied, which each test file's database is copied from. */
    postgresTemplate: string;
    /** The template with test/contact-query.test.ts's cards stored (test/contact-query-seed.ts). */
    postgresContactQueryTemplate: string;
  }
}

/**
 * The `postgres` project's server: TEST_DATABASE_URL when given (a server you run), else a
 * throw-away cluster started here and removed when the run ends. Migrations are applied once, to a
 * template: each test file's database is a copy of it (CREATE DATABASE … TEMPLATE), so a file starts
 * in ~0.1 s instead of running every migration again (~1 s each on this machine; mutation testing
 * starts test files thousands of times). The app's own start-up migration then finds nothing to do;
 * the migrations themselves are tested from an empty database in test/campaign-counters-migration.test.ts
 * and scripts/db-copy.postgres.test.ts, and by every `next start` of the end-to-end and scale-out runs.
 * A second template holds the cards test/contact-query.test.ts reads, stored once per run.
 */
export default async function setup({ provide }: TestProject) {
  const given = process.env.TEST_DATABASE_URL;
  const cluster = given ? null : await startPostgresCluster({ fast: true });
  const server = given ?? cluster!.url;
  const template = `test_template_${process.pid}_${Date.now()}`;
  await withClient(server, (client) => client.query(`create database "${template}"`));
  const url = new URL(server);
  url.pathname = `/${template}`;
  await withClient(url.toString(), (client) => migrate(drizzle({ client }), { migrationsFolder: path.join(process.cwd(), "db", "postgres", "migrations") }));
  const contactQueryTemplate = `${template}_contact_query`;
  await withClient(server, (client) => client.query(`create database "${contactQueryTemplate}" template "${template}"`));
  url.pathname = `/${contactQueryTemplate}`;
  await seedTemplate(url.toString());
  provide("postgresUrl", server);
  provide("postgresTemplate", template);
  provide("postgresContactQueryTemplate", contactQueryTemplate);
  return async () => {
    if (cluster) (cluster as typeof cluster & { stopAndRemove(): void }).stopAndRemove();
    else {
      for (const name of [contactQueryTemplate, template]) await withClient(server, (client) => client.query(`drop database if exists "${name}"`));
    }
  };
}

/** Stores the contact-query cards through the PostgreSQL store itself (imported here, after the migrations ran). */
async function seedTemplate(databaseUrl: string): Promise<void> {
  const { openPostgresStore } = await import("@/db/postgres/store");
  const { seedContactQueryCards } = await import("./contact-query-seed");
  const store = await openPostgresStore({ url: databaseUrl, poolSize: 2, statementTimeoutMs: 60_000 });
  try {
    await seedContactQueryCards(store);
  } finally {
    await store.close();
  }
}

async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
