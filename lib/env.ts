import { z } from "zod";

/** The only module that reads process.env. Every default is safe, so `npm start` works with nothing set. */
const envSchema = z.object({
  DATABASE_PATH: z.string().min(1).default("./data/inbox.db"),
  /** How long a write waits for another writer's lock before the callback is answered 503. */
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** Public base URL of this server, shown in the empty inbox; derived from the request when unset. */
  PUBLIC_URL: z.url().optional(),
});

export type Env = z.infer<typeof envSchema>;

function readEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

export const env = readEnv();
