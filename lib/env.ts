import { z } from "zod";

/** An optional secret: unset and empty both mean "not configured". */
const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

/** The only module that reads process.env. Every default is safe, so `npm start` works with nothing set. */
const envSchema = z.object({
  DATABASE_PATH: z.string().min(1).default("./data/inbox.db"),
  /** How long a write waits for another writer's lock before the callback is answered 503. */
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** Public base URL of this server, shown in the empty inbox; derived from the request when unset. */
  PUBLIC_URL: z.url().optional(),

  /** When set, callbacks must carry it in the CALLBACK_TOKEN_HEADER header or in `?token=`. */
  CALLBACK_TOKEN: optionalSecret,
  CALLBACK_TOKEN_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name")
    .default("X-Callback-Token")
    .transform((name) => name.toLowerCase()),
  /** `user:password`: when set, callbacks must carry these HTTP Basic credentials. */
  CALLBACK_BASIC_AUTH: optionalSecret.refine((value) => value === undefined || /^[^:]+:.+$/.test(value), "must be written user:password"),
  /** Meta app secret: when set, callbacks in Meta's envelope must carry a valid X-Hub-Signature-256. */
  META_APP_SECRET: optionalSecret,
  /** The token Meta's webhook verification handshake must present. */
  META_VERIFY_TOKEN: optionalSecret,
  /** One-time code for /setup; when unset, one is generated and printed at start. */
  SETUP_CODE: optionalSecret.refine((value) => value === undefined || value.length >= 8, "must be at least 8 characters"),
  /** Set when a reverse proxy sits in front: the client address is then the first X-Forwarded-For entry. */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((value) => value === "true" || value === "1"),
  /** Enables the benchmark's floor route and page (/api/bench/floor, /bench/floor); never set in production. */
  BENCH_FLOOR: z
    .enum(["1", "0", ""])
    .optional()
    .transform((value) => value === "1"),
  /** How long an agent stays signed in, in hours. */
  SESSION_HOURS: z.coerce.number().min(0.1).max(24 * 90).default(12),
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
