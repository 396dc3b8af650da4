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
  const attempt = await reserveSignInAttempt(store, { email: params.email, clientAddress: params.clientAddress, now, sleep: params.sleep });
  if (!attempt.ok) return tooManyAttempts(attempt.unlockAt, now);

  const agent = await store.findAgentByEmail({ email: params.email });
  const passwordMatches = agent ? await verifyPassword(agent.passwordHash, params.password) : await verifyAgainstDummy(params.password);
  if (!agent || !passwordMatches || agent.disabledAt !== null) return { ok: false, status: 401, error: "Wrong email or password", lockedOut: attempt.lockedOutByFailure() };

  await attempt.succeeded();
  const session = await startSession(store, { agentId: agent.id, lifetimeMs: env.SESSION_HOURS * 3600_000 });
  return { ok: true, agent, ...session };
}

export type SignInAttempt =
  | { ok: false; unlockAt: Date }
  | {
      ok: true;
      /** What a failure of this attempt locks: the account and/or the client address it brings to its limit. */
      lockedOutByFailure(): ("account" | "address")[];
      /** The credentials were right: the attempt is not a failure, and the account's earlier failures are forgiven. */
      succeeded(): Promise<void>;
    };

/**
 * One attempt to prove who an agent is (the sign-in form, a CardDAV client's Basic credentials),
 * under the same guessing limits on the same keys: counted as a failure before the credentials are
 * checked, atomically, so parallel guesses cannot slip past the limit; refused once the account or
 * the address is locked; slowed down after a few failures. The caller checks the credentials, then
 * calls `succeeded()` or reports `lockedOutByFailure()`.
 */
export async function reserveSignInAttempt(store: Store, params: { email: string; clientAddress: string; now: Date; sleep?: (ms: number) => Promise<void> }): Promise<SignInAttempt> {
  const accountKey = `email:${normalizeEmail(params.email)}`;
  const addressKey = `ip:${params.clientAddress}`;
  const attempt = await store.reserveAttempt({
    limits: [
      { key: accountKey, max: maxFailuresPerAccount },
      { key: addressKey, max: maxFailuresPerAddress },
    ],
    since: new Date(params.now.getTime() - failureWindowMs),
    at: params.now,
  });
  if (!attempt.ok) return { ok: false, unlockAt: attempt.unlockAt };
  const delayMs = slowDownMs(attempt.previousFailures);
  if (delayMs > 0) await (params.sleep ?? sleep)(delayMs);
  const failuresOf = (key: string) => attempt.failuresByKey[key] ?? 0;
  return {
    ok: true,
    lockedOutByFailure: () => [...(failuresOf(accountKey) + 1 === maxFailuresPerAccount ? ["account" as const] : []), ...(failuresOf(addressKey) + 1 === maxFailuresPerAddress ? ["address" as const] : [])],
    async succeeded() {
      await store.forgetAttempt({ attemptIds: attempt.attemptIds });
      if (failuresOf(accountKey) > 0) await store.clearSignInFailures({ key: accountKey });
    },
  };
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
