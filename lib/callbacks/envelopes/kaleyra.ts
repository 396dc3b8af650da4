import { parseChangeValue } from "../change-value";
import { toInputIssues } from "../issues";
import type { ParseResult } from "../normalized";
import { kaleyraEnvelopeSchema } from "../schema";

/** Kaleyra WhatsApp API v2 wraps Meta's `value` in `meta_object` and adds its own `extra_info`. */
export function isKaleyraEnvelope(body: Record<string, unknown>): boolean {
  return "meta_object" in body;
}

export function parseKaleyraEnvelope(body: unknown): ParseResult {
  const envelope = kaleyraEnvelopeSchema.safeParse(body);
  if (!envelope.success) return invalid(toInputIssues(envelope.error));

  const { meta_object: metaObject, extra_info: extraInfo } = envelope.data;
  if (metaObject.field !== null && metaObject.field !== "messages") {
    return { ok: true, callback: { envelope: "kaleyra", messages: [], ignored: [`field "${metaObject.field}"`] } };
  }
  const result = parseChangeValue(
    metaObject.value,
    {
      wabaId: extraInfo?.waba_id ?? null,
      refs: { ref: extraInfo?.ref ?? null, ref1: extraInfo?.ref1 ?? null, ref2: extraInfo?.ref2 ?? null },
      replyTo: extraInfo?.reply_to ?? null,
      traceId: extraInfo?.trace_id ?? null,
      mediaUrl: extraInfo?.media_url ?? null,
    },
    ["meta_object", "value"],
  );
  if (!result.ok) return invalid(result.issues);
  return { ok: true, callback: { envelope: "kaleyra", messages: result.messages, ignored: result.ignored } };
}

function invalid(issues: { path: string; message: string }[]): ParseResult {
  return { ok: false, error: "The callback does not match Kaleyra's contact-message envelope", issues };
}
