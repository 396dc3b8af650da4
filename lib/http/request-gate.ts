import http from "node:http";
import { peerAddressHeader } from "@/lib/auth/client-address";
import { apiContentSecurityPolicy, commonSecurityHeaders } from "./security-headers.js";

/** Methods Fetch's Request cannot carry: Next.js would throw on them and answer 500. */
const unrepresentableMethods = new Set(["TRACE", "TRACK"]);

/**
 * What every request meets before Next.js sees it, installed once at start (instrumentation.ts):
 * - It is stamped with its socket's address, under a header of our own that overwrites any copy the
 *   client sent. Route handlers see Web Requests, which carry no socket, and Next.js passes the
 *   address on only as X-Forwarded-For when the client sent none, so a client could choose it.
 * - TRACE and TRACK are answered 405 here: Next.js cannot build a Request for them and would answer
 *   500 with a stack trace in the log.
 */
export function installRequestGate(): void {
  const marker = Symbol.for("contact-inbox.request-gate");
  const prototype = http.Server.prototype as http.Server & { [marker]?: true };
  if (prototype[marker]) return;
  prototype[marker] = true;
  const emit = prototype.emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean;
  prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      const response = args[1] as http.ServerResponse;
      request.headers[peerAddressHeader] = request.socket?.remoteAddress ?? "unknown";
      if (unrepresentableMethods.has(request.method ?? "")) {
        refuseMethod(response);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  } as typeof prototype.emit;
}

function refuseMethod(response: http.ServerResponse): void {
  const body = JSON.stringify({ error: "Method not allowed", issues: [] });
  response.writeHead(405, {
    ...Object.fromEntries(commonSecurityHeaders.map((header) => [header.key, header.value])),
    "content-security-policy": apiContentSecurityPolicy,
    "cache-control": "no-store",
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    allow: "GET, HEAD, POST",
    connection: "close",
  });
  response.end(body);
}
