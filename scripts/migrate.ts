/** `npm run db:migrate`: creates the database (the SQLite file at DATABASE_PATH, or PostgreSQL at DATABASE_URL) if needed and applies pending migrations. */
import { closeStore, getStore } from "../app/_server/store";

async function main() {
  const store = await getStore();
  console.log(`migrated ${store.engine === "postgres" ? "PostgreSQL" : "SQLite"} database ${store.location}`);
}

main()
  .finally(closeStore)
  .catch((error: unknown) => {
    console.error("migration failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  });
