import { defineConfig } from "drizzle-kit";

/** The PostgreSQL engine's migrations (`npm run db:generate:postgres`); drizzle.config.ts is SQLite's. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/postgres/schema.ts",
  out: "./db/postgres/migrations",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/contact_inbox" },
});
