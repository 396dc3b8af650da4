import path from "node:path";
import { getDb } from "@/db/client";
import { prepareSetupCode } from "@/lib/auth/setup-code";
import { callbackAuthWarning } from "@/lib/callbacks/verify";
import { env } from "@/lib/env";

/** Opens (creating and migrating) the database, tells the operator where callbacks go, and what is left to configure. */
export function announceStart(): void {
  getDb();
  const port = process.env.PORT ?? "3000";
  const base = env.PUBLIC_URL ?? `http://localhost:${port}`;
  console.log(`[contact-inbox] database ${path.resolve(env.DATABASE_PATH)} ready (migrated)`);
  console.log(`[contact-inbox] callback URL: ${new URL("/api/callbacks/whatsapp", base)}`);
  const authWarning = callbackAuthWarning();
  if (authWarning) console.warn(`[contact-inbox] WARNING: ${authWarning}`);
  prepareSetupCode();
}
