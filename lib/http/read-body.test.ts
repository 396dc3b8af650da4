import { describe, expect, it } from "vitest";
import { drainLimits, readBodyWithLimit } from "./read-body";

/**
 * The bounded body reader on its own, with streams whose chunks and pulls are counted: exactly
 * how much is read, when it stops, and what is still drained after a refusal.
 */

/** A request whose body arrives in the given chunks; `pulled` counts the chunks the reader took, `cancelled` says whether it gave up. */
function streamed(chunks: Uint8Array[], headers: Record<string, string> = {}) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[state.pulled];
        state.pulled += 1;
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://localhost/", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { request, state };
}

const bytes = (n: number, fill = 0x61) => new Uint8Array(n).fill(fill);
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("reading a body within its limit", () => {
  it("returns every byte, in order, from one chunk or many", async () => {
    const one = await readBodyWithLimit(streamed([bytes(10)]).request, 10);
    expect(one).toEqual({ ok: true, bytes: bytes(10) });
    const many = await readBodyWithLimit(streamed([Uint8Array.of(1, 2), Uint8Array.of(3), Uint8Array.of(4, 5, 6)]).request, 6);
    expect(many).toEqual({ ok: true, bytes: Uint8Array.of(1, 2, 3, 4, 5, 6) });
  });

  it("returns no bytes for a request without a body", async () => {
    expect(await readBodyWithLimit(new Request("http://localhost/", { method: "POST" }), 10)).toEqual({ ok: true, bytes: new Uint8Array(0) });
  });

  it("takes a body of exactly the limit, with a Content-Length of exactly the limit", async () => {
    const { request } = streamed([bytes(4), bytes(4)], { "content-length": "8" });
    expect(await readBodyWithLimit(request, 8)).toEqual({ ok: true, bytes: bytes(8) });
  });
});

describe("refusing a body past its limit", () => {
  it("stops reading at the chunk that passes the limit, and says how much it read", async () => {
    const { request } = streamed([bytes(4), bytes(4), bytes(4), bytes(4)]);
    // 8 bytes: the answer is given at the second chunk (the rest is drained after it, below).
    expect(await readBodyWithLimit(request, 7)).toEqual({ ok: false, reason: "too-large", receivedBytes: 8, declaredBytes: null });
  });

  it("refuses a declared Content-Length over the limit before reading a byte", async () => {
    const { request } = streamed([bytes(4)], { "content-length": " 9 " });
    expect(await readBodyWithLimit(request, 8)).toEqual({ ok: false, reason: "too-large", receivedBytes: 0, declaredBytes: 9 });
  });

  it("counts the bytes themselves when the Content-Length is not a plain number, or understates them", async () => {
    for (const declared of ["abc", "-1", "1e3", "0x10", ""]) {
      const { request } = streamed([bytes(6), bytes(6)], { "content-length": declared });
      expect(await readBodyWithLimit(request, 8)).toEqual({ ok: false, reason: "too-large", receivedBytes: 12, declaredBytes: null });
    }
  });

  it("drains the rest of a refused body in the background, then lets it end", async () => {
    const { request, state } = streamed([bytes(6), bytes(6), bytes(6), bytes(6)]);
    expect((await readBodyWithLimit(request, 8)).ok).toBe(false);
    await settle();
    // Every chunk was read and thrown away, and the stream ended by itself: no reset for the sender.
    expect(state.pulled).toBe(5);
    expect(state.cancelled).toBe(false);
  });

  it("drains a body refused by its Content-Length too", async () => {
    const { request, state } = streamed([bytes(6), bytes(6)], { "content-length": "12" });
    expect((await readBodyWithLimit(request, 8)).ok).toBe(false);
    await settle();
    expect(state.pulled).toBe(3);
    expect(state.cancelled).toBe(false);
  });

  it("gives up draining a body that stalls, at the drain deadline", async () => {
    const deadline = drainLimits.ms;
    drainLimits.ms = 50;
    try {
      // Two chunks, then nothing more ever arrives (and the stream never ends).
      const state = { cancelled: false };
      let pulls = 0;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            pulls += 1;
            if (pulls <= 2) controller.enqueue(bytes(6));
            return new Promise(() => undefined);
          },
          cancel() {
            state.cancelled = true;
          },
        },
        { highWaterMark: 0 },
      );
      const request = new Request("http://localhost/", { method: "POST", body, duplex: "half" } as RequestInit);
      expect((await readBodyWithLimit(request, 4)).ok).toBe(false);
      await settle();
      expect(state.cancelled).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(state.cancelled).toBe(true);
    } finally {
      drainLimits.ms = deadline;
    }
  });

  it(`gives up draining past ${drainLimits.bytes / 1024 / 1024} MiB`, async () => {
    const chunk = bytes(1024 * 1024);
    const { request, state } = streamed(Array.from({ length: 40 }, () => chunk));
    expect((await readBodyWithLimit(request, 8)).ok).toBe(false);
    await settle();
    await settle();
    expect(state.cancelled).toBe(true);
    // 16 MiB plus the chunk that passed it, not the whole 40.
    expect(state.pulled).toBe(drainLimits.bytes / chunk.byteLength + 1);
  });
});
