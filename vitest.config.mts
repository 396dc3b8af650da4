import path from "node:path";
import { defineConfig } from "vitest/config";

/** Tests that read or write the store: the `postgres` project runs these again on PostgreSQL. */
const storeTests = ["app/**/*.test.ts", "db/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.postgres.test.ts", "lib/auth/sign-in.test.ts", "lib/auth/credentials.test.ts", "lib/auth/setup-code.test.ts", "lib/auth/setup-code-chosen.test.ts", "lib/auth/change-password.test.ts", "lib/auth/other-browsers.test.ts", "lib/callbacks/reprocess.test.ts"];

/** TEST_ENGINES=sqlite (or postgres) runs one project only: mutation testing runs each mutant against one engine. */
const engines = (process.env.TEST_ENGINES ?? "sqlite,postgres").split(",");
/** Mutation testing (scripts/mutation.ts) runs each group of modules against the tests that target it. */
const mutationTests = process.env.MUTATION_TESTS?.split(",");

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests run the server code directly.
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    setupFiles: ["test/fresh-database.ts"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      ...(engines.includes("sqlite") ? [{
        extends: true,
        test: {
          name: "sqlite",
          include: mutationTests ?? ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/node_modules/**", "**/*.postgres.test.ts"],
          env: { TEST_ENGINE: "sqlite" },
        },
      }] : []),
      ...(engines.includes("postgres") ? [{
        extends: true,
        test: {
          name: "postgres",
          include: mutationTests ?? storeTests,
          exclude: ["**/node_modules/**", "**/*.sqlite.test.ts"],
          env: { TEST_ENGINE: "postgres" },
          globalSetup: ["test/postgres-global-setup.ts"],
        },
      }] : []),
    ],
  },
});
