import { recordAudit } from "@/lib/audit/record-audit";
import type { Agent, ApiToken } from "@/lib/model/accounts";
import type { AuditActor } from "@/lib/model/audit";
import type { Store } from "@/lib/model/store";
import { createApiToken } from "./api-tokens";
import { sha256Hex } from "./secrets";

/**
 * Changes to agents and API tokens, each with its audit entry: the same operation whether an admin
 * makes it on /admin or someone runs the CLI (`by` says which, `clientAddress` from where).
 */
type Who = { by: AuditActor; clientAddress: string | null };

export async function addAgent(store: Store, params: Who & { email: string; name: string | null; passwordHash: string; isAdmin: boolean }): Promise<Agent> {
  const agent = await store.createAgent({ email: params.email, name: params.name, passwordHash: params.passwordHash, isAdmin: params.isAdmin });
  await recordAudit(store, { actor: params.by, clientAddress: params.clientAddress, action: "agent.add", details: { agentId: agent.id, email: agent.email, isAdmin: agent.isAdmin } });
  return agent;
}

/** Disabling ends the agent's sessions at once (the store does). */
export async function setAgentDisabled(store: Store, params: Who & { agent: Agent; disabled: boolean }): Promise<void> {
  await store.setAgentDisabled({ id: params.agent.id, disabled: params.disabled });
  await recordAudit(store, {
    actor: params.by,
    clientAddress: params.clientAddress,
    action: params.disabled ? "agent.disable" : "agent.enable",
    details: { agentId: params.agent.id, email: params.agent.email },
  });
}

export async function resetAgentPassword(store: Store, params: Who & { agent: Agent; passwordHash: string }): Promise<void> {
  await store.setAgentPassword({ id: params.agent.id, passwordHash: params.passwordHash });
  await recordAudit(store, { actor: params.by, clientAddress: params.clientAddress, action: "agent.password_reset", details: { agentId: params.agent.id, email: params.agent.email } });
}

/** An agent signs out every browser but this one (the session `token`): how many sessions ended. */
export async function signOutOtherBrowsers(store: Store, params: { agent: Agent; token: string; clientAddress: string | null }): Promise<number> {
  const ended = await store.deleteOtherSessions({ agentId: params.agent.id, exceptTokenHash: sha256Hex(params.token) });
  await recordAudit(store, { actor: { type: "agent", id: params.agent.id, name: params.agent.email }, clientAddress: params.clientAddress, action: "auth.sign_out_others", details: { sessionsEnded: ended } });
  return ended;
}

/** The agent's other live sessions: browsers signed in besides this one (the session `token`). */
export function countOtherBrowsers(store: Store, params: { agent: Agent; token: string }): Promise<number> {
  return store.countOtherSessions({ agentId: params.agent.id, exceptTokenHash: sha256Hex(params.token), now: new Date() });
}

export async function issueApiToken(store: Store, params: Who & { name: string; createdBy: number | null; expiresAt: Date | null }): Promise<{ token: string; apiToken: ApiToken }> {
  const issued = await createApiToken(store, { name: params.name, createdBy: params.createdBy, expiresAt: params.expiresAt });
  await recordAudit(store, {
    actor: params.by,
    clientAddress: params.clientAddress,
    action: "token.create",
    details: { tokenId: issued.apiToken.id, name: params.name, expiresAt: params.expiresAt?.toISOString() ?? null },
  });
  return issued;
}

/** False when there is no live token with that id (nothing changed, nothing recorded). */
export async function revokeApiToken(store: Store, params: Who & { id: number }): Promise<boolean> {
  if (!(await store.revokeApiToken({ id: params.id }))) return false;
  const token = (await store.listApiTokens()).find((candidate) => candidate.id === params.id);
  await recordAudit(store, { actor: params.by, clientAddress: params.clientAddress, action: "token.revoke", details: { tokenId: params.id, name: token?.name ?? null } });
  return true;
}
