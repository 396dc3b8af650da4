import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");

/** What a generated database depends on, per engine: if any of these change, the cached data is rebuilt. */
function inputsOf(engine: "sqlite" | "postgres"): string[] {
  const migrations = path.join("db", engine, "migrations");
  return [
    ...readdirSync(path.join(root, migrations)).filter((file) => file.endsWith(".sql")).map((file) => path.join(migrations, file)),
    "bench/dataset.ts",
    "lib/model/share-row.ts",
    "lib/model/share-facets.ts",
    "lib/model/search-text.ts",
    "lib/model/campaign-counters.ts",
    ...(engine === "sqlite" ? ["db/sqlite/share-writes.ts", "db/sqlite/callbacks.ts", "db/sqlite/campaign-counters.ts", "db/sqlite/stored-body.ts"] : ["db/postgres/callbacks.ts", "db/postgres/campaign-counters.ts"]),
  ];
}

/** A short hash of everything the engine's generated data depends on. */
export function datasetVersion(engine: "sqlite" | "postgres"): string {
  const hash = createHash("sha256");
  for (const input of inputsOf(engine).sort()) hash.update(input).update(readFileSync(path.join(root, input)));
  return hash.digest("hex").slice(0, 10);
}

export function cachedDatabasePath(shares: number): string {
  return path.join(root, "bench", ".cache", `shares-${shares}-${datasetVersion("sqlite")}.db`);
}
