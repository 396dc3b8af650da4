import { describe, expect, it } from "vitest";
import { compactSearchIndex } from "./compact-search-index";

/**
 * An FTS5 index's segments as the compaction sees them, with callbacks writing a segment between
 * every two looks and FTS5's id rule: a new segment takes the smallest free id. The merge step
 * merges all the segments there were when it began into one (a new segment, smallest free id).
 */
function indexUnderIngest(initial: number[], options: { ingest: boolean }) {
  let segments = [...initial];
  const smallestFree = () => {
    for (let id = 1; ; id++) if (!segments.includes(id)) return id;
  };
  const settings = new Map<string, string>();
  const automerge: boolean[] = [];
  let steps = 0;
  return {
    store: {
      async listSearchIndexSegments() {
        // A callback's commit lands just before the compaction looks.
        if (options.ingest) segments.push(smallestFree());
        return [...segments];
      },
      async compactSearchIndexStep() {
        steps += 1;
        // A callback's commit lands between two of the compaction's writes.
        if (options.ingest) segments.push(smallestFree());
        if (segments.length <= 1) return { worked: false, heldMs: 1, segmentsAfter: [...segments] };
        const merged = smallestFree();
        segments = [merged];
        return { worked: true, heldMs: 1, segmentsAfter: [...segments] };
      },
      async putSetting(params: { key: string; value: string }) {
        settings.set(params.key, params.value);
      },
      async setSearchIndexAutomerge(params: { on: boolean }) {
        automerge.push(params.on);
      },
    },
    get steps() {
      return steps;
    },
    automerge,
  };
}

describe("compacting the search index", () => {
  it("finishes once every segment there was at the start has been merged, though new segments reuse their ids", async () => {
    const index = indexUnderIngest([1, 2, 3, 4, 5], { ingest: true });
    const result = await compactSearchIndex(index.store, { maxSeconds: 5 });
    expect(result).toMatchObject({ finished: true, steps: 1 });
    expect(index.automerge).toEqual([false, true]);
  });

  it("keeps merging while a segment from the start is still there, and stops at its time limit", async () => {
    const index = indexUnderIngest([1, 2, 3], { ingest: false });
    index.store.compactSearchIndexStep = async () => ({ worked: false, heldMs: 1, segmentsAfter: [1, 2, 3] });
    const result = await compactSearchIndex(index.store, { maxSeconds: 0.2 });
    expect(result.finished).toBe(false);
    expect(result.steps).toBeGreaterThan(1);
    expect(index.automerge).toEqual([false, true]);
  });

  it("has nothing to do for an index of one segment", async () => {
    const index = indexUnderIngest([7], { ingest: false });
    expect(await compactSearchIndex(index.store, { maxSeconds: 5 })).toMatchObject({ finished: true, steps: 0 });
    expect(index.steps).toBe(0);
  });
});
