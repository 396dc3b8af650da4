import { env } from "@/lib/env";
import { constantTimeEqual, hmacSha256Hex } from "@/lib/auth/secrets";

export type VerifyResult = { ok: true } | { ok: false; reason: string };

const ok: VerifyResult = { ok: true };

/**
 * The checks that need only the request line and headers: the shared token (header or `?token=`)
 * and HTTP Basic credentials. Each one configured must pass; they run before the body is read.
 */
export function verifyCallbackCredentials(request: Request): VerifyResult {
  if (env.CALLBACK_TOKEN !== undefined) {
    const given = request.headers.get(env.CALLBACK_TOKEN_HEADER) ?? new URL(request.url).searchParams.get("token");
    if (given === null) return { ok: false, reason: `missing callback token (header ${env.CALLBACK_TOKEN_HEADER} or ?token=)` };
    if (!constantTimeEqual(given, env.CALLBACK_TOKEN)) return { ok: false, reason: "wrong callback token" };
  }
  if (env.CALLBACK_BASIC_AUTH !== undefined) {
    const given = basicCredentialsOf(request.headers.get("authorization"));
    if (given === null) return { ok: false, reason: "missing HTTP Basic credentials" };
    if (!constantTimeEqual(given, env.CALLBACK_BASIC_AUTH)) return { ok: false, reason: "wrong HTTP Basic credentials" };
  }
  return ok;
}

/** Meta signs the exact bytes it sends: `X-Hub-Signature-256: sha256=<hex HMAC with the app secret>`. */
export function verifyMetaSignature(signatureHeader: string | null, bytes: Uint8Array): VerifyResult {
  if (env.META_APP_SECRET === undefined) return ok;
  if (signatureHeader === null) return { ok: false, reason: "missing X-Hub-Signature-256 on a Meta callback" };
  const expected = `sha256=${hmacSha256Hex(env.META_APP_SECRET, bytes)}`;
  return constantTimeEqual(signatureHeader.trim().toLowerCase(), expected) ? ok : { ok: false, reason: "invalid X-Hub-Signature-256" };
}

/** Whether any callback secret is configured; without one the receiver accepts anything (local use) and says so. */
export function callbacksAreAuthenticated(): boolean {
  return env.CALLBACK_TOKEN !== undefined || env.CALLBACK_BASIC_AUTH !== undefined || env.META_APP_SECRET !== undefined;
}

function basicCredentialsOf(header: string | null): string | null {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match) return null;
  return Buffer.from(match[1]!, "base64").toString("utf8");
}
