import type { InputIssue } from "@/lib/callbacks/normalized";
import { isStorageUnavailable } from "@/lib/model/storage-errors";

/** Bad input: answered with its status and the list of offending paths. */
export class InputError extends Error {
  readonly code = "InvalidInput";
  constructor(
    readonly status: 400 | 404 | 405 | 413 | 415,
    message: string,
    readonly issues: InputIssue[] = [],
  ) {
    super(message);
  }
}

/** How long a sender should wait before retrying when storage is unavailable. */
export const retryAfterSeconds = 5;

export function jsonError(status: number, error: string, issues: InputIssue[] = [], headers: HeadersInit = {}): Response {
  return Response.json({ error, issues }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/**
 * The one place that turns a thrown error into a response: known input errors keep their status,
 * storage trouble becomes 503 with Retry-After, anything else a logged 500 with no details in the body.
 */
export function errorResponse(error: unknown): Response {
  if (error instanceof InputError) return jsonError(error.status, error.message, error.issues);
  if (isStorageUnavailable(error)) {
    console.warn(`[contact-inbox] ${error.message}:`, (error.cause as Error | undefined)?.message);
    return jsonError(503, `The database is temporarily unavailable (${error.reason}); retry later`, [], { "retry-after": String(retryAfterSeconds) });
  }
  console.error("[contact-inbox] unexpected error", error);
  return jsonError(500, "Internal server error");
}

export function methodNotAllowed(allowed: string[]): Response {
  return jsonError(405, `Method not allowed; use ${allowed.join(" or ")}`, [], { allow: allowed.join(", ") });
}
