/**
 * `npm run test:reliability` (needs `npm run build` first): load with redeliveries, SIGKILL crashes,
 * a locked database, a full disk, WAL growth under a polling reader, and a slow client, each
 * against the real production server on a real SQLite file. `--small` is the CI-sized version.
 */
import { crash } from "./crash";
import { diskFull } from "./disk-full";
import { loadWithRedeliveries } from "./load-with-redeliveries";
import { lockedDatabase } from "./locked-database";
import { slowClient } from "./slow-client";
import { walGrowth } from "./wal-growth";

const small = process.argv.includes("--small");

const scenarios: [string, () => Promise<string>][] = [
  ["load with redeliveries", () => loadWithRedeliveries(small ? 1000 : 5000)],
  ["crash (SIGKILL) and restart", () => crash(small ? 600 : 5000, small ? 5 : 8)],
  ["locked database", () => lockedDatabase()],
  ["disk full", () => diskFull()],
  ["WAL growth", () => walGrowth(small ? 800 : 4000)],
  ["slow client", () => slowClient()],
];

async function main() {
  let passed = 0;
  let failed = 0;
  for (const [name, scenario] of scenarios) {
    const started = performance.now();
    try {
      const proved = await scenario();
      passed += 1;
      console.log(`✓ ${name} (${((performance.now() - started) / 1000).toFixed(1)} s): ${proved}`);
    } catch (error) {
      failed += 1;
      console.log(`✗ ${name}: ${(error as Error).message}`);
    }
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

void main();
