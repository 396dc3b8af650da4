import { decodeJsonBody } from "@/lib/callbacks/decode";
import { jsonError } from "./errors";
import { readBodyWithLimit } from "./read-body";

/**
 * A small JSON request body (a form's worth), read only up to `limit` bytes: an oversized body is
 * answered 413 before any of it is parsed, a body that is not JSON 400 (decoded as callbacks are:
 * strict UTF-8, the issue named), each naming what was wrong.
 */
export async function readSmallJson(request: Request, limit: number): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const read = await readBodyWithLimit(request, limit);
  if (!read.ok) return { ok: false, response: jsonError(413, "Request body too large", [{ path: "(root)", message: `must be at most ${limit} bytes` }]) };
  const decoded = decodeJsonBody(read.bytes);
  return decoded.ok ? { ok: true, value: decoded.value } : { ok: false, response: jsonError(400, "The body must be JSON", decoded.issues) };
}
