// `npm run audit`: fails when `npm audit --omit=dev` reports a high or critical advisory in a
// production dependency. Where the registry's audit endpoint cannot be reached (some mirrors and
// sandboxes refuse it), it says so loudly and does not fail: no answer is not a vulnerability.
import { spawnSync } from "node:child_process";

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8" });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error("npm audit printed no JSON:\n" + run.stdout + run.stderr);
  process.exit(1);
}
if (report.statusCode || (report.error && !report.metadata)) {
  console.warn(`WARNING: npm audit could not reach the advisory database (${report.message ?? report.error?.summary ?? "unknown error"}); production dependencies NOT audited.`);
  process.exit(0);
}
const counts = report.metadata?.vulnerabilities ?? {};
console.log(`npm audit --omit=dev: ${JSON.stringify(counts)}`);
if ((counts.high ?? 0) + (counts.critical ?? 0) > 0) {
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    if (["high", "critical"].includes(vulnerability.severity)) console.error(`${vulnerability.severity}: ${name} (${vulnerability.range})`);
  }
  process.exit(1);
}
