import type { InputIssue } from "@/lib/callbacks/normalized";
import type { VcardVersion } from "./vcard";

/** `?version=` of a vCard download: 3.0 (the default, what every phone imports) or 4.0 (RFC 6350). */
export function vcardVersionOf(params: URLSearchParams): { ok: true; version: VcardVersion } | { ok: false; issues: InputIssue[] } {
  const requested = params.get("version");
  if (requested === null || requested === "" || requested === "3.0") return { ok: true, version: "3.0" };
  if (requested === "4.0") return { ok: true, version: "4.0" };
  return { ok: false, issues: [{ path: "version", message: 'must be "3.0" or "4.0"' }] };
}
