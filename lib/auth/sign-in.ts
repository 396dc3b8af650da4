import { clearSignInFailures, countSignInFailures, recordSignInFailure } from "@/db/queries/sign-in-failures";
import { findAgentByEmail, normalizeEmail } from "@/db/queries/agents";
import { createSession } from "@/db/queries/sessions";
import type { Agent } from "@/db/schema";
import { env } from "@/lib/env";
import { verifyAgainstDummy, verifyPassword } from "./passwords";

/** Guessing limits: failures counted over this window… */
export const failureWindowMs = 15 * 60_000;
/** …lock an account after this many… */
export const maxFailuresPerAccount = 10;
/** …and a client address after this many (higher: several agents may share one office address). */
export const maxFailuresPerAddress = 30;
/** Below the lock, each failure beyond this many adds a growing delay. */
const freeFailures = 3;

export type SignInResult =
  | { ok: true; agent: Agent; token: string; expiresAt: Date }
  | { ok: false; status: 401; error: string }
  | { ok: false; status: 429; error: string; retryAfterSeconds: number };

const invalidCredentials = { ok: false, status: 401, error: "Wrong email or password" } as const;

/**
 * Checks an email and password. The answer is the same for an unknown email, a disabled agent and a
 * wrong password (and takes as long). Failures are counted per account and per client address:
 * they slow the next answers, then lock the account or address for the rest of the window.
 */
export async function signIn(params: { email: string; password: string; clientAddress: string; now?: Date; sleep?: (ms: number) => Promise<void> }): Promise<SignInResult> {
  const now = params.now ?? new Date();
  const accountKey = `email:${normalizeEmail(params.email)}`;
  const addressKey = `ip:${params.clientAddress}`;
  const failures = countSignInFailures({ keys: [accountKey, addressKey], since: new Date(now.getTime() - failureWindowMs) });
  const account = failures.get(accountKey);
  const address = failures.get(addressKey);

  const locked = [
    account && account.count >= maxFailuresPerAccount ? account : null,
    address && address.count >= maxFailuresPerAddress ? address : null,
  ].filter((entry) => entry !== null);
  if (locked.length) {
    const unlockAt = Math.max(...locked.map((entry) => entry.oldest.getTime() + failureWindowMs));
    const retryAfterSeconds = Math.max(1, Math.ceil((unlockAt - now.getTime()) / 1000));
    return { ok: false, status: 429, error: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, retryAfterSeconds };
  }

  const delayMs = slowDownMs(Math.max(account?.count ?? 0, address?.count ?? 0));
  if (delayMs > 0) await (params.sleep ?? sleep)(delayMs);
  const agent = findAgentByEmail({ email: params.email });
  const passwordMatches = agent ? await verifyPassword(agent.passwordHash, params.password) : await verifyAgainstDummy(params.password);
  if (!agent || !passwordMatches || agent.disabledAt !== null) {
    recordSignInFailure({ keys: [accountKey, addressKey], at: now });
    return invalidCredentials;
  }
  clearSignInFailures({ key: accountKey });
  const session = createSession({ agentId: agent.id, lifetimeMs: env.SESSION_HOURS * 3600_000 });
  return { ok: true, agent, ...session };
}

/** No delay for the first few failures, then 250 ms doubling up to 4 s per attempt. */
export function slowDownMs(previousFailures: number): number {
  const extra = previousFailures - freeFailures;
  return extra < 0 ? 0 : Math.min(250 * 2 ** extra, 4000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
