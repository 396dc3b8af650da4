/** `npm run db:migrate`: creates the database file (DATABASE_PATH) if needed and applies pending migrations. */
import { openDatabase } from "../db/client";
import { env } from "../lib/env";

openDatabase(env.DATABASE_PATH).$client.close();
console.log(`migrated ${env.DATABASE_PATH}`);
