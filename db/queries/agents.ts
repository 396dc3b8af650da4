import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { getDb } from "../client";
import { agents, sessions, type Agent } from "../schema";

export type CreateAgentParams = { email: string; passwordHash: string; isAdmin: boolean; name?: string | null };

/** Emails are kept lower-cased: sign-in is case-insensitive on them. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createAgent(params: CreateAgentParams): Agent {
  return getDb()
    .insert(agents)
    .values({ email: normalizeEmail(params.email), name: params.name ?? null, passwordHash: params.passwordHash, isAdmin: params.isAdmin, createdAt: new Date() })
    .returning()
    .get();
}

/**
 * Creates the first admin only while no agent exists, inside one IMMEDIATE transaction, so two
 * people racing through /setup cannot both become admin.
 */
export function createFirstAdmin(params: Omit<CreateAgentParams, "isAdmin">): Agent | null {
  return getDb().transaction(
    (tx) => {
      const existing = tx.select({ count: sql<number>`count(*)` }).from(agents).get()?.count ?? 0;
      if (existing > 0) return null;
      return tx
        .insert(agents)
        .values({ email: normalizeEmail(params.email), name: params.name ?? null, passwordHash: params.passwordHash, isAdmin: true, createdAt: new Date() })
        .returning()
        .get();
    },
    { behavior: "immediate" },
  );
}

export function countAgents(): number {
  return getDb().select({ count: sql<number>`count(*)` }).from(agents).get()?.count ?? 0;
}

export function findAgentByEmail(params: { email: string }): Agent | null {
  return getDb().select().from(agents).where(eq(agents.email, normalizeEmail(params.email))).get() ?? null;
}

export function getAgentById(params: { id: number }): Agent | null {
  return getDb().select().from(agents).where(eq(agents.id, params.id)).get() ?? null;
}

export function listAgents(): Agent[] {
  return getDb().select().from(agents).orderBy(asc(agents.email)).all();
}

/** Disabling an agent ends every session they have, at once. */
export function setAgentDisabled(params: { id: number; disabled: boolean }): void {
  const db = getDb();
  db.transaction((tx) => {
    tx.update(agents).set({ disabledAt: params.disabled ? new Date() : null }).where(eq(agents.id, params.id)).run();
    if (params.disabled) tx.delete(sessions).where(eq(sessions.agentId, params.id)).run();
  });
}

/** A new password ends the agent's other sessions: whoever knew the old one is signed out. */
export function setAgentPassword(params: { id: number; passwordHash: string }): void {
  const db = getDb();
  db.transaction((tx) => {
    tx.update(agents).set({ passwordHash: params.passwordHash }).where(eq(agents.id, params.id)).run();
    tx.delete(sessions).where(eq(sessions.agentId, params.id)).run();
  });
}
