import type { DavBook } from "@/lib/model/carddav";

/**
 * The DAV tree (collections written with a trailing slash, accepted without):
 *   /dav/                                         the root (context path)
 *   /dav/principals/                              the principals collection
 *   /dav/principals/<agent id>/                   an agent's principal
 *   /dav/addressbooks/<agent id>/                 the agent's address-book home
 *   /dav/addressbooks/<agent id>/all/             every share
 *   /dav/addressbooks/<agent id>/campaign-<v>/    shares with campaign value v in ref, ref1 or ref2 (v: base64url of its UTF-8)
 *   /dav/addressbooks/<agent id>/<book>/share-<share id>.vcf   one card
 * An agent only ever reaches their own principal and home: the books are the same for every agent.
 */
export type DavResource =
  | { kind: "root" }
  | { kind: "principals" }
  | { kind: "principal"; agentId: number }
  | { kind: "home"; agentId: number }
  | { kind: "book"; agentId: number; book: DavBook }
  | { kind: "card"; agentId: number; book: DavBook; shareId: number };

export const davRoot = "/dav/";

/** The resource a request path names, or null for anything else (odd encodings, dot segments, unknown names). */
export function resourceOfPath(pathname: string): DavResource | null {
  if (pathname === "/dav" || pathname === "/dav/") return { kind: "root" };
  if (!pathname.startsWith("/dav/")) return null;
  const raw = pathname.slice("/dav/".length).replace(/\/$/, "").split("/");
  const segments: string[] = [];
  for (const segment of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (decoded === "" || decoded === "." || decoded === ".." || decoded.includes("/")) return null;
    segments.push(decoded);
  }
  const [area, agent, bookSlug, cardName, ...rest] = segments;
  if (rest.length > 0) return null;
  if (area === "principals") {
    if (agent === undefined) return { kind: "principals" };
    const agentId = idOf(agent);
    return agentId !== null && bookSlug === undefined ? { kind: "principal", agentId } : null;
  }
  if (area !== "addressbooks" || agent === undefined) return null;
  const agentId = idOf(agent);
  if (agentId === null) return null;
  if (bookSlug === undefined) return { kind: "home", agentId };
  const book = bookOfSlug(bookSlug);
  if (!book) return null;
  if (cardName === undefined) return { kind: "book", agentId, book };
  const shareId = idOf(/^share-(\d+)\.vcf$/.exec(cardName)?.[1]);
  return shareId === null ? null : { kind: "card", agentId, book, shareId };
}

/** The absolute path (each segment percent-encoded; collections ending in /) of a resource. */
export function pathOf(resource: DavResource): string {
  switch (resource.kind) {
    case "root":
      return davRoot;
    case "principals":
      return `${davRoot}principals/`;
    case "principal":
      return `${davRoot}principals/${resource.agentId}/`;
    case "home":
      return `${davRoot}addressbooks/${resource.agentId}/`;
    case "book":
      return `${davRoot}addressbooks/${resource.agentId}/${slugOfBook(resource.book)}/`;
    case "card":
      return `${davRoot}addressbooks/${resource.agentId}/${slugOfBook(resource.book)}/${cardName(resource.shareId)}`;
  }
}

export function cardName(shareId: number): string {
  return `share-${shareId}.vcf`;
}

/** A book's path segment: ASCII only (clients name local folders after it). */
export function slugOfBook(book: DavBook): string {
  return book.kind === "all" ? "all" : `campaign-${Buffer.from(book.value, "utf8").toString("base64url")}`;
}

export function bookOfSlug(slug: string): DavBook | null {
  if (slug === "all") return { kind: "all" };
  const encoded = /^campaign-([A-Za-z0-9_-]{1,700})$/.exec(slug)?.[1];
  if (!encoded) return null;
  const value = Buffer.from(encoded, "base64url").toString("utf8");
  // Only the one canonical spelling names a book (no padding variants, no invalid UTF-8).
  return value !== "" && Buffer.from(value, "utf8").toString("base64url") === encoded ? { kind: "campaign", value } : null;
}

/** The agent a resource belongs to (null for the shared root and principals collection). */
export function agentOfResource(resource: DavResource): number | null {
  return "agentId" in resource ? resource.agentId : null;
}

function idOf(text: string | undefined): number | null {
  if (text === undefined || !/^[1-9]\d{0,14}$/.test(text)) return null;
  return Number(text);
}
