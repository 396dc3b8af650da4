import { vcardContentType } from "@/lib/contacts/vcard";
import type { Agent } from "@/lib/model/accounts";
import type { DavBook } from "@/lib/model/carddav";
import type { Store } from "@/lib/model/store";
import { isStorageUnavailable } from "@/lib/model/storage-errors";
import { retryAfterSeconds } from "@/lib/http/errors";
import { authenticateBasic } from "./basic-auth";
import { bookListingResponse } from "./book-listings";
import { cardEtag } from "./card-version";
import { agentOfResource, davRoot, pathOf, resourceOfPath, type DavResource } from "./paths";
import { needsShareRows, propertiesResponse, propNamesOf, renderCard, tooManyProps, type PropContext, type PropRequest, type PropTarget } from "./properties";
import { handleReport } from "./report";
import { readDavBody } from "./request-body";
import { davAllow, davHeaders, multistatusResponse, plainResponse, preconditionFailed, readOnlyRefusal, unauthorized } from "./responses";
import { formatSyncToken } from "./sync-token";
import { childOf, type XmlElement } from "./xml-parse";
import { davNs, multistatusClose, multistatusOpen } from "./xml-write";

export type DavDeps = {
  store: Store;
  /** The client's address (lib/auth/client-address.ts), for the sign-in limits and the audit trail. */
  clientAddress: string;
};

/** How many cards one page of a listing reads: a page is rendered and sent before the next is read. */
export const listingPageSize = 500;
/** The most campaign books a home lists (the most used campaigns first). */
export const maxCampaignBooks = 500;

const writeMethods = new Set(["PUT", "MKCOL", "PROPPATCH", "DELETE"]);

/** The paths the DAV handler answers (everything else is the app's). */
export function isDavPath(pathname: string): boolean {
  return pathname === "/dav" || pathname.startsWith("/dav/") || pathname === "/.well-known/carddav" || pathname === "/.well-known/carddav/";
}

/**
 * Read-only CardDAV (RFC 6352, RFC 6578 sync) over the shares: one Request in, one Response out,
 * for every DAV path and method. Served before Next.js (lib/http/request-gate.ts), because Next's
 * route handlers refuse PROPFIND and REPORT.
 */
export async function handleDavRequest(request: Request, deps: DavDeps): Promise<Response> {
  try {
    return await answer(request, deps);
  } catch (error) {
    if (isStorageUnavailable(error)) return plainResponse(503, "The database is unavailable; try again shortly.", { "retry-after": String(retryAfterSeconds) });
    console.error("[contact-inbox] CardDAV request failed", error);
    return plainResponse(500, "Internal error");
  }
}

async function answer(request: Request, deps: DavDeps): Promise<Response> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  // RFC 6764: the well-known URL (and a DAV request to the site root) leads to the context path, for any method and without auth.
  if (url.pathname.startsWith("/.well-known/carddav") || url.pathname === "/") {
    return new Response(null, { status: 301, headers: davHeaders({ location: davRoot }) });
  }
  if (method === "OPTIONS") return new Response(null, { status: 200, headers: davHeaders({ allow: davAllow, "content-length": "0" }) });

  const auth = await authenticateBasic(deps.store, { authorization: request.headers.get("authorization"), clientAddress: deps.clientAddress });
  if (!auth.ok) {
    if (auth.status === 429) return plainResponse(429, "Too many failed sign-ins: try again later.", { "retry-after": String(auth.retryAfterSeconds) });
    return unauthorized();
  }
  const resource = resourceOfPath(url.pathname);
  const owner = resource ? agentOfResource(resource) : null;
  // Another agent's principal or home is answered as if it did not exist.
  if (!resource || (owner !== null && owner !== auth.agent.id)) {
    // A new member of one of the agent's collections (a card a client wants to upload, a book it wants to make): refused as a write.
    const parent = resourceOfPath(url.pathname.replace(/[^/]+\/?$/, ""));
    if (parent && (parent.kind === "book" || parent.kind === "home") && parent.agentId === auth.agent.id && writeMethods.has(method)) return readOnlyRefusal(pathOf(parent), "bind");
    return plainResponse(404, "Not found");
  }

  switch (method) {
    case "GET":
    case "HEAD":
      return getResource(request, deps.store, resource, method === "HEAD");
    case "PROPFIND":
      return propfind(request, deps.store, auth.agent, resource);
    case "REPORT": {
      const body = await readDavBody(request);
      if (!body.ok) return bodyRefusal(body);
      if (!body.root) return plainResponse(400, "REPORT needs a body");
      return handleReport({ store: deps.store, agent: auth.agent, resource, root: body.root, depth: request.headers.get("depth") });
    }
    case "PUT":
      return resource.kind === "card" ? readOnlyRefusal(pathOf(resource), "write-content") : readOnlyRefusal(parentPath(resource), "bind");
    case "DELETE":
      return readOnlyRefusal(parentPath(resource), "unbind");
    case "MKCOL":
      return readOnlyRefusal(parentPath(resource), "bind");
    case "PROPPATCH":
      return readOnlyRefusal(pathOf(resource), "write-properties");
    default:
      return plainResponse(405, "Method not allowed: this address book is read-only", { allow: davAllow });
  }
}

