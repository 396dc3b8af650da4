import { redactCallbackBody } from "@/lib/callbacks/redact-body";
import type { DeletedShare, DeleteSharesParams } from "@/lib/model/lifecycle";
import type { Store } from "@/lib/model/store";

/**
 * How long one deleting write may hold the database. On SQLite a callback arriving meanwhile waits
 * for it (one writer), so this plus the pause between writes bounds that wait (~50 ms).
 */
export const writeBudgetMs = 30;
/** The shortest pause between two writes, in which waiting callbacks get the database. */
const pauseMs = 5;

/**
 * Sizes batches so each write takes about `writeBudgetMs`, whatever the machine and the database
 * size: after a slow write the next batch is smaller, after a quick one larger.
 */
export function batchSizer(options: { initial?: number; min?: number; max?: number; budgetMs?: number } = {}) {
  const min = options.min ?? 5;
  const max = options.max ?? 1000;
  const budget = options.budgetMs ?? writeBudgetMs;
  let size = options.initial ?? 100;
  return {
    get size() {
      return size;
    },
    /** Tells the sizer how long a batch of `count` took. */
    took(ms: number, count: number) {
      if (count < size) return; // a short batch says nothing about a full one
      if (ms > budget) size = Math.max(min, Math.floor(size * (budget / ms) * 0.8));
      else if (ms < budget / 2) size = Math.min(max, Math.ceil(size * 1.5));
    },
  };
}

export type BatchSizer = ReturnType<typeof batchSizer>;

/**
 * Gives callbacks that queued behind a write their turn: for as long as the write held the database
 * (at least a few ms). SQLite does not queue writers; one waiting in another process polls (1, 2,
 * 5, 10, 15, 20, 25 ms apart), and a purge that wrote again after 5 ms could take the lock each
 * time before the waiting callback looked, while half the time free is always found.
 */
export function pauseBetweenWrites(heldMs = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(pauseMs, Math.round(heldMs))));
}

/** Deletes shares a batch at a time (each its own short transaction), redacting the bodies that hold them. */
export async function deleteSharesInBatches(
  store: Pick<Store, "deleteShares">,
  params: { ids: number[]; bodies: DeleteSharesParams["bodies"]; searchIndex: DeleteSharesParams["searchIndex"]; at: Date; sizer?: BatchSizer; onBatch?: (deletedSoFar: number) => void },
): Promise<{ deleted: DeletedShare[]; callbacksRedacted: Set<number>; lastHeldMs: number }> {
  const sizer = params.sizer ?? batchSizer();
  const deleted: DeletedShare[] = [];
  const callbacksRedacted = new Set<number>();
  let lastHeldMs = 0;
  for (let index = 0; index < params.ids.length; ) {
    const ids = params.ids.slice(index, index + sizer.size);
    index += ids.length;
    const result = await store.deleteShares({ ids, at: params.at, bodies: params.bodies, searchIndex: params.searchIndex, redactBody: redactCallbackBody });
    // Sized by how long the write held the database, not by how long it waited for it (a busy moment would shrink every batch to nothing).
    sizer.took(result.heldMs, ids.length);
    lastHeldMs = result.heldMs;
    deleted.push(...result.deleted);
    for (const id of result.callbacksRedacted) callbacksRedacted.add(id);
    params.onBatch?.(deleted.length);
    if (index < params.ids.length) await pauseBetweenWrites(result.heldMs);
  }
  return { deleted, callbacksRedacted, lastHeldMs };
}
