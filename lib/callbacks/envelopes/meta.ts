import { parseChangeValue } from "../change-value";
import { toInputIssues } from "../issues";
import type { NormalizedMessage } from "@/lib/model/callback";
import type { InputIssue, ParseResult } from "../normalized";
import { metaEnvelopeSchema } from "../schema";

/** Meta Cloud API's own webhook envelope. The WABA id is `entry[].id`; there is no extra_info. */
export function isMetaEnvelope(body: Record<string, unknown>): boolean {
  return "object" in body && "entry" in body;
}

export function parseMetaEnvelope(body: unknown): ParseResult {
  const envelope = metaEnvelopeSchema.safeParse(body);
  if (!envelope.success) return invalid(toInputIssues(envelope.error));

  const messages: NormalizedMessage[] = [];
  const ignored: string[] = [];
  const issues: InputIssue[] = [];
  envelope.data.entry.forEach((entry, entryIndex) => {
    entry.changes.forEach((change, changeIndex) => {
      if (change.field !== "messages") {
        ignored.push(`change of field "${change.field ?? "(none)"}"`);
        return;
      }
      const result = parseChangeValue(
        change.value,
        { wabaId: entry.id, refs: { ref: null, ref1: null, ref2: null }, replyTo: null, traceId: null, mediaUrl: null },
        ["entry", entryIndex, "changes", changeIndex, "value"],
      );
      if (!result.ok) issues.push(...result.issues);
      else {
        messages.push(...result.messages);
        ignored.push(...result.ignored);
      }
    });
  });
  if (issues.length) return invalid(issues);
  return { ok: true, callback: { envelope: "meta", messages, ignored } };
}

function invalid(issues: InputIssue[]): ParseResult {
  return { ok: false, error: "The callback does not match Meta's WhatsApp webhook envelope", issues };
}
