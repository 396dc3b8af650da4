import "server-only";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import { randomSecret, sha256Hex } from "@/lib/auth/secrets";
import { getDb } from "../client";
import { agents, apiTokens, type ApiToken } from "../schema";

const tokenPrefix = "ci_";

/** Creates an API token. The token itself is returned once and only its SHA-256 is stored. */
export function createApiToken(params: { name: string; createdBy: number | null; expiresAt?: Date | null }): { token: string; apiToken: ApiToken } {
  const token = `${tokenPrefix}${randomSecret(32)}`;
  const apiToken = getDb()
    .insert(apiTokens)
    .values({
      name: params.name,
      tokenHash: sha256Hex(token),
      prefix: token.slice(0, tokenPrefix.length + 6),
      createdBy: params.createdBy,
      createdAt: new Date(),
      expiresAt: params.expiresAt ?? null,
    })
    .returning()
    .get();
  return { token, apiToken };
}

/**
 * The live token row for a presented bearer token: not revoked, not expired, and its creator (when
 * an agent made it) not disabled — a token is no stronger than the agent who made it. Tokens made
 * with the CLI have no creator. Lookup is by hash, so it takes no timing hint.
 */
export function findLiveApiToken(params: { token: string }): ApiToken | null {
  const db = getDb();
  const now = new Date();
  const row = db
    .select({ token: apiTokens })
    .from(apiTokens)
    .leftJoin(agents, eq(agents.id, apiTokens.createdBy))
    .where(
      and(
        eq(apiTokens.tokenHash, sha256Hex(params.token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        or(isNull(apiTokens.createdBy), isNull(agents.disabledAt)),
      ),
    )
    .get()?.token;
  if (!row) return null;
  // Recording every use would turn each API read into a write; once a minute is enough to see a token is in use.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id)).run();
  }
  return row;
}

export function listApiTokens(): ApiToken[] {
  return getDb().select().from(apiTokens).orderBy(desc(apiTokens.createdAt)).all();
}

export function revokeApiToken(params: { id: number }): boolean {
  return getDb().update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, params.id), isNull(apiTokens.revokedAt))).run().changes > 0;
}
