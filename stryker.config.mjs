// @ts-check
/**
 * `npm run test:mutation`: StrykerJS breaks the modules that guard correctness on purpose (one
 * mutant at a time) and checks that the Vitest suite notices. Incremental: a rerun tests only the
 * mutants whose code or tests changed (reports/stryker-incremental.json). See README for timings.
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
  timeoutMS: 20000,
  mutate: (process.env.MUTATE ?? [
    "lib/callbacks/verify.ts",
  ].join(",")).split(","),
  thresholds: { high: 90, low: 85, break: null },
};
