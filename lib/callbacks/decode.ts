import { jsonWithoutNul } from "@/lib/model/nul";
import type { InputIssue } from "./normalized";

export type DecodeResult = { ok: true; text: string; value: unknown } | { ok: false; text: string; error: string; issues: InputIssue[] };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

/** Decodes the raw bytes as UTF-8 JSON. The text is returned even on failure, so the log keeps it. */
export function decodeJsonBody(bytes: Uint8Array): DecodeResult {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, text: lenientUtf8.decode(bytes), error: "The body is not valid UTF-8", issues: [{ path: "(root)", message: "invalid UTF-8 byte sequence" }] };
  }
  if (text.trim() === "") return { ok: false, text, error: "The body is empty", issues: [{ path: "(root)", message: "expected a JSON object" }] };
  try {
    const value: unknown = JSON.parse(text);
    // A NUL can only reach a string or key through the \u0000 escape (JSON forbids it raw).
    return { ok: true, text, value: text.includes("\\u0000") ? jsonWithoutNul(value) : value };
  } catch (error) {
    return { ok: false, text, error: "The body is not valid JSON", issues: [{ path: "(root)", message: (error as Error).message }] };
  }
}
