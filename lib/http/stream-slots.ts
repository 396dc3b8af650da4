/**
 * Per-process limits on long streamed answers (exports, CardDAV listings of a whole book): each
 * reads and renders a whole inbox on the thread every request shares, so only a few may run at
 * once, and the next is told to come back.
 */
export type StreamSlot = { release(): void };
export type StreamSlots = {
  readonly max: number;
  /** A place for one more stream, or null when all are taken. */
  take(): StreamSlot | null;
  running(): number;
};

type Counters = typeof globalThis & { __contactInboxStreamSlots?: Map<string, number> };

/**
 * The slots named `name`. Counted on globalThis, as the store is kept: the limit is the process's,
 * whichever route and whichever bundled copy of this module takes a slot.
 */
export function streamSlots(name: string, max: number): StreamSlots {
  const counters = ((globalThis as Counters).__contactInboxStreamSlots ??= new Map<string, number>());
  return {
    max,
    running: () => counters.get(name) ?? 0,
    take() {
      const running = counters.get(name) ?? 0;
      if (running >= max) return null;
      counters.set(name, running + 1);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          counters.set(name, (counters.get(name) ?? 1) - 1);
        },
      };
    },
  };
}

/**
 * The same chunks, with the slot released when they end, however they end: read to the end, failed,
 * or cancelled by the client, even before the first chunk (when a generator's own `finally` never runs).
 */
export function releasingWhenDone<T>(slot: StreamSlot, chunks: AsyncIterator<T>): AsyncIterator<T> {
  return {
    async next() {
      try {
        const next = await chunks.next();
        if (next.done) slot.release();
        return next;
      } catch (error) {
        slot.release();
        throw error;
      }
    },
    async return(value?: T) {
      slot.release();
      return (await chunks.return?.(value)) ?? { done: true, value: undefined };
    },
  };
}
