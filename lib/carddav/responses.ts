import { apiContentSecurityPolicy, commonSecurityHeaders } from "@/lib/http/security-headers.js";
import { textStream } from "@/lib/http/text-stream";
import { errorBody, escapeXml, hrefXml } from "./xml-write";

/** What this server is, in every DAV answer: WebDAV class 1 and 3, CardDAV; never 2 (locking), nothing writable. */
export const davHeader = "1, 3, addressbook";
export const davAllow = "OPTIONS, GET, HEAD, PROPFIND, REPORT";
export const realm = 'Basic realm="Contact Inbox", charset="UTF-8"';

/** Exactly these status lines: Thunderbird compares them as strings. */
export const statusOk = "HTTP/1.1 200 OK";
export const statusNotFound = "HTTP/1.1 404 Not Found";

/** Headers of every DAV answer: never a page, never cached by anyone but the client itself. */
export function davHeaders(extra: Record<string, string> = {}): Headers {
  const headers = new Headers();
  for (const header of commonSecurityHeaders) headers.set(header.key, header.value);
  headers.set("content-security-policy", apiContentSecurityPolicy);
  headers.set("cache-control", "no-store");
  headers.set("dav", davHeader);
  for (const [key, value] of Object.entries(extra)) headers.set(key, value);
  return headers;
}

export function xmlResponse(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: davHeaders({ "content-type": "application/xml; charset=utf-8", ...extra }) });
}

/** A multistatus answer produced piece by piece (lib/http/text-stream.ts): never the whole list in memory. */
export function multistatusResponse(chunks: AsyncIterator<string>): Response {
  return new Response(textStream(chunks), { status: 207, headers: davHeaders({ "content-type": "application/xml; charset=utf-8" }) });
}

/** 403 with a DAV:error precondition (RFC 4918 §16). */
export function preconditionFailed(conditionXml: string, status = 403): Response {
  return xmlResponse(status, errorBody(conditionXml));
}

/**
 * Every write is refused: 403 with RFC 3744's `need-privileges`, naming the privilege it would
 * take (DAVx5 then drops the local change and downloads the server's copy again). No DAV RFC
 * defines a "read-only" precondition element; this is the standard one.
 */
export function readOnlyRefusal(href: string, privilege: "write-content" | "bind" | "unbind" | "write-properties"): Response {
  return preconditionFailed(`<d:need-privileges><d:resource>${hrefXml(href)}<d:privilege><d:${privilege}/></d:privilege></d:resource></d:need-privileges>`);
}

export function plainResponse(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, { status, headers: davHeaders({ "content-type": "text/plain; charset=utf-8", ...extra }) });
}

export function unauthorized(): Response {
  return plainResponse(401, "Sign in with your email and an app password (create one on your account page).", { "www-authenticate": realm });
}

/** One `<d:response>`: the found properties in a 200 propstat first (Thunderbird and vdirsyncer read the first one), then the missing ones in a 404 propstat. */
export function propResponse(href: string, found: string[], missing: string[]): string {
  let xml = `<d:response>${hrefXml(href)}`;
  if (found.length > 0) xml += `<d:propstat><d:prop>${found.join("")}</d:prop><d:status>${statusOk}</d:status></d:propstat>`;
  if (missing.length > 0) xml += `<d:propstat><d:prop>${missing.join("")}</d:prop><d:status>${statusNotFound}</d:status></d:propstat>`;
  if (found.length === 0 && missing.length === 0) xml += `<d:propstat><d:prop/><d:status>${statusOk}</d:status></d:propstat>`;
  return `${xml}</d:response>\n`;
}

/** A member that is not there (a multiget href, or a removed member in sync-collection): href and status only. */
export function statusResponse(href: string, status: string): string {
  return `<d:response>${hrefXml(href)}<d:status>${escapeXml(status)}</d:status></d:response>\n`;
}
