import { releasingWhenDone, streamSlots } from "@/lib/http/stream-slots";
import { multistatusResponse, plainResponse } from "./responses";

/**
 * At most this many answers that walk a whole address book (PROPFIND Depth 1 on a book,
 * addressbook-query, sync-collection) are sent at once per server process: a first sync of a large
 * book reads and renders every card on the thread every request shares. The next is answered 503
 * with Retry-After, which CardDAV clients (DAVx⁵, iOS, Thunderbird) take as "sync again shortly".
 */
export const maxConcurrentBookListings = 4;
export const bookListingSlots = streamSlots("carddav-book-listings", maxConcurrentBookListings);
export const bookListingRetryAfterSeconds = 5;

/** A 207 multistatus that walks a whole book, sent under one of the slots, or a 503 when none is free. */
export function bookListingResponse(chunks: AsyncIterator<string>): Response {
  const slot = bookListingSlots.take();
  if (!slot) {
    void chunks.return?.();
    return plainResponse(503, `${maxConcurrentBookListings} address book listings are already being sent by this server; try again in a few seconds.`, { "retry-after": String(bookListingRetryAfterSeconds) });
  }
  return multistatusResponse(releasingWhenDone(slot, chunks));
}
