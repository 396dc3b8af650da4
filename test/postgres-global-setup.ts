import type { TestProject } from "vitest/node";
import { startPostgresCluster } from "./postgres-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    /** The PostgreSQL server the `postgres` test project's files each create their database on. */
    postgresUrl: string;
  }
}

/**
 * The `postgres` project's server: TEST_DATABASE_URL when given (a server you run), else a
 * throw-away cluster started here and removed when the run ends.
 */
export default async function setup({ provide }: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    provide("postgresUrl", process.env.TEST_DATABASE_URL);
    return;
  }
  const cluster = await startPostgresCluster({ fast: true });
  provide("postgresUrl", cluster.url);
  return () => (cluster as typeof cluster & { stopAndRemove(): void }).stopAndRemove();
}
