import { isStorageUnavailable, StorageUnavailableError } from "@/lib/model/storage-errors";

/** Socket-level failures: the server is down, restarting, or the network between is. */
const unreachableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "EAI_AGAIN"]);

/**
 * Maps a PostgreSQL or connection error to StorageUnavailableError when waiting can cure it
 * (the server restarting or unreachable, out of connections or space, a statement timeout, a lock
 * conflict); otherwise returns it unchanged. See the SQLSTATE classes in PostgreSQL's appendix A.
 */
export function classifyPostgresError(error: unknown): unknown {
  if (isStorageUnavailable(error)) return error;
  // drizzle wraps the driver's error ("Failed query: …") with the original as its cause.
  const original = rootCause(error);
  const code = (original as { code?: unknown } | null)?.code;
  const message = original instanceof Error ? original.message : String(original);
  if (typeof code === "string") {
    if (unreachableCodes.has(code)) return new StorageUnavailableError("unreachable", { cause: error });
    // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now (starting up).
    if (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03") return new StorageUnavailableError("unreachable", { cause: error });
    if (code === "57014") return new StorageUnavailableError("timeout", { cause: error });
    if (code === "53100") return new StorageUnavailableError("full", { cause: error });
    if (code.startsWith("53")) return new StorageUnavailableError("overloaded", { cause: error });
    if (code === "40P01" || code === "40001" || code === "55P03") return new StorageUnavailableError("locked", { cause: error });
    if (code === "58030") return new StorageUnavailableError("io", { cause: error });
  }
  // node-postgres's own words for a connection that went away or never came.
  if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is not queryable/i.test(message)) {
    return new StorageUnavailableError(/timeout exceeded/i.test(message) ? "overloaded" : "unreachable", { cause: error });
  }
  return error;
}

/** Whether a failed transaction may simply be run again (a deadlock or serialization failure). */
export function isRetryable(error: unknown): boolean {
  const code = (rootCause(error) as { code?: unknown } | null)?.code;
  return code === "40P01" || code === "40001";
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null || (current as { code?: unknown }).code !== undefined) return current;
    current = cause;
  }
  return current;
}
