export type BodyReadResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: "too-large"; receivedBytes: number; declaredBytes: number | null };

/**
 * Reads a request body up to `limit` bytes. A declared Content-Length over the limit is refused
 * before reading anything; otherwise bytes are counted while reading and the stream is cancelled
 * as soon as the limit is passed, so an oversized body is never buffered whole.
 */
export async function readBodyWithLimit(request: Request, limit: number): Promise<BodyReadResult> {
  const declared = parseContentLength(request.headers.get("content-length"));
  if (declared !== null && declared > limit) {
    if (request.body) drainInBackground(request.body.getReader(), 0);
    return { ok: false, reason: "too-large", receivedBytes: 0, declaredBytes: declared };
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      drainInBackground(reader, received);
      return { ok: false, reason: "too-large", receivedBytes: received, declaredBytes: declared };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: concat(chunks, received) };
}

/** How much of a refused body is still read (and thrown away) after the answer, and for how long. */
export const drainLimits = { bytes: 16 * 1024 * 1024, ms: 10_000 };

/**
 * The answer to an oversized body goes out at once, but the connection is not dropped while the
 * sender is still writing: closing a socket with unread data makes the kernel send a reset, and a
 * sender that sees the reset may never read our 413. So the rest of the body is read and
 * discarded, up to a bound in bytes and time, after which the connection is dropped after all.
 */
function drainInBackground(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): void {
  const deadline = Date.now() + drainLimits.ms;
  const timer = setTimeout(() => void reader.cancel().catch(() => undefined), drainLimits.ms);
  timer.unref?.();
  void (async () => {
    let read = alreadyRead;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.byteLength;
        if (read > drainLimits.bytes || Date.now() > deadline) {
          await reader.cancel();
          break;
        }
      }
    } catch {
      // The sender went away, or the deadline cancelled the read: nothing left to drain.
    } finally {
      clearTimeout(timer);
    }
  })();
}

function parseContentLength(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
