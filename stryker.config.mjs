// @ts-check
/**
 * `npm run test:mutation`: StrykerJS breaks the modules that guard correctness on purpose, one
 * mutant at a time, and checks that the Vitest suite notices (run on SQLite; the PostgreSQL
 * engine's write path and planner have their own pass: stryker.postgres.config.mjs). Incremental: a
 * rerun tests only the mutants whose code or tests changed (reports/stryker-incremental.json).
 * Not part of every CI run (it takes a while on 2 cores; see the README).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.mts" },
  coverageAnalysis: "perTest",
  // TypeScript 7 (the native compiler) has no JavaScript API, which Stryker's tsconfig rewriting and its
  // TypeScript checker need: neither is used (our tsconfig has no extends/references to rewrite, and
  // Vitest strips types without checking them, so a mutant is judged by what the tests see).
  tsconfigFile: "tsconfig.stryker-none.json",
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  concurrency: 2,
  timeoutMS: 30000,
  mutate: process.env.MUTATE
    ? process.env.MUTATE.split(",")
    : [
        // Callback parsing and verification
        "lib/callbacks/parse.ts",
        "lib/callbacks/change-value.ts",
        "lib/callbacks/contact-card.ts",
        "lib/callbacks/decode.ts",
        "lib/callbacks/verify.ts",
        "lib/callbacks/meta-verification.ts",
        "lib/callbacks/issues.ts",
        "lib/callbacks/envelopes/*.ts",
        "lib/http/read-body.ts",
        // Auth: sessions, tokens, lockout, setup code, client address, return paths
        "lib/auth/sign-in.ts",
        "lib/auth/sessions.ts",
        "lib/auth/api-tokens.ts",
        "lib/auth/setup-code.ts",
        "lib/auth/secrets.ts",
        "lib/auth/session-cookie.ts",
        "lib/auth/client-address.ts",
        "lib/auth/sign-in-href.ts",
        // vCard and CSV writers
        "lib/contacts/vcard.ts",
        "lib/contacts/vcard-uid.ts",
        "lib/contacts/export-phone.ts",
        "lib/contacts/phone-types.ts",
        "lib/contacts/share-note.ts",
        "lib/contacts/csv.ts",
        "lib/contacts/csv-cells.ts",
        "lib/contacts/csv-google.ts",
        "lib/contacts/csv-outlook.ts",
        // The store's write path and query planner (SQLite), and the mappings both engines share
        "lib/model/share-row.ts",
        "lib/model/share-facets.ts",
        "lib/model/search-text.ts",
        "db/sqlite/callbacks.ts",
        "db/sqlite/share-writes.ts",
        "db/sqlite/contact-plan.ts",
      ],
  thresholds: { high: 90, low: 85, break: null },
};
