import http from "node:http";
import { peerAddressHeader } from "@/lib/auth/client-address";
import { apiContentSecurityPolicy, commonSecurityHeaders } from "./security-headers.js";
import { serveWithWebHandler } from "./web-bridge";

/** Methods Fetch's Request cannot carry: Next.js would throw on them and answer 500. */
const unrepresentableMethods = new Set(["TRACE", "TRACK"]);

/**
 * What every request meets before Next.js sees it, installed once at start (instrumentation.ts):
 * - It is stamped with its socket's address, under a header of our own that overwrites any copy the
 *   client sent. Route handlers see Web Requests, which carry no socket, and Next.js passes the
 *   address on only as X-Forwarded-For when the client sent none, so a client could choose it.
 * - TRACE and TRACK are answered 405 here: Next.js cannot build a Request for them and would answer
 *   500 with a stack trace in the log.
 * - CardDAV (`routes.dav`: /dav/**, /.well-known/carddav, and PROPFIND on the site root, where
 *   clients start discovery) is answered here, never by Next.js: its route handlers refuse PROPFIND
 *   and REPORT (400), it redirects every trailing-slash URL (DAV collections end in one), and its
 *   proxy would send a client without a session cookie to the sign-in page. The handler does its own
 *   auth, body limits and headers; the address stamp above still applies.
 */
export type GateRoutes = {
  dav?: { matches: (pathname: string, method: string) => boolean; handle: (request: Request) => Promise<Response> };
};

export function installRequestGate(routes: GateRoutes = {}): void {
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
      const dav = routes.dav;
      if (dav && dav.matches(pathOf(request.url), request.method ?? "GET")) {
        void serveWithWebHandler(request, response, dav.handle);
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

/** The path of a request target (origin-form, or absolute-form from a proxy), without its query. */
function pathOf(target: string | undefined): string {
  if (!target) return "/";
  if (target.startsWith("/")) return target.split("?")[0]!;
  try {
    return new URL(target).pathname;
  } catch {
    return "/";
  }
}
