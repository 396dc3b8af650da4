/**
 * How long a client may leave a chunk unread before the answer is cut off. A client that stops
 * reading would otherwise hold its export or CardDAV slot (lib/http/stream-slots.ts), and the
 * socket, for as long as it keeps the connection open. A phone on a slow network takes seconds
 * for one chunk, not a minute.
 */
export const stalledClientMs = 60_000;

/**
 * A response body produced piece by piece: each pull asks for the next chunk of text, so only one
 * batch is in memory at a time and a slow client slows the producer instead of filling memory.
 * After each chunk the stream lets the event loop run: on SQLite a chunk is produced without any
 * real I/O, and a fast client would otherwise keep the thread for the whole export, every other
 * request (callbacks included) waiting until it ends. A chunk left unread for `stalledAfterMs`
 * ends the answer: the stream fails (the client sees it cut short) and the producer is stopped.
 */
export function textStream(chunks: AsyncIterator<string> | Iterator<string>, options: { stalledAfterMs?: number } = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const stalledAfterMs = options.stalledAfterMs ?? stalledClientMs;
  let stalled: NodeJS.Timeout | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        clearTimeout(stalled);
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else {
            controller.enqueue(encoder.encode(next.value));
            stalled = setTimeout(() => {
              controller.error(new Error(`the client read nothing for ${stalledAfterMs / 1000} s`));
              void chunks.return?.();
            }, stalledAfterMs);
            stalled.unref();
            await letOtherRequestsIn();
          }
        } catch (error) {
          console.error("[contact-inbox] export failed mid-stream", error);
          controller.error(error);
        }
      },
      async cancel() {
        clearTimeout(stalled);
        await chunks.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * The same stream, but with its first chunk already produced: a failure before anything is sent
 * (the database is unavailable) can still be answered with a status instead of a cut-off 200.
 */
export async function primedTextStream(chunks: AsyncIterator<string>): Promise<ReadableStream<Uint8Array>> {
  const first = await chunks.next();
  let sentFirst = false;
  return textStream({
    next: async () => {
      if (!sentFirst) {
        sentFirst = true;
        return first;
      }
      return chunks.next();
    },
    return: async () => (await chunks.return?.()) ?? { done: true, value: undefined },
  });
}

/** Resolves after the event loop has had a turn: pending I/O (other requests) is handled first. */
function letOtherRequestsIn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
