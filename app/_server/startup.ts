import "server-only";
import { prepareSetupCode } from "@/lib/auth/setup-code";
import { callbackAuthWarning } from "@/lib/callbacks/verify";
import { env } from "@/lib/env";
import { getStore } from "./store";

/** Opens (creating and migrating) the database, tells the operator where callbacks go, and what is left to configure. */
export async function announceStart(): Promise<void> {
  const store = await getStore();
  const port = process.env.PORT ?? "3000";
  const base = env.PUBLIC_URL ?? `http://localhost:${port}`;
  console.log(`[contact-inbox] ${store.engine === "postgres" ? "PostgreSQL" : "SQLite"} database ${store.location} ready (migrated)`);
  console.log(`[contact-inbox] callback URL: ${new URL("/api/callbacks/whatsapp", base)}`);
  const authWarning = callbackAuthWarning();
  if (authWarning) console.warn(`[contact-inbox] WARNING: ${authWarning}`);
  await prepareSetupCode(store);
}
