/**
 * The audit trail: an append-only record of who did what, when and from where. Entries are never
 * changed; the only deletion is the retention purge (AUDIT_RETENTION_DAYS).
 */

/** Every action the trail records, with a stable code (what the filter and the CSV carry). */
export const auditActions = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.lockout",
  "auth.sign_out",
  "auth.sign_out_others",
  "agent.setup",
  "agent.add",
  "agent.disable",
  "agent.enable",
  "agent.password_reset",
  "agent.password_change",
  "token.create",
  "token.revoke",
  "contacts.export",
  "contact.vcard",
  "contact.delete",
  "person.erase",
  "retention.purge",
  "callback.reprocess",
  "audit.export",
  "app_password.create",
  "app_password.revoke",
  "carddav.sign_in_failed",
  "carddav.lockout",
] as const;
export type AuditAction = (typeof auditActions)[number];

/** What each action is called on the page. */
export const auditActionLabels: Record<AuditAction, string> = {
  "auth.sign_in": "signed in",
  "auth.sign_in_failed": "failed sign-in",
  "auth.lockout": "locked out (too many failed sign-ins)",
  "auth.sign_out": "signed out",
  "auth.sign_out_others": "signed out their other browsers",
  "agent.setup": "created the first admin (setup)",
  "agent.add": "added an agent",
  "agent.disable": "disabled an agent",
  "agent.enable": "enabled an agent",
  "agent.password_reset": "reset a password",
  "agent.password_change": "changed their own password",
  "token.create": "created an API token",
  "token.revoke": "revoked an API token",
  "contacts.export": "exported contacts",
  "contact.vcard": "downloaded a vCard",
  "contact.delete": "deleted a contact",
  "person.erase": "erased a person",
  "retention.purge": "retention purge",
  "callback.reprocess": "re-processed a callback",
  "audit.export": "exported the audit trail",
  "app_password.create": "created an app password (CardDAV)",
  "app_password.revoke": "revoked an app password (CardDAV)",
  "carddav.sign_in_failed": "failed CardDAV sign-in",
  "carddav.lockout": "locked out (too many failed CardDAV sign-ins)",
};

export const auditActorTypes = ["agent", "token", "system", "cli", "anonymous"] as const;
export type AuditActorType = (typeof auditActorTypes)[number];

/**
 * Who acted: a signed-in agent (id + email), an API token (id + name), the server itself (the
 * scheduled purge), the command line, or nobody known (a failed sign-in).
 */
export type AuditActor =
  | { type: "agent"; id: number; name: string }
  | { type: "token"; id: number; name: string }
  | { type: "system" }
  | { type: "cli" }
  | { type: "anonymous" };

/** What is known about one thing that happened; `details` holds ids, counts and filters, never a deleted person's data. */
export type AuditDetails = Record<string, string | number | boolean | null | Record<string, string | number | boolean | null>>;

export type NewAuditEvent = {
  at: Date;
  actor: AuditActor;
  /** The client's address (lib/auth/client-address.ts); null for the command line and the server itself. */
  clientAddress: string | null;
  action: AuditAction;
  details: AuditDetails;
};

export type AuditEvent = {
  id: number;
  at: Date;
  actorType: AuditActorType;
  actorId: number | null;
  actorName: string | null;
  clientAddress: string | null;
  action: AuditAction;
  details: AuditDetails;
};

/** Filters of the audit page and its CSV export; dates are YYYY-MM-DD, UTC, inclusive. */
export type AuditFilterSet = {
  actorType?: AuditActorType;
  actorId?: number;
  action?: AuditAction;
  from?: string;
  to?: string;
};

export type ListAuditEventsParams = AuditFilterSet & { before?: number; limit: number };

/** The columns an actor is stored as. */
export function actorColumnsOf(actor: AuditActor): { actorType: AuditActorType; actorId: number | null; actorName: string | null } {
  switch (actor.type) {
    case "agent":
    case "token":
      return { actorType: actor.type, actorId: actor.id, actorName: actor.name };
    default:
      return { actorType: actor.type, actorId: null, actorName: null };
  }
}

/** The [from, to) times of a date filter: `to` is inclusive, so its end is the next midnight. */
export function auditTimeRangeOf(filters: AuditFilterSet): { from: Date | null; to: Date | null } {
  return {
    from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : null,
    to: filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000) : null,
  };
}
