/**
 * `npm run test:reliability` (needs `npm run build` first): load with redeliveries, SIGKILL crashes,
 * a locked database, a full database, WAL growth under a polling reader, and a slow client, each
 * against the real production server on a real SQLite file. `--small` is the CI-sized version.
 * A scenario passes only when everything it claims was measured; a skipped one counts as failed
 * unless `--allow-skip` is given, and then the run says loudly what it did not prove.
 */
import { crash } from "./crash";
import { diskFull } from "./disk-full";
import { ScenarioSkipped } from "./harness";
import { loadWithRedeliveries } from "./load-with-redeliveries";
import { lockedDatabase } from "./locked-database";
import { slowClient } from "./slow-client";
import { walGrowth } from "./wal-growth";

const small = process.argv.includes("--small");
const allowSkip = process.argv.includes("--allow-skip");
/** `--only=crash,disk` runs the scenarios whose name contains one of these words, for iterating on one. */
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length).split(",");

const scenarios: [string, () => Promise<string>][] = [
  ["load with redeliveries", () => loadWithRedeliveries(small ? 1000 : 5000)],
  ["crash (SIGKILL) and restart", () => crash(small ? 600 : 5000, small ? 5 : 8)],
  ["locked database", () => lockedDatabase()],
  ["disk full", () => diskFull()],
  ["WAL growth", () => walGrowth(small ? 800 : 4000)],
  ["slow client", () => slowClient()],
];

async function main() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const chosen = scenarios.filter(([name]) => !only || only.some((word) => name.includes(word)));
  if (chosen.length === 0) throw new Error(`no scenario matches --only=${only?.join(",")}`);
  for (const [name, scenario] of chosen) {
    const started = performance.now();
    const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    try {
      const proved = await scenario();
      counts.passed += 1;
      console.log(`PASS ${name} (${took()}): ${proved}`);
    } catch (error) {
      if (error instanceof ScenarioSkipped) {
        counts.skipped += 1;
        console.log(`SKIPPED ${name} (${took()}): ${error.message}${allowSkip ? "" : " (counted as a failure; --allow-skip to accept)"}`);
      } else {
        counts.failed += 1;
        console.log(`FAIL ${name} (${took()}): ${(error as Error).message}`);
      }
    }
  }
  const failed = counts.failed + (allowSkip ? 0 : counts.skipped);
  console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${only ? ` (--only: ${chosen.length} of ${scenarios.length} scenarios)` : ""}`);
  if (allowSkip && counts.skipped) console.log(`\n!!! --allow-skip: ${counts.skipped} scenario(s) SKIPPED and not counted as failures. This run does NOT prove them. !!!`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
