import { env } from "@/lib/env";
import type { RetentionPolicy } from "./purge";

/** The retention the configuration asks for (RETENTION_DAYS, RAW_BODY_RETENTION_DAYS, AUDIT_RETENTION_DAYS). */
export function configuredRetention(): RetentionPolicy {
  return { shareDays: env.RETENTION_DAYS ?? null, rawBodyDays: env.RAW_BODY_RETENTION_DAYS ?? null, auditDays: env.AUDIT_RETENTION_DAYS };
}
