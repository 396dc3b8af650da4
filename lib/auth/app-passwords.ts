import { randomInt } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Agent } from "@/lib/model/accounts";
import type { AuditActor } from "@/lib/model/audit";
import type { AppPassword } from "@/lib/model/carddav";
import type { Store } from "@/lib/model/store";
import { sha256Hex } from "./secrets";

/**
 * App passwords: what CardDAV clients sign in with (they cannot use the sign-in form). Each is
 * shown once, stored as the SHA-256 of its secret, listed with its last use, revocable, and
 * belongs to one agent. Made to be typed on a phone: 20 characters in groups of five, from an
 * alphabet without look-alikes (0/o, 1/l/i), 100 bits of randomness.
 */
const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
const groups = 4;
const groupLength = 5;

export function newAppPasswordSecret(): string {
  return Array.from({ length: groups }, () => Array.from({ length: groupLength }, () => alphabet[randomInt(alphabet.length)]).join("")).join("-");
}

/** Whether a presented password could be an app password at all (checked before anything is looked up). */
export function looksLikeAppPassword(password: string): boolean {
  return password.length === groups * (groupLength + 1) - 1 && /^[a-z0-9-]+$/.test(password);
}

export function hashAppPassword(password: string): string {
  return sha256Hex(password);
}

export const maxAppPasswordsPerAgent = 20;

export type CreateAppPasswordResult = { ok: true; password: string; appPassword: AppPassword } | { ok: false; error: string };

/** Creates one for the agent (audited); the password itself is in the answer and nowhere else. */
export async function createAppPassword(store: Store, params: { agent: Pick<Agent, "id" | "email">; name: string; clientAddress: string | null; by?: AuditActor }): Promise<CreateAppPasswordResult> {
  const name = params.name.trim().replace(/\s+/g, " ");
  if (name.length < 1 || name.length > 80) return { ok: false, error: "Give it a name of 1 to 80 characters (e.g. the device it is for)." };
  const live = (await store.listAppPasswords({ agentId: params.agent.id })).filter((existing) => existing.revokedAt === null);
  if (live.length >= maxAppPasswordsPerAgent) return { ok: false, error: `You have ${maxAppPasswordsPerAgent} app passwords: revoke one you no longer use first.` };
  const password = newAppPasswordSecret();
  const appPassword = await store.insertAppPassword({ agentId: params.agent.id, name, secretHash: hashAppPassword(password), prefix: password.slice(0, groupLength), createdAt: new Date() });
  await recordAudit(store, {
    actor: params.by ?? { type: "agent", id: params.agent.id, name: params.agent.email },
    clientAddress: params.clientAddress,
    action: "app_password.create",
    details: { appPasswordId: appPassword.id, agentId: params.agent.id, name },
  });
  return { ok: true, password, appPassword };
}

/** Revokes one of the agent's own (audited); false when it is not theirs or already revoked. */
export async function revokeAppPassword(store: Store, params: { agent: Pick<Agent, "id" | "email">; id: number; clientAddress: string | null }): Promise<boolean> {
  if (!(await store.revokeAppPassword({ id: params.id, agentId: params.agent.id, at: new Date() }))) return false;
  const revoked = (await store.listAppPasswords({ agentId: params.agent.id })).find((candidate) => candidate.id === params.id);
  await recordAudit(store, {
    actor: { type: "agent", id: params.agent.id, name: params.agent.email },
    clientAddress: params.clientAddress,
    action: "app_password.revoke",
    details: { appPasswordId: params.id, name: revoked?.name ?? null },
  });
  return true;
}
