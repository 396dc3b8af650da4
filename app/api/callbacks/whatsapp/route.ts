import { getStore } from "@/app/_server/store";
import { decodeJsonBody } from "@/lib/callbacks/decode";
import { isMetaEnvelope } from "@/lib/callbacks/envelopes/meta";
import { reportableIssues } from "@/lib/callbacks/issues";
import { answerMetaVerification } from "@/lib/callbacks/meta-verification";
import type { InputIssue } from "@/lib/callbacks/normalized";
import { parseCallback } from "@/lib/callbacks/parse";
import { createLogBudget, unauthenticatedLogLimits, type LogBudget } from "@/lib/callbacks/unauthenticated-log-budget";
import { verifyCallbackCredentials, verifyMetaSignature } from "@/lib/callbacks/verify";
import { clientAddressOf } from "@/lib/auth/client-address";
import { errorResponse, methodNotAllowed } from "@/lib/http/errors";
import { readBodyWithLimit } from "@/lib/http/read-body";
import type { CallbackRequestInfo } from "@/lib/model/callback-log";
import type { Store } from "@/lib/model/store";

// Reads the request body itself (bounded), writes to the store: never cached, always Node.js.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Callbacks larger than this are refused with 413; contact messages are a few kilobytes. */
export const maxCallbackBytes = 1024 * 1024;

/**
 * The receiver: verify → read the body (bounded) → decode JSON → parse the envelope → store it with
 * its log entry → answer. A 200 is only sent once the callback is committed; anything refused is
 * logged too, so the integrator can find it on /deliveries.
 */
export async function POST(request: Request): Promise<Response> {
  const info: CallbackRequestInfo = {
    receivedAt: new Date(),
    startedAt: performance.now(),
    rawBody: null,
    bodyBytes: 0,
    contentType: truncate(request.headers.get("content-type"), maxLoggedContentType),
  };
  try {
    const store = await getStore();
    const credentials = verifyCallbackCredentials(request);
    if (!credentials.ok) return await unauthenticated(store, request, info, credentials.reason);

    const read = await readBodyWithLimit(request, maxCallbackBytes);
    if (!read.ok) {
      const size = read.declaredBytes ?? read.receivedBytes;
      return await reject(store, { ...info, bodyBytes: size }, 413, `The body is larger than ${maxCallbackBytes} bytes`, [
        { path: "(root)", message: `${read.declaredBytes !== null ? "declared" : "received over"} ${size} bytes; the limit is ${maxCallbackBytes}` },
      ]);
    }
    // The signature is checked on the bytes exactly as received, before anything parses them.
    const signature = request.headers.get("x-hub-signature-256");
    if (signature !== null) {
      const signed = verifyMetaSignature(signature, read.bytes);
      if (!signed.ok) return await unauthenticated(store, request, { ...info, bodyBytes: read.bytes.byteLength }, signed.reason);
    }
    const decoded = decodeJsonBody(read.bytes);
    if (signature === null && decoded.ok && looksLikeMetaEnvelope(decoded.value)) {
      const signed = verifyMetaSignature(null, read.bytes);
      if (!signed.ok) return await unauthenticated(store, request, { ...info, bodyBytes: read.bytes.byteLength }, signed.reason);
    }
    const logged = { ...info, rawBody: decoded.text, bodyBytes: read.bytes.byteLength };
    if (!decoded.ok) return await reject(store, logged, 400, decoded.error, decoded.issues);

    const parsed = parseCallback(decoded.value);
    if (!parsed.ok) return await reject(store, logged, 400, parsed.error, parsed.issues);

    const result = await store.ingestCallback({ ...logged, parsed: parsed.callback });
    return Response.json(
      { ok: true, callbackId: result.callbackId, outcome: result.outcome, sharesStored: result.sharesStored, sharesAlreadyStored: result.sharesAlreadyStored, ignored: result.ignored },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/** Only Meta's verification handshake is answered on GET. */
export function GET(request: Request): Response {
  return answerMetaVerification(new URL(request.url)) ?? methodNotAllowed(["POST"]);
}

const notAllowed = (_request: Request) => methodNotAllowed(["POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

/**
 * A callback that failed authentication: logged as rejected so the integrator can see it, but its
 * body is not kept (it is not trusted, and keeping it would let anyone fill the disk) and it can
 * never be re-processed into shares.
 */
async function unauthenticated(store: Store, request: Request, info: CallbackRequestInfo, reason: string): Promise<Response> {
  const issues = [{ path: "(request)", message: reason }];
  if (!unauthenticatedLog().admit(clientAddressOf(request.headers))) return rejection(401, "Unauthenticated callback", issues, null);
  const callbackId = await store.recordRejectedCallback({ ...info, rawBody: null, envelope: null, httpStatus: 401, reason: `unauthenticated: ${reason}` });
  return rejection(401, "Unauthenticated callback", issues, callbackId);
}

/** The process's budget (lib/callbacks/unauthenticated-log-budget.ts), with its once-a-minute report of what it left out. */
function unauthenticatedLog(): LogBudget {
  const holder = globalThis as typeof globalThis & { __contactInboxUnauthenticatedLog?: LogBudget };
  if (!holder.__contactInboxUnauthenticatedLog) {
    const budget = createLogBudget(unauthenticatedLogLimits);
    holder.__contactInboxUnauthenticatedLog = budget;
    setInterval(() => {
      const leftOut = budget.takeLeftOut();
      if (leftOut > 0) {
        const { perAddress, total } = unauthenticatedLogLimits;
        console.warn(`[contact-inbox] ${leftOut} unauthenticated callback(s) answered 401 but not logged in the last minute (the log takes ${perAddress} a minute per client address, ${total} in all)`);
      }
    }, unauthenticatedLogLimits.windowMs).unref();
  }
  return holder.__contactInboxUnauthenticatedLog;
}

/** Input that is malformed is answered 400; input past a documented limit, 413. Either way it is logged, body kept. */
async function reject(store: Store, info: CallbackRequestInfo, status: 400 | 413, error: string, issues: InputIssue[]): Promise<Response> {
  const httpStatus = issues.some((issue) => issue.exceedsLimit) ? 413 : status;
  const reported = reportableIssues(issues);
  const reason = truncate(`${error}: ${reported.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`, maxLoggedReason);
  const callbackId = await store.recordRejectedCallback({ ...info, envelope: null, httpStatus, reason });
  return rejection(httpStatus, error, reported, callbackId);
}

/** `{error, issues}` plus the log entry's id, so the integrator can find it on /deliveries (null: not logged, see unauthenticatedLog). */
function rejection(status: number, error: string, issues: InputIssue[], callbackId: number | null): Response {
  return Response.json({ error, issues, callbackId }, { status, headers: { "cache-control": "no-store" } });
}

function looksLikeMetaEnvelope(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && isMetaEnvelope(value as Record<string, unknown>);
}

/** What the log keeps of a request's own words is bounded: a sender cannot fill the log with a 15,000-character header. */
const maxLoggedContentType = 200;
const maxLoggedReason = 2000;

function truncate<T extends string | null>(text: T, max: number): T {
  return (text === null || text.length <= max ? text : `${text.slice(0, max - 1)}…`) as T;
}
