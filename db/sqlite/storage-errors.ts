import { StorageUnavailableError } from "@/lib/model/storage-errors";

const lockedCodes = /^SQLITE_(BUSY|LOCKED)/;
const fullCodes = /^SQLITE_FULL/;
const ioCodes = /^SQLITE_(IOERR|CANTOPEN|READONLY|PROTOCOL)/;

/** Maps an SQLite error to StorageUnavailableError when waiting or freeing space can cure it; otherwise returns it unchanged. */
export function classifySqliteError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return error;
  if (lockedCodes.test(code)) return new StorageUnavailableError("locked", { cause: error });
  if (fullCodes.test(code)) return new StorageUnavailableError("full", { cause: error });
  if (ioCodes.test(code)) return new StorageUnavailableError("io", { cause: error });
  return error;
}

/** Runs a unit of storage work, turning the SQLite errors a retry can cure into StorageUnavailableError. */
export function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw classifySqliteError(error);
  }
}

/** SQLite's "another connection holds the write lock" (with busy_timeout 0, at once). */
export function isLockBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^SQLITE_BUSY/.test(code);
}
