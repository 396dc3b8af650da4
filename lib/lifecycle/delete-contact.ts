import { recordAudit } from "@/lib/audit/record-audit";
import { bodyMentions, redactCallbackBody } from "@/lib/callbacks/redact-body";
import type { AuditActor } from "@/lib/model/audit";
import type { Store } from "@/lib/model/store";

export type DeleteContactResult = { deleted: false } | { deleted: true; callbacksRedacted: number };

/**
 * Deletes one share and every copy the app keeps of it: the card and all that finds or counts it,
 * the card in each logged body that holds it, and rejected bodies that name its message. Leaves a
 * tombstone and an audit entry (ids and counts only).
 */
export async function deleteContact(store: Store, params: { id: number; actor: AuditActor; clientAddress: string | null; now?: Date }): Promise<DeleteContactResult> {
  const at = params.now ?? new Date();
  const result = await store.deleteShares({ ids: [params.id], at, bodies: "remove-cards", redactBody: redactCallbackBody, searchIndex: "now" });
  const share = result.deleted[0];
  if (!share) return { deleted: false };
  const dropped = await store.dropUnlinkedBodiesWhere({ outcomes: ["rejected"], mentions: bodyMentions({ messageIds: [share.messageId] }), at });
  const callbacksRedacted = new Set([...result.callbacksRedacted, ...dropped]).size;
  await recordAudit(store, {
    at,
    actor: params.actor,
    clientAddress: params.clientAddress,
    action: "contact.delete",
    details: { shareId: share.id, callbackId: share.callbackId, callbacksRedacted },
  });
  return { deleted: true, callbacksRedacted };
}
