import "server-only";
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { actorColumnsOf, auditTimeRangeOf } from "@/lib/model/audit";
import type { AuditStore } from "@/lib/model/store";
import type { PostgresDb } from "./client";
import { guardedPg } from "./guarded";
import { auditEvents } from "./schema";

/** The audit trail on PostgreSQL (see the SQLite store). */
export function postgresAuditStore(db: PostgresDb): AuditStore {
  const pool = db.$client;
  return {
    async appendAuditEvent(event) {
      return guardedPg(async () => {
        const [row] = await db
          .insert(auditEvents)
          .values({ at: event.at, ...actorColumnsOf(event.actor), clientAddress: event.clientAddress, action: event.action, details: event.details })
          .returning();
        return row!;
      });
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
      return guardedPg(() => db.select().from(auditEvents).where(and(...conditions)).orderBy(desc(auditEvents.id)).limit(params.limit));
    },

    async deleteAuditEventsBefore(params) {
      return guardedPg(
        async () => (await pool.query("delete from audit_events where id in (select id from audit_events where at < $1 order by at limit $2)", [params.before, params.limit])).rowCount ?? 0,
      );
    },
  };
}
