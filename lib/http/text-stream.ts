/**
 * A response body produced piece by piece: each pull asks for the next chunk of text, so only one
 * batch is in memory at a time and a slow client slows the producer instead of filling memory.
 */
export function textStream(chunks: Iterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        try {
          const next = chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          console.error("[contact-inbox] export failed mid-stream", error);
          controller.error(error);
        }
      },
      cancel() {
        chunks.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
