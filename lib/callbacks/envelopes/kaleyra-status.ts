import type { ParseResult } from "../normalized";

/** Kaleyra's delivery-status callbacks carry a top-level `status` or `message_id`: logged, then ignored. */
export function isKaleyraStatus(body: Record<string, unknown>): boolean {
  return !("meta_object" in body) && ("status" in body || "message_id" in body);
}

export function parseKaleyraStatus(body: Record<string, unknown>): ParseResult {
  const status = typeof body.status === "string" ? ` "${body.status}"` : "";
  return { ok: true, callback: { envelope: "kaleyra", messages: [], ignored: [`status callback${status}`] } };
}
