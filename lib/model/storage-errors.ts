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
