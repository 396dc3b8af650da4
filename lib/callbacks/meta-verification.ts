import { constantTimeEqual } from "@/lib/auth/secrets";
import { env } from "@/lib/env";

/**
 * Meta's webhook verification handshake: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`
 * is answered with the challenge, as plain text, when the token matches META_VERIFY_TOKEN.
 */
export function answerMetaVerification(url: URL): Response | null {
  const mode = url.searchParams.get("hub.mode");
  if (mode === null) return null;
  const token = url.searchParams.get("hub.verify_token") ?? "";
  const challenge = url.searchParams.get("hub.challenge") ?? "";
  const expected = env.META_VERIFY_TOKEN;
  if (mode !== "subscribe" || expected === undefined || !constantTimeEqual(token, expected) || challenge === "") {
    return new Response("Verification failed", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return new Response(challenge, { status: 200, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
