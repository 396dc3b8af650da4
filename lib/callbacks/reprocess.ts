import type { Store } from "@/lib/model/store";
import { decodeJsonBody } from "./decode";
import { parseCallback } from "./parse";

export type ReprocessResult =
  | { ok: true; outcome: string; sharesStored: number; sharesAlreadyStored: number; callbackId: number }
  | { ok: false; error: string };

/**
 * Runs a logged callback through today's parser again, e.g. one rejected before a parser fix.
 * Storing is idempotent (message id + card position), so re-processing twice stores nothing twice.
 * A successful run is logged as a new entry pointing back at the original.
 */
export async function reprocessCallback(store: Store, params: { callbackId: number }): Promise<ReprocessResult> {
  const original = await store.getCallbackById({ id: params.callbackId });
  if (!original) return { ok: false, error: `No callback ${params.callbackId} in the log` };
  if (original.rawBody === null) return { ok: false, error: "This callback's body was not kept (it was too large, or failed authentication)" };

  const startedAt = performance.now();
  const decoded = decodeJsonBody(new TextEncoder().encode(original.rawBody));
  if (!decoded.ok) return { ok: false, error: `Still rejected: ${decoded.error}` };
  const parsed = parseCallback(decoded.value);
  if (!parsed.ok) return { ok: false, error: `Still rejected: ${parsed.error} (${parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")})` };

  const result = await store.ingestCallback({
    receivedAt: new Date(),
    startedAt,
    rawBody: original.rawBody,
    bodyBytes: original.bodyBytes,
    contentType: original.contentType,
    parsed: parsed.callback,
    reprocessedFrom: original.id,
  });
  return { ok: true, outcome: result.outcome, sharesStored: result.sharesStored, sharesAlreadyStored: result.sharesAlreadyStored, callbackId: result.callbackId };
}
