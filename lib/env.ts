import { isIP } from "node:net";
import { z } from "zod";

/** An optional secret: unset and empty both mean "not configured". */
const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

/** A number of days, or unset (and empty) for "keep". */
const optionalDays = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()))
  .pipe(z.coerce.number<string | undefined>().int("must be a whole number of days").min(1, "must be at least 1 day").max(36_500).optional());

/** The only module that reads process.env. Every default is safe, so `npm start` works with nothing set. */
const envSchema = z.object({
  /** postgres://… or postgresql://…: store everything in PostgreSQL instead of the SQLite file. */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()))
    .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), "must start with postgres:// or postgresql://"),
  /** PostgreSQL connections each app instance keeps open. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL: a statement running longer than this is cancelled (the request answers 503). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
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
  /**
   * Which reverse proxies' X-Forwarded-For to believe, for the client address that sign-in limits
   * count by: unset/false = none (the socket's address), a number N = the N nearest hops
   * (`true` = 1), or a list of proxy addresses/CIDRs (`10.0.0.0/8, 192.0.2.7`).
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, context): TrustedProxies => {
      const trimmed = (value ?? "").trim().toLowerCase();
      if (trimmed === "" || trimmed === "false" || trimmed === "0") return { kind: "none" };
      if (trimmed === "true") return { kind: "hops", hops: 1 };
      if (/^\d+$/.test(trimmed)) return { kind: "hops", hops: Math.min(Number(trimmed), 32) };
      const list = trimmed.split(",").map((entry) => entry.trim()).filter(Boolean);
      const invalid = list.filter((entry) => !isAddressOrCidr(entry));
      if (invalid.length) {
        context.addIssue({ code: "custom", message: `must be false, a number of hops, or a list of IP addresses/CIDRs; not ${invalid.join(", ")}` });
        return z.NEVER;
      }
      return { kind: "list", list };
    }),
  /** Enables the benchmark's floor route and page (/api/bench/floor, /bench/floor); never set in production. */
  BENCH_FLOOR: z
    .enum(["1", "0", ""])
    .optional()
    .transform((value) => value === "1"),
  /** How long an agent stays signed in, in hours. */
  SESSION_HOURS: z.coerce.number().min(0.1).max(24 * 90).default(12),
  /** Shares received more than this many days ago are deleted (as a deletion would) by the hourly purge; unset keeps them. */
  RETENTION_DAYS: optionalDays,
  /** Callback bodies received more than this many days ago are cleared (the log entries stay); unset keeps them. */
  RAW_BODY_RETENTION_DAYS: optionalDays,
  /** Audit entries and deletion tombstones are kept this many days. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(36_500).default(365),
});

export type Env = z.infer<typeof envSchema>;

export type TrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; list: string[] };

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, extra] = entry.split("/");
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

function readEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

export const env = readEnv();
