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
    await request.body?.cancel().catch(() => undefined);
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
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: "too-large", receivedBytes: received, declaredBytes: declared };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: concat(chunks, received) };
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
