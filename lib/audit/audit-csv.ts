import { defuseFormulas, toCsvLine } from "@/lib/contacts/csv-cells";
import type { AuditEvent } from "@/lib/model/audit";

/** The audit trail as CSV: one line per entry, details as JSON; every cell a spreadsheet could run is defused (a failed sign-in's email is typed by anyone). */
export function auditCsvHeader(): string {
  return toCsvLine(["id", "time (UTC)", "actor type", "actor id", "actor", "client address", "action", "details"]);
}

export function auditCsvRow(event: AuditEvent): string {
  return toCsvLine(
    [String(event.id), event.at.toISOString(), event.actorType, event.actorId === null ? "" : String(event.actorId), event.actorName ?? "", event.clientAddress ?? "", event.action, JSON.stringify(event.details)].map((cell) =>
      defuseFormulas(cell),
    ),
  );
}
