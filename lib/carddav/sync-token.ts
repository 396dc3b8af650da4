import type { DavSyncPoint } from "@/lib/model/carddav";
import { rendererFingerprint } from "./card-version";

/**
 * Sync tokens (RFC 6578 §3.2: a URI, opaque to clients) carry the database's epoch, the renderer's
 * fingerprint and the store's commit-ordered cursor. The cursor covers every book, so one token
 * is valid in any of them; it stays the same while nothing is stored or deleted, so clients that
 * compare tokens (getctag, sync-token) skip their sync.
 */
const prefix = "http://contact-inbox.invalid/ns/sync/";

export type ParsedSyncToken = { epoch: string; fingerprint: string; cursor: string };

export function formatSyncToken(point: DavSyncPoint): string {
  return `${prefix}${point.epoch}/${rendererFingerprint}/${point.cursor}`;
}

/** The parts of a token this server handed out, or null for anything else. */
export function parseSyncToken(token: string): ParsedSyncToken | null {
  if (!token.startsWith(prefix) || token.length > 200) return null;
  const [epoch, fingerprint, cursor, ...rest] = token.slice(prefix.length).split("/");
  if (rest.length > 0 || !epoch || !fingerprint || !cursor || !/^[0-9a-f-]{36}$/.test(epoch) || !/^[A-Za-z0-9_-]{1,20}$/.test(fingerprint) || !/^[0-9.]{1,40}$/.test(cursor)) return null;
  return { epoch, fingerprint, cursor };
}
