import { describe, expect, it } from "vitest";
import { primedTextStream, textStream } from "./text-stream";

/** Chunks produced with no I/O at all, as a SQLite export produces them. */
function* syncChunks(count: number): Generator<string> {
  for (let i = 0; i < count; i++) yield `chunk ${i}\n`;
}

async function readAll(stream: ReadableStream<Uint8Array>, onChunk: () => void = () => {}): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    onChunk();
    text += decoder.decode(value);
  }
}

describe("textStream", () => {
  it("sends every chunk in order", async () => {
    expect(await readAll(textStream(syncChunks(3)))).toBe("chunk 0\nchunk 1\nchunk 2\n");
    expect(await readAll(await primedTextStream((async function* () { yield* syncChunks(2); })()))).toBe("chunk 0\nchunk 1\n");
  });

  it("lets other requests in between chunks, even when producing them needs no I/O and the reader never waits", async () => {
    let chunksRead = 0;
    let readWhenOtherWorkRan: number | null = null;
    setImmediate(() => (readWhenOtherWorkRan = chunksRead));
    await readAll(textStream(syncChunks(200)), () => chunksRead++);
    expect(chunksRead).toBe(200);
    // Without the turn between chunks, the other work would only run after the last chunk.
    expect(readWhenOtherWorkRan).not.toBeNull();
    expect(readWhenOtherWorkRan!).toBeLessThan(3);
  });

  it("stops producing when the reader cancels", async () => {
    let produced = 0;
    const stream = textStream((function* () { for (;;) { produced++; yield "more"; } })());
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    const after = produced;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(produced).toBe(after);
  });

  it("cuts the answer off when the client leaves a chunk unread too long, and stops the producer", async () => {
    let stopped = false;
    const stream = textStream(
      (function* () {
        try {
          for (let i = 0; ; i++) yield `chunk ${i}`;
        } finally {
          stopped = true;
        }
      })(),
      { stalledAfterMs: 50 },
    );
    const reader = stream.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(stopped).toBe(true);
    await expect(reader.read()).rejects.toThrow("the client read nothing for 0.05 s");
  });

  it("lets a slow client that keeps reading get everything", async () => {
    const reader = textStream(syncChunks(5), { stalledAfterMs: 60 }).getReader();
    let text = "";
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toBe("chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n");
  });
});
