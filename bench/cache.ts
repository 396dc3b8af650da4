import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");

/** What a generated database depends on: if any of these change, the cached file is rebuilt. */
const inputs = [
  ...readdirSync(path.join(root, "db", "sqlite", "migrations")).filter((file) => file.endsWith(".sql")).map((file) => path.join("db", "sqlite", "migrations", file)),
  "bench/dataset.ts",
  "lib/model/share-row.ts",
  "lib/model/share-facets.ts",
  "lib/model/search-text.ts",
  "db/sqlite/share-writes.ts",
];

export function cachedDatabasePath(shares: number): string {
  const hash = createHash("sha256");
  for (const input of inputs.sort()) hash.update(input).update(readFileSync(path.join(root, input)));
  return path.join(root, "bench", ".cache", `shares-${shares}-${hash.digest("hex").slice(0, 10)}.db`);
}
