import { env } from "@/lib/env";
import { constantTimeEqual, hmacSha256Hex } from "@/lib/auth/secrets";
import type { Envelope } from "@/lib/model/callback";

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

/**
 * Which envelopes a callback can arrive in unauthenticated. CALLBACK_TOKEN and CALLBACK_BASIC_AUTH
 * are checked on every callback, whatever its envelope; META_APP_SECRET only on Meta's envelope
 * (Kaleyra does not sign its callbacks with it). So a Meta secret alone leaves Kaleyra's envelope open.
 */
export function unauthenticatedEnvelopes(): Envelope[] {
  if (env.CALLBACK_TOKEN !== undefined || env.CALLBACK_BASIC_AUTH !== undefined) return [];
  return env.META_APP_SECRET !== undefined ? ["kaleyra"] : ["kaleyra", "meta"];
}

/** The start-up warning and the banner: exactly which callbacks anyone could post, and what closes them. Null when none. */
export function callbackAuthWarning(): string | null {
  const open = unauthenticatedEnvelopes();
  if (open.length === 0) return null;
  if (open.length === 1) {
    return "Kaleyra-envelope callbacks are not authenticated: META_APP_SECRET only covers Meta's own webhooks, so anyone who can reach this server can post Kaleyra-style contacts. Set CALLBACK_TOKEN (or CALLBACK_BASIC_AUTH).";
  }
  return "Callbacks are not authenticated (neither Kaleyra's nor Meta's envelope): anyone who can reach this server can post contacts. Set CALLBACK_TOKEN (or CALLBACK_BASIC_AUTH; META_APP_SECRET covers Meta's own webhooks only).";
}

function basicCredentialsOf(header: string | null): string | null {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match) return null;
  return Buffer.from(match[1]!, "base64").toString("utf8");
}
