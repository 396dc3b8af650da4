import type { AuditEvent, NewAuditEvent } from "@/lib/model/audit";
import { jsonWithoutNul } from "@/lib/model/nul";
import type { Store } from "@/lib/model/store";

/** Appends one entry to the audit trail, stamped now unless the caller knows better. */
export function recordAudit(store: Pick<Store, "appendAuditEvent">, event: Omit<NewAuditEvent, "at"> & { at?: Date }): Promise<AuditEvent> {
  // Details quote input (an e-mail tried at sign-in, an export's filters): no NUL, as everywhere (lib/model/nul.ts).
  return store.appendAuditEvent({ ...event, details: jsonWithoutNul(event.details) as NewAuditEvent["details"], at: event.at ?? new Date() });
}
