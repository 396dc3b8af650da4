import { ingestCallback, recordRejectedCallback, type CallbackRequestInfo } from "@/db/queries/callbacks";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { decodeJsonBody } from "./decode";
import type { InputIssue } from "./normalized";
import { parseCallback } from "./parse";

/** Callbacks larger than this are refused with 413; contact messages are a few kilobytes. */
export const maxCallbackBytes = 1024 * 1024;

/**
 * The receiver's whole path: read the body (bounded) → decode JSON → parse the envelope → store it
 * with its log entry → answer. A 200 is only sent once the callback is committed to disk.
 */
export async function receiveCallback(request: Request): Promise<Response> {
  const startedAt = performance.now();
  const info: CallbackRequestInfo = {
    receivedAt: new Date(),
    startedAt,
    rawBody: null,
    bodyBytes: 0,
    contentType: request.headers.get("content-type"),
  };
  try {
    const read = await readBodyWithLimit(request, maxCallbackBytes);
    if (!read.ok) {
      const size = read.declaredBytes ?? read.receivedBytes;
      return reject({ ...info, bodyBytes: size }, 413, `The body is larger than ${maxCallbackBytes} bytes`, [
        { path: "(root)", message: `${read.declaredBytes !== null ? "declared" : "received over"} ${size} bytes; the limit is ${maxCallbackBytes}` },
      ]);
    }
    const decoded = decodeJsonBody(read.bytes);
    const logged = { ...info, rawBody: decoded.text, bodyBytes: read.bytes.byteLength };
    if (!decoded.ok) return reject(logged, 400, decoded.error, decoded.issues);

    const parsed = parseCallback(decoded.value);
    if (!parsed.ok) return reject(logged, 400, parsed.error, parsed.issues);

    const result = ingestCallback({ ...logged, parsed: parsed.callback });
    return Response.json(
      {
        ok: true,
        callbackId: result.callbackId,
        outcome: result.outcome,
        sharesStored: result.sharesStored,
        sharesAlreadyStored: result.sharesAlreadyStored,
        ignored: result.ignored,
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

function reject(info: CallbackRequestInfo, status: 400 | 413, error: string, issues: InputIssue[]): Response {
  const reason = `${error}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`;
  recordRejectedCallback({ ...info, envelope: null, httpStatus: status, reason });
  return jsonError(status, error, issues);
}
