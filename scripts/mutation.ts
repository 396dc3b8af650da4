/**
 * `npm run test:mutation`: mutation testing of the modules that guard correctness, a group at a
 * time, each against the tests that target it (running every test file for every mutant would take
 * days on 2 cores). Prints each module's score; the reports are in reports/mutation/<group>/.
 * `-- --group=writers` runs one group. Reruns are incremental.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

type Group = { name: string; engine: "sqlite" | "postgres"; mutate: string[]; tests: string[] };

const groups: Group[] = [
  {
    name: "callbacks",
    engine: "sqlite",
    mutate: ["lib/callbacks/parse.ts", "lib/callbacks/change-value.ts", "lib/callbacks/contact-card.ts", "lib/callbacks/decode.ts", "lib/callbacks/verify.ts", "lib/callbacks/meta-verification.ts", "lib/callbacks/issues.ts", "lib/callbacks/envelopes/*.ts", "lib/http/read-body.ts"],
    tests: ["lib/callbacks/**/*.test.ts", "lib/http/read-body.test.ts", "app/api/callbacks/**/*.test.ts"],
  },
  {
    name: "auth",
    engine: "sqlite",
    mutate: ["lib/auth/sign-in.ts", "lib/auth/sessions.ts", "lib/auth/api-tokens.ts", "lib/auth/setup-code.ts", "lib/auth/secrets.ts", "lib/auth/session-cookie.ts", "lib/auth/client-address.ts", "lib/auth/sign-in-href.ts"],
    tests: ["lib/auth/**/*.test.ts", "app/_server/**/*.test.ts", "app/api/callbacks/whatsapp/auth.test.ts", "app/api/callbacks/whatsapp/basic-auth.test.ts"],
  },
  {
    name: "writers",
    engine: "sqlite",
    mutate: ["lib/contacts/vcard.ts", "lib/contacts/vcard-uid.ts", "lib/contacts/birthday.ts", "lib/contacts/export-phone.ts", "lib/contacts/phone-types.ts", "lib/contacts/share-note.ts", "lib/contacts/csv.ts", "lib/contacts/csv-cells.ts", "lib/contacts/csv-google.ts", "lib/contacts/csv-outlook.ts"],
    tests: ["lib/contacts/**/*.test.ts"],
  },
  {
    name: "store-sqlite",
    engine: "sqlite",
    mutate: ["lib/model/share-row.ts", "lib/model/share-facets.ts", "lib/model/search-text.ts", "db/sqlite/callbacks.ts", "db/sqlite/share-writes.ts", "db/sqlite/contact-plan.ts"],
    tests: ["lib/model/share-row.test.ts", "db/sqlite/commit-groups.sqlite.test.ts", "db/sqlite/contact-plan.sqlite.test.ts", "test/callback-log.test.ts", "test/contact-query.test.ts", "app/api/callbacks/whatsapp/route.test.ts", "app/api/callbacks/whatsapp/group-commit.test.ts", "app/api/callbacks/whatsapp/limits.test.ts", "app/api/callbacks/whatsapp/locked.sqlite.test.ts", "app/api/callbacks/whatsapp/lock-wait.sqlite.test.ts", "app/api/contacts/route.test.ts"],
  },
  {
    name: "store-postgres",
    engine: "postgres",
    mutate: ["db/postgres/callbacks.ts", "db/postgres/contact-plan.ts", "db/postgres/storage-errors.ts"],
    tests: ["db/postgres/storage-errors.test.ts", "db/postgres/contact-plan.postgres.test.ts", "test/callback-log.test.ts", "test/contact-query.test.ts", "app/api/callbacks/whatsapp/route.test.ts", "app/api/callbacks/whatsapp/group-commit.test.ts", "app/api/callbacks/whatsapp/unavailable.postgres.test.ts", "app/api/callbacks/whatsapp/deadlock.postgres.test.ts", "app/api/contacts/route.test.ts"],
  },
];

const root = path.join(import.meta.dirname, "..");
const only = process.argv.find((arg) => arg.startsWith("--group="))?.slice("--group=".length);
let failed = false;
const rows: string[] = [];
for (const group of groups.filter((candidate) => !only || candidate.name === only)) {
  const started = performance.now();
  console.log(`\n▸ mutation testing ${group.name} (${group.engine})`);
  const result = spawnSync("npx", ["stryker", "run"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, MUTATION_GROUP: group.name, MUTATE: group.mutate.join(","), MUTATION_TESTS: group.tests.join(","), TEST_ENGINES: group.engine },
  });
  if (result.status !== 0) failed = true;
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  const report = JSON.parse(readFileSync(path.join(root, "reports", "mutation", group.name, "mutation.json"), "utf8")) as { files: Record<string, { mutants: { status: string }[] }> };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const count = (status: string) => mutants.filter((mutant) => mutant.status === status).length;
    const killed = count("Killed") + count("Timeout");
    const valid = mutants.length - count("CompileError") - count("RuntimeError") - count("Ignored");
    rows.push(`${group.name.padEnd(15)} ${file.padEnd(40)} ${((100 * killed) / Math.max(1, valid)).toFixed(1).padStart(6)}%  killed ${killed}/${valid}, survived ${count("Survived")}, no coverage ${count("NoCoverage")}`);
  }
  rows.push(`${group.name.padEnd(15)} (${minutes} min)`);
}
console.log(`\n== Mutation scores ==\n${rows.join("\n")}`);
process.exit(failed ? 1 : 0);
