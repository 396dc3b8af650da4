import { ingestCallbackGrouped, recordRejectedCallback, type CallbackRequestInfo } from "@/db/queries/callbacks";
import { errorResponse } from "@/lib/http/errors";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { decodeJsonBody } from "./decode";
import { reportableIssues } from "./issues";
import type { InputIssue } from "./normalized";
import { isMetaEnvelope } from "./envelopes/meta";
import { parseCallback } from "./parse";
import { verifyCallbackCredentials, verifyMetaSignature } from "./verify";

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
    contentType: truncate(request.headers.get("content-type"), maxLoggedContentType),
  };
  try {
    const credentials = verifyCallbackCredentials(request);
    if (!credentials.ok) return unauthenticated(info, credentials.reason);

    const read = await readBodyWithLimit(request, maxCallbackBytes);
    if (!read.ok) {
      const size = read.declaredBytes ?? read.receivedBytes;
      return reject({ ...info, bodyBytes: size }, 413, `The body is larger than ${maxCallbackBytes} bytes`, [
        { path: "(root)", message: `${read.declaredBytes !== null ? "declared" : "received over"} ${size} bytes; the limit is ${maxCallbackBytes}` },
      ]);
    }
    // The signature is checked on the bytes exactly as received, before anything parses them.
    const signature = request.headers.get("x-hub-signature-256");
    if (signature !== null) {
      const signed = verifyMetaSignature(signature, read.bytes);
      if (!signed.ok) return unauthenticated({ ...info, bodyBytes: read.bytes.byteLength }, signed.reason);
    }
    const decoded = decodeJsonBody(read.bytes);
    if (signature === null && decoded.ok && looksLikeMetaEnvelope(decoded.value)) {
      const signed = verifyMetaSignature(null, read.bytes);
      if (!signed.ok) return unauthenticated({ ...info, bodyBytes: read.bytes.byteLength }, signed.reason);
    }
    const logged = { ...info, rawBody: decoded.text, bodyBytes: read.bytes.byteLength };
    if (!decoded.ok) return reject(logged, 400, decoded.error, decoded.issues);

    const parsed = parseCallback(decoded.value);
    if (!parsed.ok) return reject(logged, 400, parsed.error, parsed.issues);

    const result = await ingestCallbackGrouped({ ...logged, parsed: parsed.callback });
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

/**
 * A callback that failed authentication: logged as rejected so the integrator can see it, but its
 * body is not kept (it is not trusted, and keeping it would let anyone fill the disk) and it can
 * never be re-processed into shares.
 */
function unauthenticated(info: CallbackRequestInfo, reason: string): Response {
  const callbackId = recordRejectedCallback({ ...info, rawBody: null, envelope: null, httpStatus: 401, reason: `unauthenticated: ${reason}` });
  return rejection(401, "Unauthenticated callback", [{ path: "(request)", message: reason }], callbackId);
}

function looksLikeMetaEnvelope(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && isMetaEnvelope(value as Record<string, unknown>);
}

/** Input that is malformed is answered 400; input past a documented limit, 413. Either way it is logged, body kept. */
function reject(info: CallbackRequestInfo, status: 400 | 413, error: string, issues: InputIssue[]): Response {
  const httpStatus = issues.some((issue) => issue.exceedsLimit) ? 413 : status;
  const reported = reportableIssues(issues);
  const reason = truncate(`${error}: ${reported.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`, maxLoggedReason);
  const callbackId = recordRejectedCallback({ ...info, envelope: null, httpStatus, reason });
  return rejection(httpStatus, error, reported, callbackId);
}

/** What the log keeps of a request's own words is bounded: a sender cannot fill the log with a 15,000-character header. */
const maxLoggedContentType = 200;
const maxLoggedReason = 2000;

function truncate<T extends string | null>(text: T, max: number): T {
  return (text === null || text.length <= max ? text : `${text.slice(0, max - 1)}…`) as T;
}

/** `{error, issues}` plus the log entry's id, so the integrator can find it on /deliveries. */
function rejection(status: number, error: string, issues: InputIssue[], callbackId: number): Response {
  return Response.json({ error, issues, callbackId }, { status, headers: { "cache-control": "no-store" } });
}
