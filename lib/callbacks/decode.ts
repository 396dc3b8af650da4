import type { InputIssue } from "./normalized";

/** `\u0000` not itself escaped (preceded by an even number of backslashes). */
const escapedNul = /(?<!\\)((?:\\\\)*)\\u0000/g;

/**
 * Why a body cannot be read at all. No parser fix changes these answers, so such a callback is
 * never worth re-processing; each is also the start of its log entry's reason.
 */
export const undecodableBody = { notUtf8: "The body is not valid UTF-8", empty: "The body is empty", notJson: "The body is not valid JSON" } as const;

export type DecodeResult = { ok: true; text: string; value: unknown } | { ok: false; text: string; error: string; issues: InputIssue[] };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

/** Decodes the raw bytes as UTF-8 JSON. The text is returned even on failure, so the log keeps it. */
export function decodeJsonBody(bytes: Uint8Array): DecodeResult {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, text: lenientUtf8.decode(bytes), error: undecodableBody.notUtf8, issues: [{ path: "(root)", message: "invalid UTF-8 byte sequence" }] };
  }
  if (text.trim() === "") return { ok: false, text, error: undecodableBody.empty, issues: [{ path: "(root)", message: "expected a JSON object" }] };
  try {
    // A NUL can only reach a string or key through the \u0000 escape (JSON forbids it raw): it is
    // read as U+FFFD (lib/model/nul.ts) by rewriting the escape, one pass and no walk of the value
    // (a walk recursed once per level, and a deeply nested body then failed as "not valid JSON").
    return { ok: true, text, value: JSON.parse(text.includes("\\u0000") ? text.replace(escapedNul, "$1\\uFFFD") : text) };
  } catch (error) {
    return { ok: false, text, error: undecodableBody.notJson, issues: [{ path: "(root)", message: (error as Error).message }] };
  }
}
