import type { NormalizedMessage, ParsedCallback } from "@/lib/model/callback";

/** Kaleyra's extra_info, or what Meta's envelope offers in its place (only the WABA id). */
export type MessageExtras = {
  wabaId: string | null;
  refs: NormalizedMessage["refs"];
  replyTo: string | null;
  traceId: string | null;
  mediaUrl: string | null;
};

/** What was wrong with an input, and where. `exceedsLimit`: the value is past a documented limit (answered 413). */
export type InputIssue = { path: string; message: string; exceedsLimit?: boolean };

export type ParseResult = { ok: true; callback: ParsedCallback } | { ok: false; error: string; issues: InputIssue[] };
