import type { ApiToken } from "@/lib/model/accounts";
import type { Store } from "@/lib/model/store";
import { randomSecret, sha256Hex } from "./secrets";

const tokenPrefix = "ci_";

/** Creates an API token. The token itself is returned once and only its SHA-256 is stored. */
export async function createApiToken(
  store: Pick<Store, "insertApiToken">,
  params: { name: string; createdBy: number | null; expiresAt?: Date | null },
): Promise<{ token: string; apiToken: ApiToken }> {
  const token = `${tokenPrefix}${randomSecret(32)}`;
  const apiToken = await store.insertApiToken({
    name: params.name,
    tokenHash: sha256Hex(token),
    prefix: token.slice(0, tokenPrefix.length + 6),
    createdBy: params.createdBy,
    createdAt: new Date(),
    expiresAt: params.expiresAt ?? null,
  });
  return { token, apiToken };
}

/** The working token for a presented bearer token. Lookup is by hash, so it takes no timing hint. */
export function findLiveApiToken(store: Pick<Store, "findLiveApiToken">, token: string): Promise<ApiToken | null> {
  return store.findLiveApiToken({ tokenHash: sha256Hex(token), now: new Date() });
}
