import type { Agent } from "@/lib/model/accounts";
import type { DavBook } from "@/lib/model/carddav";
import type { ContactShare } from "@/lib/model/contact-share";
import type { Store } from "@/lib/model/store";
import { rendererFingerprint } from "./card-version";
import { pathOf, resourceOfPath, type DavResource } from "./paths";
import { needsShareRows, propertiesResponse, propNamesOf, renderCard, tooManyProps, type PropContext, type PropRequest, type PropTarget } from "./properties";
import { bookListingResponse } from "./book-listings";
import { FilterRejected, matchesFilter, parseCardFilter, type CardFilter } from "./query-filter";
import { multistatusResponse, plainResponse, preconditionFailed, statusNotFound, statusResponse } from "./responses";
import { formatSyncToken, parseSyncToken } from "./sync-token";
import { childOf, childrenOf, type XmlElement } from "./xml-parse";
import { cardNs, davNs, escapeXml, multistatusClose, multistatusOpen } from "./xml-write";

/** The most hrefs one addressbook-multiget may name (vdirsyncer asks for every missing card at once). */
export const maxMultigetHrefs = 100_000;
/** Cards read per store call while answering a multiget or a query. */
const batchSize = 500;

type ReportParams = { store: Store; agent: Agent; resource: DavResource; root: XmlElement; depth: string | null };

/**
 * REPORTs: addressbook-multiget and addressbook-query (RFC 6352 §8.6–8.7) and sync-collection
 * (RFC 6578). The Depth header is ignored on all three: clients send 0, 1 or none for the same
 * request (Thunderbird sends 1 on sync-collection, which RFC 6578 would answer 400; it would then
 * fetch everything on every sync).
 */
export async function handleReport(params: ReportParams): Promise<Response> {
  const { root } = params;
  if (root.ns === cardNs && root.name === "addressbook-multiget") return multiget(params);
  if (root.ns === cardNs && root.name === "addressbook-query") return query(params);
  if (root.ns === davNs && root.name === "sync-collection") return syncCollection(params);
  // InfCloud and others ask for these; an error stops them, an empty answer does not (Radicale does the same).
  if (root.ns === davNs && ["expand-property", "principal-property-search", "principal-search-property-set"].includes(root.name)) {
    return multistatusResponse(once(multistatusOpen + multistatusClose));
  }
  return preconditionFailed("<d:supported-report/>");
}

function propsOf(root: XmlElement): PropRequest {
  const prop = childOf(root, davNs, "prop");
  if (childOf(root, davNs, "allprop")) return { kind: "allprop" };
  return { kind: "prop", names: prop ? propNamesOf(prop) : [{ ns: davNs, name: "getetag" }] };
}

async function contextOf(store: Store, agent: Agent): Promise<{ context: PropContext; cursor: string; epoch: string }> {
  const point = await store.getDavSyncPoint();
  return { context: { agent, syncToken: formatSyncToken(point) }, cursor: point.cursor, epoch: point.epoch };
}

function bookOf(resource: DavResource): DavBook | null {
  return resource.kind === "book" || resource.kind === "card" ? resource.book : null;
}

async function multiget({ store, agent, resource, root }: ReportParams): Promise<Response> {
  const found = bookOf(resource);
  if (!found) return preconditionFailed("<d:supported-report/>");
  const book: DavBook = found;
  const hrefs = childrenOf(root, davNs, "href").map((href) => href.text.trim());
  if (hrefs.length > maxMultigetHrefs) return preconditionFailed("<d:number-of-matches-within-limits/>");
  const props = propsOf(root);
  const refused = tooManyProps(props);
  if (refused) return refused;
  const { context } = await contextOf(store, agent);
  const bookPath = pathOf(resource.kind === "card" ? { kind: "book", agentId: resource.agentId, book: resource.book } : resource);

  async function* body(): AsyncGenerator<string> {
    yield multistatusOpen;
    for (let start = 0; start < hrefs.length; start += batchSize) {
      const batch = hrefs.slice(start, start + batchSize).map((href) => ({ href, card: cardOfHref(href, agent, bookPath) }));
      const ids = batch.flatMap((entry) => (entry.card ? [entry.card.shareId] : []));
      const shares = new Map((ids.length ? await store.getDavShares({ book, ids }) : []).map((share) => [share.id, share]));
      yield batch
        .map(({ href, card }) => {
          const share = card ? shares.get(card.shareId) : undefined;
          return card && share ? propertiesResponse({ ...card, share }, props, context) : statusResponse(href, statusNotFound);
        })
        .join("");
    }
    yield multistatusClose;
  }
  return multistatusResponse(body());
}

/** The card an href names, when it is one of this book's (a full URL or an absolute path, percent-encoded). */
function cardOfHref(href: string, agent: Agent, bookPath: string): Extract<DavResource, { kind: "card" }> | null {
  let path: string;
  try {
    path = new URL(href, "http://dav.invalid").pathname;
  } catch {
    return null;
  }
  const resource = resourceOfPath(path);
  if (resource?.kind !== "card" || resource.agentId !== agent.id) return null;
  return pathOf({ kind: "book", agentId: resource.agentId, book: resource.book }) === bookPath ? resource : null;
}

