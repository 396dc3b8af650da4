import "server-only";
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { actorColumnsOf, auditTimeRangeOf, type AuditEvent } from "@/lib/model/audit";
import type { AuditStore } from "@/lib/model/store";
import type { SqliteDb } from "./client";
import { auditEvents } from "./schema";
import { guarded } from "./storage-errors";

/** The audit trail on one SQLite connection: appended to, read newest first, cut by retention only. */
export function sqliteAuditStore(db: SqliteDb): AuditStore {
  return {
    async appendAuditEvent(event) {
      return guarded(
        () =>
          db
            .insert(auditEvents)
            .values({ at: event.at, ...actorColumnsOf(event.actor), clientAddress: event.clientAddress, action: event.action, details: event.details })
            .returning()
            .get() as AuditEvent,
      );
    },

    async listAuditEvents(params) {
      const { from, to } = auditTimeRangeOf(params);
      const conditions = [
        params.actorType ? eq(auditEvents.actorType, params.actorType) : undefined,
        params.actorId !== undefined ? eq(auditEvents.actorId, params.actorId) : undefined,
        params.action ? eq(auditEvents.action, params.action) : undefined,
        from ? gte(auditEvents.at, from) : undefined,
        to ? lt(auditEvents.at, to) : undefined,
        params.before ? lt(auditEvents.id, params.before) : undefined,
      ];
      return guarded(() => db.select().from(auditEvents).where(and(...conditions)).orderBy(desc(auditEvents.id)).limit(params.limit).all() as AuditEvent[]);
    },

    async deleteAuditEventsBefore(params) {
      return guarded(
        () => db.run(sql`delete from audit_events where id in (select id from audit_events where at < ${params.before.getTime()} order by at limit ${params.limit})`).changes,
      );
    },
  };
}
