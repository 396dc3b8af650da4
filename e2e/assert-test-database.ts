import { realpathSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Refuses any database but a throw-away file under the OS temp dir: the e2e server deletes its
 * database on start and the tests fill it with junk, so a misconfigured path must never reach a real one.
 * Returns the absolute path.
 */
export function assertTestDatabase(databasePath: string | undefined): string {
  if (!databasePath) throw new Error("Refusing to start the e2e server: DATABASE_PATH is not set (expected a file under the OS temp dir).");
  const resolved = path.resolve(databasePath);
  const tempDirs = new Set([path.resolve(os.tmpdir()), realpathSync(os.tmpdir())]);
  const underTemp = [...tempDirs].some((dir) => {
    const relative = path.relative(dir, resolved);
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  });
  if (!underTemp) {
    throw new Error(`Refusing to run the e2e suite against ${resolved}: DATABASE_PATH must be a throw-away file under ${os.tmpdir()}.`);
  }
  return resolved;
}
