import { recordAudit } from "@/lib/audit/record-audit";
import type { AuditActor } from "@/lib/model/audit";
import type { Callback } from "@/lib/model/callback-log";
import type { Store } from "@/lib/model/store";
import { decodeJsonBody, undecodableBody } from "./decode";
import { parseCallback } from "./parse";

export type ReprocessResult =
  | { ok: true; outcome: string; sharesStored: number; sharesAlreadyStored: number; callbackId: number }
  | { ok: false; error: string };

/**
 * Whether re-processing a logged callback could come to another answer: one rejected or ignored
 * whose body is kept and could be read as JSON (today's parser may take what an older one refused).
 */
export function mayReprocess(callback: { outcome: string; reason: string | null; hasBody: boolean }): boolean {
  if (!callback.hasBody || (callback.outcome !== "rejected" && callback.outcome !== "ignored")) return false;
  return !Object.values(undecodableBody).some((cause) => callback.reason?.startsWith(cause));
}

/**
 * Runs a logged callback through today's parser again, e.g. one rejected before a parser fix.
 * Storing is idempotent (message id + card position), so re-processing twice stores nothing twice.
 * A successful run is logged as a new entry pointing back at the original, and in the audit trail.
 *
 * What was deleted stays deleted: a body changed after a deletion is not re-processed (its cards
 * were taken out, or it was dropped), and neither is one that would store a card whose tombstone
 * is still kept.
 */
export async function reprocessCallback(store: Store, params: { callbackId: number; actor: AuditActor; clientAddress: string | null }): Promise<ReprocessResult> {
  const original = await store.getCallbackById({ id: params.callbackId });
  if (!original) return { ok: false, error: `No callback ${params.callbackId} in the log` };
  if (original.rawBody === null) return { ok: false, error: notKeptReason(original) };
  if (original.redaction === "cards-removed") return { ok: false, error: "This callback was redacted after a deletion: re-processing it could bring back what was deleted" };
  const startedAt = performance.now();
  const decoded = decodeJsonBody(new TextEncoder().encode(original.rawBody));
  if (!decoded.ok) return { ok: false, error: `Still rejected: ${decoded.error}` };
  const parsed = parseCallback(decoded.value);
  if (!parsed.ok) return { ok: false, error: `Still rejected: ${parsed.error} (${parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")})` };
  const cards = parsed.callback.messages.flatMap((message) => message.cards.map((_, position) => ({ messageId: message.messageId, position })));
  const deleted = await store.findTombstonedCards({ cards });
  if (deleted.length) return { ok: false, error: `${deleted.length} card(s) in this callback were deleted: re-processing it would store them again` };
  const result = await store.ingestCallback({
    receivedAt: new Date(),
    startedAt,
    rawBody: original.rawBody,
    bodyBytes: original.bodyBytes,
    contentType: original.contentType,
    parsed: parsed.callback,
    reprocessedFrom: original.id,
  });
  await recordAudit(store, {
    actor: params.actor,
    clientAddress: params.clientAddress,
    action: "callback.reprocess",
    details: { callbackId: original.id, loggedAs: result.callbackId, outcome: result.outcome, sharesStored: result.sharesStored },
  });
  return { ok: true, outcome: result.outcome, sharesStored: result.sharesStored, sharesAlreadyStored: result.sharesAlreadyStored, callbackId: result.callbackId };
}

/** Why a logged body is not there to re-process. */
function notKeptReason(callback: Callback): string {
  if (callback.redaction === "body-expired") return "This callback's body was cleared by retention (RAW_BODY_RETENTION_DAYS): there is nothing left to re-process";
  if (callback.redaction === "body-dropped") return "This callback's body was dropped after a deletion: there is nothing left to re-process";
  return callback.httpStatus === 401 ? "This callback's body was not kept (it failed authentication)" : "This callback's body was not kept (it was too large, or failed authentication)";
}
