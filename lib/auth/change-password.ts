import { recordAudit } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { normalizeEmail, type Agent } from "@/lib/model/accounts";
import type { AuditActor } from "@/lib/model/audit";
import type { Store } from "@/lib/model/store";
import { hashPassword, passwordSchema, verifyPassword } from "./passwords";
import { startSession } from "./sessions";
import { reserveSignInAttempt, tooManyAttempts } from "./sign-in";

export type ChangePasswordResult =
  /** The new session for the browser that made the change: every other session of the agent has ended. */
  | { ok: true; token: string; expiresAt: Date }
  | { ok: false; field: "currentPassword" | "newPassword" | "confirmPassword"; error: string };

/**
 * A signed-in agent changes their own sign-in password. The current password must be given, and a
 * wrong one counts as a failed sign-in on the same keys and limits (a stolen session cannot be
 * used to guess it). The change ends every session of the agent, the caller's included, and starts
 * a new one for the caller. App passwords (CardDAV) stay: each is revoked on its own.
 */
export async function changeOwnPassword(
  store: Store,
  params: { agent: Agent; currentPassword: string; newPassword: string; confirmPassword: string; clientAddress: string; now?: Date; sleep?: (ms: number) => Promise<void> },
): Promise<ChangePasswordResult> {
  const { agent, clientAddress } = params;
  const actor: AuditActor = { type: "agent", id: agent.id, name: agent.email };
  const newPassword = passwordSchema.safeParse(params.newPassword);
  if (!newPassword.success) return { ok: false, field: "newPassword", error: `New password ${newPassword.error.issues[0]?.message ?? "is not allowed"}.` };
  if (params.confirmPassword !== params.newPassword) return { ok: false, field: "confirmPassword", error: "The two new passwords are not the same." };
  if (params.currentPassword.length === 0 || params.currentPassword.length > 256) return { ok: false, field: "currentPassword", error: "Enter your current password." };

  const now = params.now ?? new Date();
  const attempt = await reserveSignInAttempt(store, { email: agent.email, clientAddress, now, sleep: params.sleep });
  if (!attempt.ok) return { ok: false, field: "currentPassword", error: tooManyAttempts(attempt.unlockAt, now).error };
  if (!(await verifyPassword(agent.passwordHash, params.currentPassword))) {
    const email = normalizeEmail(agent.email);
    await recordAudit(store, { actor, clientAddress, action: "auth.sign_in_failed", details: { email, during: "password change" } });
    const lockedOut = attempt.lockedOutByFailure();
    if (lockedOut.length) await recordAudit(store, { actor, clientAddress, action: "auth.lockout", details: { email, locked: lockedOut.join(" and ") } });
    return { ok: false, field: "currentPassword", error: "Your current password is not right." };
  }
  await attempt.succeeded();
  if (params.newPassword === params.currentPassword) return { ok: false, field: "newPassword", error: "The new password is the same as the current one." };

  await store.setAgentPassword({ id: agent.id, passwordHash: await hashPassword(newPassword.data) });
  await recordAudit(store, { actor, clientAddress, action: "agent.password_change", details: { agentId: agent.id, email: agent.email } });
  const session = await startSession(store, { agentId: agent.id, lifetimeMs: env.SESSION_HOURS * 3600_000, now });
  return { ok: true, ...session };
}
