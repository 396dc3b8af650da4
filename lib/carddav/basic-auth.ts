import { recordAudit } from "@/lib/audit/record-audit";
import { hashAppPassword, looksLikeAppPassword } from "@/lib/auth/app-passwords";
import { reserveSignInAttempt } from "@/lib/auth/sign-in";
import { normalizeEmail, type Agent } from "@/lib/model/accounts";
import type { Store } from "@/lib/model/store";

export type DavAuthResult =
  | { ok: true; agent: Agent }
  /** `challenge`: no usable credentials were sent (the first request of Thunderbird and iOS), so nothing was counted. */
  | { ok: false; status: 401; challenge: boolean }
  | { ok: false; status: 429; retryAfterSeconds: number };

/**
 * HTTP Basic for CardDAV: the agent's email and one of their app passwords. The same guessing
 * limits as the sign-in form, on the same keys: the attempt is counted as a failure before the
 * password is checked (atomically, so parallel guesses cannot slip past), taken back when it was
 * right; a locked account or address is refused (429) without a check. The answer is the same
 * for an unknown email, a wrong, revoked or someone else's password and a disabled agent.
 */
export async function authenticateBasic(store: Store, params: { authorization: string | null; clientAddress: string; now?: Date; sleep?: (ms: number) => Promise<void> }): Promise<DavAuthResult> {
  const credentials = parseBasic(params.authorization);
  if (!credentials) return { ok: false, status: 401, challenge: true };
  const now = params.now ?? new Date();
  const email = normalizeEmail(credentials.user);
  const attempt = await reserveSignInAttempt(store, { email, clientAddress: params.clientAddress, now, sleep: params.sleep });
  if (!attempt.ok) return { ok: false, status: 429, retryAfterSeconds: Math.max(1, Math.ceil((attempt.unlockAt.getTime() - now.getTime()) / 1000)) };

  const found = looksLikeAppPassword(credentials.password) ? await store.findLiveAppPassword({ secretHash: hashAppPassword(credentials.password), now }) : null;
  const agent = found && found.agent.email === email && found.agent.disabledAt === null ? found.agent : null;
  if (!agent) {
    await recordAudit(store, { actor: { type: "anonymous" }, clientAddress: params.clientAddress, action: "carddav.sign_in_failed", details: { email } });
    const locked = attempt.lockedOutByFailure();
    if (locked.length) await recordAudit(store, { actor: { type: "anonymous" }, clientAddress: params.clientAddress, action: "carddav.lockout", details: { email, locked: locked.join(" and ") } });
    return { ok: false, status: 401, challenge: false };
  }
  await attempt.succeeded();
  return { ok: true, agent };
}

/** `Basic base64(user:password)` (RFC 7617, UTF-8); null when absent or not that. */
export function parseBasic(header: string | null): { user: string; password: string } | null {
  const match = /^Basic[ ]+([A-Za-z0-9+/]+=*)\s*$/i.exec(header ?? "");
  if (!match || match[1]!.length > 1024) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 1) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
