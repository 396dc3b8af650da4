import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import { normalizeEmail } from "@/lib/model/accounts";
import type { AccountStore } from "@/lib/model/store";
import type { SqliteDb } from "./client";
import { agents, apiTokens, sessions, settings, signInFailures } from "./schema";
import { guarded } from "./storage-errors";

/** Agents, sessions, API tokens, sign-in failures and settings on one SQLite connection. */
export function sqliteAccountStore(db: SqliteDb): AccountStore {
  const newAgent = (params: { email: string; name?: string | null; passwordHash: string; isAdmin: boolean }) => ({
    email: normalizeEmail(params.email),
    name: params.name ?? null,
    passwordHash: params.passwordHash,
    isAdmin: params.isAdmin,
    createdAt: new Date(),
  });

  // Every signed-in request looks its session up: prepared once (timestamps bound as milliseconds).
  const sessionAgent = db
    .select({ agent: agents })
    .from(sessions)
    .innerJoin(agents, eq(agents.id, sessions.agentId))
    .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), gt(sessions.expiresAt, sql.placeholder("nowMs")), isNull(agents.disabledAt)))
    .prepare();

  return {
    async createAgent(params) {
      return guarded(() => db.insert(agents).values(newAgent(params)).returning().get());
    },

    /** One IMMEDIATE transaction: two people (or processes) racing through /setup cannot both become admin. */
    async createFirstAdmin(params) {
      return guarded(() =>
        db.transaction(
          (tx) => {
            const existing = tx.select({ count: sql<number>`count(*)` }).from(agents).get()?.count ?? 0;
            if (existing > 0) return null;
            return tx.insert(agents).values(newAgent({ ...params, isAdmin: true })).returning().get();
          },
          { behavior: "immediate" },
        ),
      );
    },

    async countAgents() {
      return guarded(() => db.select({ count: sql<number>`count(*)` }).from(agents).get()?.count ?? 0);
    },

    async findAgentByEmail(params) {
      return guarded(() => db.select().from(agents).where(eq(agents.email, normalizeEmail(params.email))).get() ?? null);
    },

    async getAgentById(params) {
      return guarded(() => db.select().from(agents).where(eq(agents.id, params.id)).get() ?? null);
    },

    async listAgents() {
      return guarded(() => db.select().from(agents).orderBy(asc(agents.email)).all());
    },

    async setAgentDisabled(params) {
      guarded(() =>
        db.transaction((tx) => {
          tx.update(agents).set({ disabledAt: params.disabled ? new Date() : null }).where(eq(agents.id, params.id)).run();
          if (params.disabled) tx.delete(sessions).where(eq(sessions.agentId, params.id)).run();
        }),
      );
    },

    async setAgentPassword(params) {
      guarded(() =>
        db.transaction((tx) => {
          tx.update(agents).set({ passwordHash: params.passwordHash }).where(eq(agents.id, params.id)).run();
          tx.delete(sessions).where(eq(sessions.agentId, params.id)).run();
        }),
      );
    },

    async insertSession(params) {
      guarded(() => {
        db.delete(sessions).where(lt(sessions.expiresAt, params.createdAt)).run();
        db.insert(sessions).values(params).run();
      });
    },

    async getSessionAgent(params) {
      return guarded(() => sessionAgent.get({ tokenHash: params.tokenHash, nowMs: params.now.getTime() })?.agent ?? null);
    },

    async deleteSession(params) {
      guarded(() => db.delete(sessions).where(eq(sessions.tokenHash, params.tokenHash)).run());
    },

    async countOtherSessions(params) {
      return guarded(
        () =>
          db
            .select({ n: sql<number>`count(*)` })
            .from(sessions)
            .where(and(eq(sessions.agentId, params.agentId), ne(sessions.tokenHash, params.exceptTokenHash), gt(sessions.expiresAt, params.now)))
            .get()!.n,
      );
    },

    async deleteOtherSessions(params) {
      return guarded(() => db.delete(sessions).where(and(eq(sessions.agentId, params.agentId), ne(sessions.tokenHash, params.exceptTokenHash))).run().changes);
    },

    async insertApiToken(params) {
      return guarded(() => db.insert(apiTokens).values(params).returning().get());
    },

    async findLiveApiToken(params) {
      return guarded(() => {
        const row = db
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
          .get()?.token;
        if (!row) return null;
        // Recording every use would turn each API read into a write; once a minute is enough to see a token is in use.
        if (!row.lastUsedAt || params.now.getTime() - row.lastUsedAt.getTime() > 60_000) {
          db.update(apiTokens).set({ lastUsedAt: params.now }).where(eq(apiTokens.id, row.id)).run();
        }
        return row;
      });
    },

    async listApiTokens() {
      return guarded(() => db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id)).all());
    },

    async revokeApiToken(params) {
      return guarded(() => db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, params.id), isNull(apiTokens.revokedAt))).run().changes > 0);
    },

    /** One IMMEDIATE transaction: concurrent attempts each see the ones before them. */
    async reserveAttempt(params) {
      return guarded(() =>
        db.transaction(
          (tx) => {
            const keys = params.limits.map((limit) => limit.key);
            const counts = tx
              .select({ key: signInFailures.key, count: sql<number>`count(*)`, oldest: sql<number>`min(${signInFailures.at})` })
              .from(signInFailures)
              .where(and(inArray(signInFailures.key, keys), gte(signInFailures.at, params.since)))
              .groupBy(signInFailures.key)
              .all();
            const byKey = new Map(counts.map((row) => [row.key, row]));
            const locked = params.limits.flatMap((limit) => {
              const row = byKey.get(limit.key);
              return row && row.count >= limit.max ? [row] : [];
            });
            if (locked.length) {
              const windowMs = params.at.getTime() - params.since.getTime();
              return { ok: false as const, unlockAt: new Date(Math.max(...locked.map((row) => row.oldest + windowMs))) };
            }
            const attemptIds = keys.map((key) => tx.insert(signInFailures).values({ key, at: params.at }).returning({ id: signInFailures.id }).get().id);
            // Forget failures older than a day: the table stays small however long the server runs.
            tx.delete(signInFailures).where(lt(signInFailures.at, new Date(params.at.getTime() - 24 * 3600_000))).run();
            return { ok: true as const, attemptIds, previousFailures: Math.max(0, ...counts.map((row) => row.count)), failuresByKey: Object.fromEntries(keys.map((key) => [key, byKey.get(key)?.count ?? 0])) };
          },
          { behavior: "immediate" },
        ),
      );
    },

    async forgetAttempt(params) {
      if (params.attemptIds.length) guarded(() => db.delete(signInFailures).where(inArray(signInFailures.id, params.attemptIds)).run());
    },

    async clearSignInFailures(params) {
      guarded(() => db.delete(signInFailures).where(eq(signInFailures.key, params.key)).run());
    },

    async recordSignInFailure(params) {
      guarded(() =>
        db.transaction((tx) => {
          for (const key of params.keys) tx.insert(signInFailures).values({ key, at: params.at }).run();
        }),
      );
    },

    async getSetting(params) {
      return guarded(() => db.select({ value: settings.value }).from(settings).where(eq(settings.key, params.key)).get()?.value ?? null);
    },

    async putSetting(params) {
      guarded(() => db.insert(settings).values(params).onConflictDoUpdate({ target: settings.key, set: { value: params.value } }).run());
    },
  };
}
