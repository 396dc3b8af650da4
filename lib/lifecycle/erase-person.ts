import { recordAudit } from "@/lib/audit/record-audit";
import { bodyMentions } from "@/lib/callbacks/redact-body";
import type { AuditActor } from "@/lib/model/audit";
import type { ErasureKind, ErasureMatch } from "@/lib/model/lifecycle";
import type { Store } from "@/lib/model/store";
import { compactSearchIndex } from "./compact-search-index";
import { batchSizer, deleteSharesInBatches } from "./delete-in-batches";
import { erasureCriteriaDigest } from "./erasure-criteria";

export type ErasureDryRun = { dryRun: true; criteria: { kind: ErasureKind; sha256: string }; matches: number; shareIds: number[] };

/** What an erasure answers and what the audit trail keeps: never the erased value itself. */
export type ErasureReceipt = {
  id: number;
  requestedAt: string;
  by: AuditActor;
  criteria: { kind: ErasureKind; sha256: string };
  sharesDeleted: number;
  callbacksRedacted: number;
};

const senderKinds = new Set<ErasureKind>(["senderWaId", "senderUserId"]);

/** Up to this many cards, the search index loses each card's entries in the card's own transaction (see DeleteSharesParams). */
const scrubNowLimit = 200;

/**
 * Erases a person: every share that names them (as a shared contact, or as the customer who sent
 * it) is deleted as a single delete would, in short batches. Bodies a sender's identifiers run
 * through (their messages, profile, wa_id) are dropped whole; for a shared contact, only their
 * cards leave the bodies. Rejected bodies (and, for a sender, ignored ones such as status updates)
 * that name them are dropped too. A dry run only counts.
 */
export async function erasePerson(
  store: Store,
  params: { match: ErasureMatch; dryRun: boolean; actor: AuditActor; clientAddress: string | null; now?: Date },
): Promise<ErasureDryRun | ErasureReceipt> {
  const criteria = erasureCriteriaDigest(params.match);
  const ids = await store.findShareIdsToErase({ match: params.match });
  if (params.dryRun) return { dryRun: true, criteria, matches: ids.length, shareIds: ids };

  const requestedAt = params.now ?? new Date();
  const isSender = senderKinds.has(params.match.kind);
  // A few cards leave the search index with their rows; many are deleted faster and the index compacted after, before the receipt.
  const searchIndex = ids.length <= scrubNowLimit ? "now" : "compact-later";
  const { deleted, callbacksRedacted } = await deleteSharesInBatches(store, { ids, bodies: isSender ? "drop" : "remove-cards", searchIndex, at: requestedAt, sizer: batchSizer({ initial: 10, min: 1 }) });
  if (searchIndex === "compact-later") await compactSearchIndex(store, { maxSeconds: 600 });
  const dropped = await store.dropUnlinkedBodiesWhere({
    outcomes: isSender ? ["rejected", "ignored"] : ["rejected"],
    mentions: bodyMentions({ messageIds: [...new Set(deleted.map((share) => share.messageId))], values: mentionedValuesOf(params.match) }),
    at: requestedAt,
  });
  for (const id of dropped) callbacksRedacted.add(id);
  const event = await recordAudit(store, {
    at: requestedAt,
    actor: params.actor,
    clientAddress: params.clientAddress,
    action: "person.erase",
    details: { criteria: criteria.kind, sha256: criteria.sha256, sharesDeleted: deleted.length, callbacksRedacted: callbacksRedacted.size },
  });
  return { id: event.id, requestedAt: requestedAt.toISOString(), by: params.actor, criteria, sharesDeleted: deleted.length, callbacksRedacted: callbacksRedacted.size };
}

/** The values a body names the person by, as JSON strings (a wa_id, an E.164 number, an email). */
function mentionedValuesOf(match: ErasureMatch): string[] {
  switch (match.kind) {
    case "phone":
      return [match.digits, ...(match.e164 ? [match.e164, match.e164.slice(1)] : [])];
    case "waId":
      return [match.digits];
    case "email":
      return [match.email];
    default:
      return [match.value];
  }
}
