import "server-only";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { randomSecret, sha256Hex } from "@/lib/auth/secrets";
import { getDb } from "../client";
import { agents, sessions, type Agent } from "../schema";

/** Starts a session; the returned token goes in the cookie and is never stored as such. */
export function createSession(params: { agentId: number; lifetimeMs: number }): { token: string; expiresAt: Date } {
  const token = randomSecret(32);
  const now = Date.now();
  const expiresAt = new Date(now + params.lifetimeMs);
  const db = getDb();
  db.delete(sessions).where(lt(sessions.expiresAt, new Date(now))).run();
  db.insert(sessions).values({ tokenHash: sha256Hex(token), agentId: params.agentId, createdAt: new Date(now), expiresAt }).run();
  return { token, expiresAt };
}

/** The agent behind a session token, when the session is live and the agent is not disabled. */
export function getSessionAgent(params: { token: string }): Agent | null {
  const row = getDb()
    .select({ agent: agents })
    .from(sessions)
    .innerJoin(agents, eq(agents.id, sessions.agentId))
    .where(and(eq(sessions.tokenHash, sha256Hex(params.token)), gt(sessions.expiresAt, new Date()), isNull(agents.disabledAt)))
    .get();
  return row?.agent ?? null;
}

export function deleteSession(params: { token: string }): void {
  getDb().delete(sessions).where(eq(sessions.tokenHash, sha256Hex(params.token))).run();
}