async function query({ store, agent, resource, root }: ReportParams): Promise<Response> {
  const found = bookOf(resource);
  if (!found) return preconditionFailed("<d:supported-report/>");
  const book: DavBook = found;
  const filters = childrenOf(root, cardNs, "filter");
  if (filters.length > 1) return plainResponse(400, "addressbook-query takes one filter");
  let filter: CardFilter;
  try {
    filter = parseCardFilter(filters[0]);
  } catch (error) {
    if (error instanceof FilterRejected) return error.reason === "collation" ? preconditionFailed("<card:supported-collation/>") : plainResponse(400, `Bad filter: ${error.message}`);
    throw error;
  }
  const limitText = childOf(childOf(root, cardNs, "limit") ?? root, cardNs, "nresults")?.text.trim();
  const limit = limitText === undefined ? null : Number(limitText);
  if (limit !== null && !(Number.isInteger(limit) && limit >= 0)) return plainResponse(400, "nresults must be a whole number");
  const props = propsOf(root);
  const refused = tooManyProps(props);
  if (refused) return refused;
  const { context, cursor } = await contextOf(store, agent);
  const requestPath = pathOf(resource);

  async function* body(): AsyncGenerator<string> {
    yield multistatusOpen;
    let sent = 0;
    const consider = (share: ContactShare): string => {
      if (!matchesFilter(filter, renderCard(share))) return "";
      sent += 1;
      return propertiesResponse({ kind: "card", agentId: agent.id, book, shareId: share.id, share }, props, context);
    };
    if (resource.kind === "card") {
      const [share] = await store.getDavShares({ book, ids: [resource.shareId] });
      if (share) yield consider(share);
    } else {
      let after: string | null = null;
      do {
        const page = await store.listDavShares({ book, since: null, until: cursor, after, limit: batchSize });
        let chunk = "";
        for (const share of page.rows) {
          if (limit !== null && sent >= limit) {
            // RFC 6352 §8.6.1: truncated, said on the request URI.
            yield `${chunk}<d:response><d:href>${escapeXml(requestPath)}</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status><d:error><d:number-of-matches-within-limits/></d:error></d:response>\n${multistatusClose}`;
            return;
          }
          chunk += consider(share);
        }
        yield chunk;
        after = page.next;
      } while (after !== null);
    }
    yield multistatusClose;
  }
  return resource.kind === "card" ? multistatusResponse(body()) : bookListingResponse(body());
}

/**
 * RFC 6578. An empty token lists every member; a token this server handed out lists what was
 * stored since (200 with the requested properties) and what was deleted since (404, from the
 * tombstones); the new token closes the answer. A token whose tombstones were purged
 * (AUDIT_RETENTION_DAYS) or that this database never handed out → 403 valid-sync-token, and
 * the client starts over. A token from an earlier renderer lists every member again (with the
 * deletions since it), so clients pick up the new vCards.
 */
async function syncCollection({ store, agent, resource, root }: ReportParams): Promise<Response> {
  if (resource.kind !== "book") return preconditionFailed("<d:supported-report/>");
  const book = resource.book;
  const level = childOf(root, davNs, "sync-level")?.text.trim() ?? "1";
  if (level !== "1" && level !== "infinite") return plainResponse(400, "sync-level must be 1 or infinite");
  const tokenText = childOf(root, davNs, "sync-token")?.text.trim() ?? "";
  const props = propsOf(root);
  const refused = tooManyProps(props);
  if (refused) return refused;
  const { context, cursor, epoch } = await contextOf(store, agent);

  let since: string | null = null;
  let fullListing = true;
  if (tokenText !== "") {
    const token = parseSyncToken(tokenText);
    if (!token || token.epoch !== epoch) return preconditionFailed("<d:valid-sync-token/>");
    const check = await store.checkDavCursor({ cursor: token.cursor });
    if (check !== "ok") return preconditionFailed("<d:valid-sync-token/>");
    since = token.cursor;
    fullListing = token.fingerprint !== rendererFingerprint;
  }

  async function* body(): AsyncGenerator<string> {
    yield multistatusOpen;
    let after: string | null = null;
    const withContent = needsShareRows(props);
    do {
      const listing = { book, since: fullListing ? null : since, until: cursor, after, limit: listingPage };
      if (withContent) {
        const page = await store.listDavShares(listing);
        yield page.rows.map((share) => propertiesResponse(cardTarget(agent, book, share.id, share), props, context)).join("");
        after = page.next;
      } else {
        const page = await store.listDavShareIds(listing);
        yield page.rows.map((shareId) => propertiesResponse(cardTarget(agent, book, shareId, null), props, context)).join("");
        after = page.next;
      }
    } while (after !== null);
    if (since !== null) {
      after = null;
      do {
        const page = await store.listDavRemovals({ book, since, until: cursor, after, limit: listingPage });
        yield page.rows.map((removal) => statusResponse(pathOf({ kind: "card", agentId: agent.id, book, shareId: removal.shareId }), statusNotFound)).join("");
        after = page.next;
      } while (after !== null);
    }
    yield `<d:sync-token>${escapeXml(context.syncToken)}</d:sync-token>\n${multistatusClose}`;
  }
  return bookListingResponse(body());
}

const listingPage = 500;

function cardTarget(agent: Agent, book: DavBook, shareId: number, share: ContactShare | null): PropTarget {
  return { kind: "card", agentId: agent.id, book, shareId, share };
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}
