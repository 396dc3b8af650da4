/** Failures of the database that a retry can cure: the sender should be told 503, not 500. */
export class StorageUnavailableError extends Error {
  readonly code = "StorageUnavailable";
  constructor(
    readonly reason: "locked" | "full" | "io",
    options?: { cause?: unknown },
  ) {
    super(`storage unavailable (${reason})`, options);
  }
}

const lockedCodes = /^SQLITE_(BUSY|LOCKED)/;
const fullCodes = /^SQLITE_FULL/;
const ioCodes = /^SQLITE_(IOERR|CANTOPEN|READONLY|PROTOCOL)/;

/** Maps an SQLite error to StorageUnavailableError when waiting or freeing space can cure it; otherwise returns it unchanged. */
export function classifyStorageError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return error;
  if (lockedCodes.test(code)) return new StorageUnavailableError("locked", { cause: error });
  if (fullCodes.test(code)) return new StorageUnavailableError("full", { cause: error });
  if (ioCodes.test(code)) return new StorageUnavailableError("io", { cause: error });
  return error;
}
