import type { AuditEvent, NewAuditEvent } from "@/lib/model/audit";
import type { Store } from "@/lib/model/store";

/** Appends one entry to the audit trail, stamped now unless the caller knows better. */
export function recordAudit(store: Pick<Store, "appendAuditEvent">, event: Omit<NewAuditEvent, "at"> & { at?: Date }): Promise<AuditEvent> {
  return store.appendAuditEvent({ ...event, at: event.at ?? new Date() });
}
