import type { Agent } from "@/lib/model/accounts";
import type { Store } from "@/lib/model/store";
import { randomSecret, sha256Hex } from "./secrets";

/** Starts a session: the returned token goes in the cookie; only its SHA-256 is stored, so a leaked database holds no live session. */
export async function startSession(store: Pick<Store, "insertSession">, params: { agentId: number; lifetimeMs: number; now?: Date }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomSecret(32);
  const createdAt = params.now ?? new Date();
  const expiresAt = new Date(createdAt.getTime() + params.lifetimeMs);
  await store.insertSession({ tokenHash: sha256Hex(token), agentId: params.agentId, createdAt, expiresAt });
  return { token, expiresAt };
}

/** The agent behind a session token, when the session is live and the agent is not disabled. */
export function agentOfSession(store: Pick<Store, "getSessionAgent">, token: string): Promise<Agent | null> {
  return store.getSessionAgent({ tokenHash: sha256Hex(token), now: new Date() });
}

export function endSession(store: Pick<Store, "deleteSession">, token: string): Promise<void> {
  return store.deleteSession({ tokenHash: sha256Hex(token) });
}
