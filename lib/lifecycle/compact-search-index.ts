import type { Store } from "@/lib/model/store";
import { batchSizer, pauseBetweenWrites } from "./delete-in-batches";

/** Set while deleted cards' entries may still wait in the search index: the next purge compacts it then. */
export const compactionPendingKey = "search_index_compaction_pending";

/**
 * Compacts the search index after deletions that left their entries to it ("compact-later"), one
 * short step at a time (each sized to ~25 ms of writing, a pause between), until there is nothing
 * left to merge or `maxSeconds` have passed. Answers whether it finished.
 */
export async function compactSearchIndex(store: Pick<Store, "compactSearchIndexStep" | "putSetting">, params: { maxSeconds: number }): Promise<{ finished: boolean; steps: number; seconds: number }> {
  await store.putSetting({ key: compactionPendingKey, value: new Date().toISOString() });
  const result = await mergeUntilDone(store, params);
  if (result.finished) await store.putSetting({ key: compactionPendingKey, value: "" });
  return result;
}

async function mergeUntilDone(store: Pick<Store, "compactSearchIndexStep">, params: { maxSeconds: number }): Promise<{ finished: boolean; steps: number; seconds: number }> {
  const sizer = batchSizer({ initial: 16, min: 1, max: 2000 });
  const started = performance.now();
  for (let steps = 1; ; steps++) {
    const stepStarted = performance.now();
    const pages = sizer.size;
    const { worked } = await store.compactSearchIndexStep({ pages });
    sizer.took(performance.now() - stepStarted, pages);
    const seconds = Math.round(performance.now() - started) / 1000;
    if (!worked) return { finished: true, steps, seconds };
    if (seconds >= params.maxSeconds) return { finished: false, steps, seconds };
    await pauseBetweenWrites();
  }
}
