import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import { normalizeEmail } from "@/lib/model/accounts";
import type { AccountStore } from "@/lib/model/store";
import type { PostgresDb } from "./client";
import { guardedPg } from "./guarded";
import { agents, apiTokens, sessions, settings, signInFailures } from "./schema";

/** Agents, sessions, API tokens, sign-in failures and settings on PostgreSQL: shared by every instance. */
export function postgresAccountStore(db: PostgresDb): AccountStore {
  const newAgent = (params: { email: string; name?: string | null; passwordHash: string; isAdmin: boolean }) => ({
    email: normalizeEmail(params.email),
    name: params.name ?? null,
    passwordHash: params.passwordHash,
    isAdmin: params.isAdmin,
    createdAt: new Date(),
  });

  return {
    async createAgent(params) {
      return guardedPg(async () => (await db.insert(agents).values(newAgent(params)).returning())[0]!);
    },

    /** The table is locked against other writers for the check and the insert: instances racing through /setup create one admin. */
    async createFirstAdmin(params) {
      return guardedPg(
        () =>
          db.transaction(async (tx) => {
            await tx.execute(sql`lock table ${agents} in share row exclusive mode`);
            const [{ count }] = (await tx.select({ count: sql<number>`count(*)::integer` }).from(agents)) as [{ count: number }];
            if (count > 0) return null;
            return (await tx.insert(agents).values(newAgent({ ...params, isAdmin: true })).returning())[0]!;
          }),
        { retries: 3 },
      );
    },

    async countAgents() {
      return guardedPg(async () => (await db.select({ count: sql<number>`count(*)::integer` }).from(agents))[0]!.count);
    },

    async findAgentByEmail(params) {
      return guardedPg(async () => (await db.select().from(agents).where(eq(agents.email, normalizeEmail(params.email))))[0] ?? null);
    },

    async getAgentById(params) {
      return guardedPg(async () => (await db.select().from(agents).where(eq(agents.id, params.id)))[0] ?? null);
    },

    async listAgents() {
      return guardedPg(() => db.select().from(agents).orderBy(asc(agents.email)));
    },

    async setAgentDisabled(params) {
      await guardedPg(() =>
        db.transaction(async (tx) => {
          await tx.update(agents).set({ disabledAt: params.disabled ? new Date() : null }).where(eq(agents.id, params.id));
          if (params.disabled) await tx.delete(sessions).where(eq(sessions.agentId, params.id));
        }),
      );
    },

    async setAgentPassword(params) {
      await guardedPg(() =>
        db.transaction(async (tx) => {
          await tx.update(agents).set({ passwordHash: params.passwordHash }).where(eq(agents.id, params.id));
          await tx.delete(sessions).where(eq(sessions.agentId, params.id));
        }),
      );
    },

    async insertSession(params) {
      await guardedPg(async () => {
        await db.delete(sessions).where(lt(sessions.expiresAt, params.createdAt));
        await db.insert(sessions).values(params);
      });
    },

    async getSessionAgent(params) {
      return guardedPg(
        async () =>
          (await db
            .select({ agent: agents })
            .from(sessions)
            .innerJoin(agents, eq(agents.id, sessions.agentId))
            .where(and(eq(sessions.tokenHash, params.tokenHash), gt(sessions.expiresAt, params.now), isNull(agents.disabledAt))))[0]?.agent ?? null,
      );
    },

    async deleteSession(params) {
      await guardedPg(() => db.delete(sessions).where(eq(sessions.tokenHash, params.tokenHash)));
    },

    async countOtherSessions(params) {
      return guardedPg(async () => {
        const [row] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(sessions)
          .where(and(eq(sessions.agentId, params.agentId), ne(sessions.tokenHash, params.exceptTokenHash), gt(sessions.expiresAt, params.now)));
        return row!.n;
      });
    },

    async deleteOtherSessions(params) {
      return guardedPg(async () => (await db.delete(sessions).where(and(eq(sessions.agentId, params.agentId), ne(sessions.tokenHash, params.exceptTokenHash))).returning({ tokenHash: sessions.tokenHash })).length);
    },

    async insertApiToken(params) {
      return guardedPg(async () => (await db.insert(apiTokens).values(params).returning())[0]!);
    },

    async findLiveApiToken(params) {
      return guardedPg(async () => {
        const row = (
          await db
            .select({ token: apiTokens })
            .from(apiTokens)
            .leftJoin(agents, eq(agents.id, apiTokens.createdBy))
            .where(
              and(
                eq(apiTokens.tokenHash, params.tokenHash),
                isNull(apiTokens.revokedAt),
                or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, params.now)),
                or(isNull(apiTokens.createdBy), isNull(agents.disabledAt)),
              ),
            )
        )[0]?.token;
        if (!row) return null;
        if (!row.lastUsedAt || params.now.getTime() - row.lastUsedAt.getTime() > 60_000) {
          await db.update(apiTokens).set({ lastUsedAt: params.now }).where(eq(apiTokens.id, row.id));
        }
        return row;
      });
    },

    async listApiTokens() {
      return guardedPg(() => db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id)));
    },

    async revokeApiToken(params) {
      return guardedPg(async () => (await db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, params.id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id })).length > 0);
    },

    /**
     * The keys are locked (transaction-scoped advisory locks, in sorted order) for the count and the
     * insert: concurrent attempts on any instance each see the ones before them.
     */
    async reserveAttempt(params) {
      return guardedPg(
        () =>
          db.transaction(async (tx) => {
            const keys = params.limits.map((limit) => limit.key);
            for (const key of [...keys].sort()) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
            const counts = await tx
              .select({ key: signInFailures.key, count: sql<number>`count(*)::integer`, oldest: sql<Date>`min(${signInFailures.at})` })
              .from(signInFailures)
              .where(and(inArray(signInFailures.key, keys), gte(signInFailures.at, params.since)))
              .groupBy(signInFailures.key);
            const byKey = new Map(counts.map((row) => [row.key, row]));
            const locked = params.limits.flatMap((limit) => {
              const row = byKey.get(limit.key);
              return row && row.count >= limit.max ? [row] : [];
            });
            if (locked.length) {
              const windowMs = params.at.getTime() - params.since.getTime();
              return { ok: false as const, unlockAt: new Date(Math.max(...locked.map((row) => new Date(row.oldest).getTime() + windowMs))) };
            }
            const inserted = await tx.insert(signInFailures).values(keys.map((key) => ({ key, at: params.at }))).returning({ id: signInFailures.id });
            await tx.delete(signInFailures).where(lt(signInFailures.at, new Date(params.at.getTime() - 24 * 3600_000)));
            return { ok: true as const, attemptIds: inserted.map((row) => row.id), previousFailures: Math.max(0, ...counts.map((row) => row.count)), failuresByKey: Object.fromEntries(keys.map((key) => [key, byKey.get(key)?.count ?? 0])) };
          }),
        { retries: 3 },
      );
    },

    async forgetAttempt(params) {
      if (params.attemptIds.length) await guardedPg(() => db.delete(signInFailures).where(inArray(signInFailures.id, params.attemptIds)));
    },

    async clearSignInFailures(params) {
      await guardedPg(() => db.delete(signInFailures).where(eq(signInFailures.key, params.key)));
    },

    async recordSignInFailure(params) {
      if (params.keys.length) await guardedPg(() => db.insert(signInFailures).values(params.keys.map((key) => ({ key, at: params.at }))));
    },

    async getSetting(params) {
      return guardedPg(async () => (await db.select({ value: settings.value }).from(settings).where(eq(settings.key, params.key)))[0]?.value ?? null);
    },

    async putSetting(params) {
      await guardedPg(() => db.insert(settings).values(params).onConflictDoUpdate({ target: settings.key, set: { value: params.value } }));
    },
  };
}
