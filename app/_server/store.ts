import "server-only";
import { openStore } from "@/db/open-store";
import { env } from "@/lib/env";
import type { Store } from "@/lib/model/store";

/**
 * The store of this process, opened (and migrated) on first use from the configuration. Cached on
 * globalThis so that dev-mode hot reloads do not open a new connection on every save.
 */
export function getStore(): Promise<Store> {
  const cache = globalThis as typeof globalThis & { __contactInboxStore?: Promise<Store> };
  cache.__contactInboxStore ??= openStore({
    databaseUrl: env.DATABASE_URL,
    databasePath: env.DATABASE_PATH,
    sqliteBusyTimeoutMs: env.SQLITE_BUSY_TIMEOUT_MS,
    poolSize: env.DATABASE_POOL_SIZE,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
  }).catch((error: unknown) => {
    // A store that failed to open (the database was unreachable) is tried again on the next request.
    delete cache.__contactInboxStore;
    throw error;
  });
  return cache.__contactInboxStore;
}

/** Closes the store (tests, scripts). */
export async function closeStore(): Promise<void> {
  const cache = globalThis as typeof globalThis & { __contactInboxStore?: Promise<Store> };
  const store = cache.__contactInboxStore;
  delete cache.__contactInboxStore;
  if (store) await (await store.catch(() => null))?.close();
}
