// @ts-check
import base from "./stryker.config.mjs";

/** The PostgreSQL engine's write path and planner, judged by the suite running on PostgreSQL (TEST_ENGINES=postgres). */
export default {
  ...base,
  incrementalFile: "reports/stryker-incremental-postgres.json",
  htmlReporter: { fileName: "reports/mutation-postgres/index.html" },
  jsonReporter: { fileName: "reports/mutation-postgres/mutation.json" },
  mutate: process.env.MUTATE ? process.env.MUTATE.split(",") : ["db/postgres/callbacks.ts", "db/postgres/contact-plan.ts", "db/postgres/storage-errors.ts"],
};
