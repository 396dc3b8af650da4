/**
 * A failure of the database that waiting can cure (locked, full, restarting, unreachable, out of
 * connections, too slow): the sender should be told 503 and retry, never 500.
 */
export class StorageUnavailableError extends Error {
  readonly code = "StorageUnavailable";
  constructor(
    readonly reason: "locked" | "full" | "io" | "unreachable" | "overloaded" | "timeout",
    options?: { cause?: unknown },
  ) {
    super(`storage unavailable (${reason})`, options);
  }
}

/**
 * Whether an error is a StorageUnavailableError. By its code, not `instanceof`: Next.js bundles
 * each route on its own, so the store (opened once per process) and a route may each hold their
 * own copy of the class.
 */
export function isStorageUnavailable(error: unknown): error is StorageUnavailableError {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "StorageUnavailable";
}
