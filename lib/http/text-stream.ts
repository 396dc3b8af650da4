/**
 * A response body produced piece by piece: each pull asks for the next chunk of text, so only one
 * batch is in memory at a time and a slow client slows the producer instead of filling memory.
 * After each chunk the stream lets the event loop run: on SQLite a chunk is produced without any
 * real I/O, and a fast client would otherwise keep the thread for the whole export, every other
 * request (callbacks included) waiting until it ends.
 */
export function textStream(chunks: AsyncIterator<string> | Iterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else {
            controller.enqueue(encoder.encode(next.value));
            await letOtherRequestsIn();
          }
        } catch (error) {
          console.error("[contact-inbox] export failed mid-stream", error);
          controller.error(error);
        }
      },
      async cancel() {
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
