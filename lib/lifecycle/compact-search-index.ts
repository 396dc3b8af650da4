import type { Store } from "@/lib/model/store";
import { batchSizer, pauseBetweenWrites } from "./delete-in-batches";

/** Set while deleted cards' entries may still wait in the search index: the next purge compacts it then. */
export const compactionPendingKey = "search_index_compaction_pending";

/** When the search index was last merged into one segment (ISO time): the purge merges it again a day later. */
export const searchIndexMergedKey = "search_index_merged_at";

/**
 * Compacts the search index after deletions that left their entries to it ("compact-later"): merges
 * every segment there was when it started into one (FTS5 drops a deleted entry when the segments
 * holding it and its deletion are merged), one short step at a time (each sized to ~30 ms of
 * writing, a pause between), until none of those segments is left, or `maxSeconds` have passed.
 * Segments written meanwhile (new callbacks) hold no deleted card and are left to the usual merging.
 */
export async function compactSearchIndex(
  store: Pick<Store, "compactSearchIndexStep" | "listSearchIndexSegments" | "putSetting" | "setSearchIndexAutomerge">,
  params: { maxSeconds: number },
): Promise<{ finished: boolean; steps: number; seconds: number }> {
  await store.putSetting({ key: compactionPendingKey, value: new Date().toISOString() });
  // Callbacks arriving meanwhile would start small merges of their own, which FTS5 carries on first:
  // every step of the compaction would go to them (at 1M shares under ingest, it never finished).
  // Their segments wait instead, merged at once when a level reaches 16 (FTS5's crisis merge).
  await store.setSearchIndexAutomerge({ on: false });
  let result: Awaited<ReturnType<typeof mergeAwaySegments>>;
  try {
    result = await mergeAwaySegments(store, params);
  } finally {
    await store.setSearchIndexAutomerge({ on: true });
  }
  if (result.finished) {
    await store.putSetting({ key: compactionPendingKey, value: "" });
    await store.putSetting({ key: searchIndexMergedKey, value: new Date().toISOString() });
  }
  return result;
}

async function mergeAwaySegments(store: Pick<Store, "compactSearchIndexStep" | "listSearchIndexSegments">, params: { maxSeconds: number }): Promise<{ finished: boolean; steps: number; seconds: number }> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started) / 1000;
  const original = new Set(await store.listSearchIndexSegments());
  // One segment holds no deletion of its own: it was merged with them (and a new deletion writes a new segment).
  if (original.size <= 1) return { finished: true, steps: 0, seconds: elapsed() };
  // FTS5 gives a new segment the smallest free id, so callbacks arriving meanwhile write segments
  // under the ids a merge frees (under steady ingest, some id from the start was nearly always in use
  // again: the compaction ran its whole 10 minutes). Each step reports the segments in its own write,
  // before any callback's: an id missing there was merged away for good, whatever carries it later.
  const mergedAway = new Set<number>();
  const sizer = batchSizer({ initial: 16, min: 1, max: 2000 });
  let first = true;
  for (let steps = 1; ; steps++) {
    const pages = sizer.size;
    const { worked, heldMs, segmentsAfter } = await store.compactSearchIndexStep({ pages, first });
    sizer.took(heldMs, pages);
    const present = new Set(segmentsAfter);
    for (const id of original) if (!present.has(id)) mergedAway.add(id);
    if (mergedAway.size === original.size) return { finished: true, steps, seconds: elapsed() };
    if (elapsed() >= params.maxSeconds) return { finished: false, steps, seconds: elapsed() };
    // Nothing left to carry on while old segments remain: start a merge of everything again.
    first = !worked;
    await pauseBetweenWrites(heldMs);
  }
}
