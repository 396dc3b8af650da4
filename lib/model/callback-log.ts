import type { Envelope, ParsedCallback } from "./callback";
import type { CallbackRedaction } from "./lifecycle";

export const callbackOutcomes = ["stored", "duplicate", "ignored", "rejected"] as const;
export type CallbackOutcome = (typeof callbackOutcomes)[number];

/** Every request to the callback endpoint, verbatim, with what became of it. */
export type Callback = {
  id: number;
  receivedAt: Date;
  /** Which envelope the body was read as; null when it could not be told. */
  envelope: Envelope | null;
  outcome: CallbackOutcome;
  reason: string | null;
  httpStatus: number;
  sharesStored: number;
  contentType: string | null;
  bodyBytes: number;
  /** The body exactly as received (UTF-8 text); null when it was not kept. */
  rawBody: string | null;
  durationMs: number;
  reprocessedFrom: number | null;
  /** Set when the body was changed after arrival (see lib/model/lifecycle.ts); the body is then no longer as received. */
  redaction: CallbackRedaction | null;
  redactedAt: Date | null;
};

/** A log entry without its body: the start of the body and of the reason only, so a page of them stays small. */
export type CallbackSummary = Omit<Callback, "rawBody" | "reason"> & { bodyStart: string | null; reasonStart: string | null; reasonChars: number };

/** What the log records about a request, whatever becomes of it. */
export type CallbackRequestInfo = {
  receivedAt: Date;
  rawBody: string | null;
  bodyBytes: number;
  contentType: string | null;
  /** performance.now() when the request arrived, for the log's duration. */
  startedAt: number;
};

export type IngestCallbackParams = CallbackRequestInfo & { parsed: ParsedCallback; reprocessedFrom?: number };

export type IngestResult = {
  callbackId: number;
  outcome: Extract<CallbackOutcome, "stored" | "duplicate" | "ignored">;
  sharesStored: number;
  sharesAlreadyStored: number;
  ignored: string[];
};

export type RecordRejectedCallbackParams = CallbackRequestInfo & {
  envelope: Envelope | null;
  httpStatus: number;
  reason: string;
};

export type ListCallbacksParams = { outcome?: CallbackOutcome; before?: number; limit: number };

/** The reason a stored callback gets for its outcome; a plain "stored" needs no words (shares_stored says how many). */
export function describeIngestOutcome(outcome: IngestResult["outcome"], stored: number, already: number, ignored: string[]): string | null {
  if (stored && !already && !ignored.length) return null;
  const parts: string[] = [];
  if (stored) parts.push(`${stored} contact share(s) stored`);
  if (already) parts.push(`${already} already stored (redelivery)`);
  if (ignored.length) parts.push(`ignored: ${ignored.join(", ")}`);
  return parts.length ? parts.join("; ") : outcome === "ignored" ? "nothing to store" : null;
}

/** The outcome of a stored callback from what happened to its cards. */
export function ingestOutcomeOf(stored: number, already: number): IngestResult["outcome"] {
  return stored > 0 ? "stored" : already > 0 ? "duplicate" : "ignored";
}
