// @ts-check
/**
 * StrykerJS, run by `npm run test:mutation` (scripts/mutation.ts) one group of modules at a time:
 * MUTATE names the modules, MUTATION_TESTS the Vitest files that target them, TEST_ENGINES the
 * engine, MUTATION_GROUP where the group's incremental result and reports go. Incremental: a rerun
 * tests only the mutants whose code or tests changed.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const group = process.env.MUTATION_GROUP ?? "all";

export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.mts" },
  coverageAnalysis: "perTest",
  // TypeScript 7 (the native compiler) has no JavaScript API, which Stryker's tsconfig rewriting and its
  // TypeScript checker need: neither is used (our tsconfig has no extends/references to rewrite, and
  // Vitest strips types without checking them, so a mutant is judged by what the tests see).
  tsconfigFile: "tsconfig.stryker-none.json",
  incremental: true,
  incrementalFile: `reports/mutation/${group}/incremental.json`,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${group}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${group}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 10000,
  mutate: (process.env.MUTATE ?? "lib/callbacks/verify.ts").split(","),
  thresholds: { high: 90, low: 85, break: null },
};