async function getResource(request: Request, store: Store, resource: DavResource, headOnly: boolean): Promise<Response> {
  if (resource.kind !== "card") return plainResponse(405, "Collections have no GET: use a CardDAV client", { allow: davAllow });
  const [share] = await store.getDavShares({ book: resource.book, ids: [resource.shareId] });
  if (!share) return plainResponse(404, "Not found");
  const etag = cardEtag(share.id);
  const headers = davHeaders({ "content-type": vcardContentType, etag, "cache-control": "no-store" });
  if (request.headers.get("if-none-match")?.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*")) return new Response(null, { status: 304, headers });
  const vcard = renderCard(share);
  headers.set("content-length", String(Buffer.byteLength(vcard)));
  return new Response(headOnly ? null : vcard, { status: 200, headers });
}

async function propfind(request: Request, store: Store, agent: Agent, resource: DavResource): Promise<Response> {
  const depth = (request.headers.get("depth") ?? "1").trim().toLowerCase();
  if (depth === "infinity") return preconditionFailed("<d:propfind-finite-depth/>");
  if (depth !== "0" && depth !== "1") return plainResponse(400, "Depth must be 0 or 1");
  const body = await readDavBody(request);
  if (!body.ok) return bodyRefusal(body);
  const props = propRequestOf(body.root);
  if (!props) return plainResponse(400, "The body must be a DAV:propfind with prop, allprop or propname");
  const refused = tooManyProps(props);
  if (refused) return refused;

  const point = await store.getDavSyncPoint();
  const context: PropContext = { agent, syncToken: formatSyncToken(point) };
  let target: PropTarget;
  if (resource.kind === "card") {
    const [share] = await store.getDavShares({ book: resource.book, ids: [resource.shareId] });
    if (!share) return plainResponse(404, "Not found");
    target = { ...resource, share };
  } else target = resource;

  async function* body207(): AsyncGenerator<string> {
    yield multistatusOpen + propertiesResponse(target, props!, context);
    if (depth === "1") {
      for await (const child of childrenOf(store, agent, resource, point.cursor, needsShareRows(props!))) yield child.map((member) => propertiesResponse(member, props!, context)).join("");
    }
    yield multistatusClose;
  }
  return depth === "1" && resource.kind === "book" ? bookListingResponse(body207()) : multistatusResponse(body207());
}

/** A resource's members, a page at a time: the root holds the principals collection and the home; a home its books; a book its cards. */
async function* childrenOf(store: Store, agent: Agent, resource: DavResource, cursor: string, withContent: boolean): AsyncGenerator<PropTarget[]> {
  switch (resource.kind) {
    case "root":
      yield [{ kind: "principals" }, { kind: "home", agentId: agent.id }];
      return;
    case "principals":
      yield [{ kind: "principal", agentId: agent.id }];
      return;
    case "home": {
      const campaigns = await store.listFacetValues({ facet: "campaign", limit: maxCampaignBooks });
      const books: DavBook[] = [{ kind: "all" }, ...campaigns.map((campaign): DavBook => ({ kind: "campaign", value: campaign.value }))];
      yield books.map((book) => ({ kind: "book", agentId: agent.id, book }));
      return;
    }
    case "book": {
      let after: string | null = null;
      do {
        // Hrefs and ETags need only the ids; the cards themselves are read when their content is asked for.
        if (withContent) {
          const page = await store.listDavShares({ book: resource.book, since: null, until: cursor, after, limit: listingPageSize });
          yield page.rows.map((share) => ({ kind: "card", agentId: agent.id, book: resource.book, shareId: share.id, share }));
          after = page.next;
        } else {
          const page = await store.listDavShareIds({ book: resource.book, since: null, until: cursor, after, limit: listingPageSize });
          yield page.rows.map((shareId) => ({ kind: "card", agentId: agent.id, book: resource.book, shareId, share: null }));
          after = page.next;
        }
      } while (after !== null);
      return;
    }
    default:
      return;
  }
}

/** What a PROPFIND body asks for: an empty body means allprop (RFC 4918 §9.1). */
export function propRequestOf(root: XmlElement | null): PropRequest | null {
  if (!root) return { kind: "allprop" };
  if (root.ns !== davNs || root.name !== "propfind") return null;
  if (childOf(root, davNs, "allprop")) return { kind: "allprop" };
  if (childOf(root, davNs, "propname")) return { kind: "propname" };
  const prop = childOf(root, davNs, "prop");
  return prop ? { kind: "prop", names: propNamesOf(prop) } : null;
}

function bodyRefusal(body: { status: 400 | 403 | 413; reason: string }): Response {
  if (body.status === 403) return preconditionFailed("<d:no-external-entities/>");
  return plainResponse(body.status, body.status === 413 ? `Request body too large: ${body.reason}` : `Malformed XML: ${body.reason}`);
}

function parentPath(resource: DavResource): string {
  const path = pathOf(resource);
  return path.replace(/[^/]+\/?$/, "");
}

