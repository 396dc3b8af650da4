import { env } from "@/lib/env";
import { normalizeEmail, type Agent } from "@/lib/model/accounts";
import type { Store } from "@/lib/model/store";
import { verifyAgainstDummy, verifyPassword } from "./passwords";
import { startSession } from "./sessions";

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
  /** `lockedOut`: the account and/or the client address this failure brought to its limit (locked from now on). */
  | { ok: false; status: 401; error: string; lockedOut: ("account" | "address")[] }
  | { ok: false; status: 429; error: string; retryAfterSeconds: number };


/**
 * Checks an email and password. The answer is the same for an unknown email, a disabled agent and a
 * wrong password (and takes as long). Failures are counted per account and per client address:
 * they slow the next answers, then lock the account or address for the rest of the window.
 */
export async function signIn(store: Store, params: { email: string; password: string; clientAddress: string; now?: Date; sleep?: (ms: number) => Promise<void> }): Promise<SignInResult> {
  const now = params.now ?? new Date();
  const accountKey = `email:${normalizeEmail(params.email)}`;
  const addressKey = `ip:${params.clientAddress}`;
  // The attempt is counted before the password is checked, atomically: parallel guesses cannot slip past the limit.
  const attempt = await store.reserveAttempt({
    limits: [
      { key: accountKey, max: maxFailuresPerAccount },
      { key: addressKey, max: maxFailuresPerAddress },
    ],
    since: new Date(now.getTime() - failureWindowMs),
    at: now,
  });
  if (!attempt.ok) return tooManyAttempts(attempt.unlockAt, now);

  const delayMs = slowDownMs(attempt.previousFailures);
  if (delayMs > 0) await (params.sleep ?? sleep)(delayMs);
  const agent = await store.findAgentByEmail({ email: params.email });
  const passwordMatches = agent ? await verifyPassword(agent.passwordHash, params.password) : await verifyAgainstDummy(params.password);
  if (!agent || !passwordMatches || agent.disabledAt !== null) {
    const lockedOut: ("account" | "address")[] = [];
    if ((attempt.failuresByKey[accountKey] ?? 0) + 1 === maxFailuresPerAccount) lockedOut.push("account");
    if ((attempt.failuresByKey[addressKey] ?? 0) + 1 === maxFailuresPerAddress) lockedOut.push("address");
    return { ok: false, status: 401, error: "Wrong email or password", lockedOut };
  }

  await store.forgetAttempt({ attemptIds: attempt.attemptIds });
  await store.clearSignInFailures({ key: accountKey });
  const session = await startSession(store, { agentId: agent.id, lifetimeMs: env.SESSION_HOURS * 3600_000 });
  return { ok: true, agent, ...session };
}

export function tooManyAttempts(unlockAt: Date, now: Date): Extract<SignInResult, { status: 429 }> {
  const retryAfterSeconds = Math.max(1, Math.ceil((unlockAt.getTime() - now.getTime()) / 1000));
  return { ok: false, status: 429, error: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, retryAfterSeconds };
}

/** No delay for the first few failures, then 250 ms doubling up to 4 s per attempt. */
export function slowDownMs(previousFailures: number): number {
  const extra = previousFailures - freeFailures;
  return extra < 0 ? 0 : Math.min(250 * 2 ** extra, 4000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
