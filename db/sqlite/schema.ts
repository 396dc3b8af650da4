import { sql } from "drizzle-orm";
import { customType, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { StoredAddress, StoredEmail, StoredPhone, StoredUrl } from "../../lib/model/contact-share";
import { callbackOutcomes } from "../../lib/model/callback-log";
import { auditActions, auditActorTypes, type AuditDetails } from "../../lib/model/audit";
import { callbackRedactions } from "../../lib/model/lifecycle";
import { counterFacets } from "../../lib/model/share-facets";
import { campaignFields, campaignPeopleKinds } from "../../lib/model/campaign-counters";
import { decodeStoredBody, encodeStoredBody } from "./stored-body";

/** A callback body: the exact text to the code, compressed in the file when that is smaller (see stored-body.ts). */
const storedBody = customType<{ data: string; driverData: Buffer | string }>({
  dataType: () => "text",
  toDriver: encodeStoredBody,
  fromDriver: (stored) => decodeStoredBody(stored)!,
});

/** Every request to the callback endpoint, verbatim, with what became of it. */
export const callbacks = sqliteTable(
  "callbacks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
    /** Which envelope the body was read as: kaleyra, meta, or null when it could not be told. */
    envelope: text("envelope", { enum: ["kaleyra", "meta"] }),
    outcome: text("outcome", { enum: callbackOutcomes }).notNull(),
    reason: text("reason"),
    httpStatus: integer("http_status").notNull(),
    sharesStored: integer("shares_stored").notNull().default(0),
    contentType: text("content_type"),
    bodyBytes: integer("body_bytes").notNull(),
    /** The body exactly as received (UTF-8 text, stored compressed); null when too large to keep or removed. */
    rawBody: storedBody("raw_body"),
    durationMs: integer("duration_ms").notNull().default(0),
    reprocessedFrom: integer("reprocessed_from"),
    /** Set when the body was changed after arrival: cards removed or body dropped after a deletion, or cleared by retention. */
    redaction: text("redaction", { enum: callbackRedactions }),
    redactedAt: integer("redacted_at", { mode: "timestamp_ms" }),
  },
  (table) => [
    index("callbacks_outcome_received_at_idx").on(table.outcome, table.receivedAt),
    // The bodies still kept, by age: the raw-body retention purge reads only those, never the ones it already cleared.
    index("callbacks_kept_body_received_at_idx").on(table.receivedAt).where(sql`${table.rawBody} is not null`),
  ],
);

/**
 * One row per shared contact card. Message-level fields are stored on each card: almost every
 * message carries one card, and keeping them together lets every filter use one index.
 */
export const contactShares = sqliteTable(
  "contact_shares",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    callbackId: integer("callback_id").notNull(),
    messageId: text("message_id").notNull(),
    /** Position of the card within its message: message id + position identifies a card. */
    position: integer("position").notNull(),
    /** Message time when usable, else received time: the order of the inbox. */
    sortAt: integer("sort_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
    formattedName: text("formatted_name"),
    firstName: text("first_name"),
    middleName: text("middle_name"),
    lastName: text("last_name"),
    namePrefix: text("name_prefix"),
    nameSuffix: text("name_suffix"),
    /** Lower-cased display name, for sort=name. */
    sortName: text("sort_name").notNull(),
    /** Digits of the first phone, for sorting the table by phone. */
    sortPhone: text("sort_phone").notNull(),
    phones: text("phones", { mode: "json" }).$type<StoredPhone[]>().notNull(),
    emails: text("emails", { mode: "json" }).$type<StoredEmail[]>().notNull(),
    addresses: text("addresses", { mode: "json" }).$type<StoredAddress[]>().notNull(),
    urls: text("urls", { mode: "json" }).$type<StoredUrl[]>().notNull(),
    orgCompany: text("org_company"),
    orgDepartment: text("org_department"),
    orgTitle: text("org_title"),
    birthday: text("birthday"),
    senderWaId: text("sender_wa_id"),
    senderUserId: text("sender_user_id"),
    senderProfileName: text("sender_profile_name"),
    businessPhoneNumber: text("business_phone_number"),
    businessPhoneNumberId: text("business_phone_number_id"),
    wabaId: text("waba_id"),
    ref: text("ref"),
    ref1: text("ref1"),
    ref2: text("ref2"),
    contextId: text("context_id"),
    replyTo: text("reply_to"),
    traceId: text("trace_id"),
    mediaUrl: text("media_url"),
  },
  (table) => [
    uniqueIndex("contact_shares_message_id_position_idx").on(table.messageId, table.position),
    index("contact_shares_sort_at_idx").on(table.sortAt, table.id),
    index("contact_shares_sort_name_idx").on(table.sortName, table.id),
    index("contact_shares_sort_phone_idx").on(table.sortPhone, table.id),
    // The table view's sender and campaign columns sort by these, newest first within each value.
    index("contact_shares_sender_profile_name_sort_at_idx").on(table.senderProfileName, sql`${table.sortAt} desc`),
    index("contact_shares_ref1_sort_at_idx").on(table.ref1, sql`${table.sortAt} desc`),
    // The retention purge takes the oldest arrivals first.
    index("contact_shares_received_at_idx").on(table.receivedAt),
  ],
);

/**
 * Log entries whose body holds a card another entry stored (a redelivery): when the card is
 * deleted, these bodies are redacted too. Written only when a card turns out to be stored already.
 */
export const redeliveredMessages = sqliteTable(
  "redelivered_messages",
  {
    messageId: text("message_id").notNull(),
    callbackId: integer("callback_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.callbackId] })],
);

/** One row per deleted share, so a client syncing later (CardDAV) learns it is gone. Ids and campaign values only. */
export const shareTombstones = sqliteTable(
  "share_tombstones",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shareId: integer("share_id").notNull(),
    messageId: text("message_id").notNull(),
    position: integer("position").notNull(),
    ref: text("ref"),
    ref1: text("ref1"),
    ref2: text("ref2"),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("share_tombstones_deleted_at_idx").on(table.deletedAt), index("share_tombstones_message_id_position_idx").on(table.messageId, table.position)],
);

/** The audit trail: append-only (triggers refuse updates, and deleting entries younger than a day; see migration 0004). */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorType: text("actor_type", { enum: auditActorTypes }).notNull(),
    actorId: integer("actor_id"),
    /** The agent's email or the token's name at the time. */
    actorName: text("actor_name"),
    clientAddress: text("client_address"),
    action: text("action", { enum: auditActions }).notNull(),
    details: text("details", { mode: "json" }).$type<AuditDetails>().notNull(),
  },
  (table) => [
    index("audit_events_at_idx").on(table.at),
    index("audit_events_action_id_idx").on(table.action, table.id),
    index("audit_events_actor_type_actor_id_id_idx").on(table.actorType, table.actorId, table.id),
  ],
);

/**
 * What `q` searches for each card: lower-cased names, emails, org and phone digits. A narrow table
 * of its own, so that the FTS5 trigram index (which reads it as external content) and the scan
 * for 1–2 character fragments touch only this text, never the wide card rows.
 */
export const contactSearchText = sqliteTable("contact_search_text", {
  shareId: integer("share_id").primaryKey(),
  text: text("text").notNull(),
});

/**
 * One row per card and filter value, ordered for the inbox, so that a filter is one range of this
 * key read newest first, however many cards there are: campaign (each distinct value of ref, ref1
 * and ref2), sender (wa_id, else user id), business (display number and phone_number_id), waba. WITHOUT ROWID (see the
 * migration): the key is the row.
 */
export const shareFacets = sqliteTable(
  "share_facets",
  {
    facet: text("facet", { enum: ["campaign", "sender", "business", "waba", "person"] }).notNull(),
    value: text("value").notNull(),
    sortAt: integer("sort_at").notNull(),
    shareId: integer("share_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.facet, table.value, table.sortAt, table.shareId] })],
);

/** Cards per UTC day (days since 1970-01-01) of their sort time: a date-range count adds at most a few hundred numbers. */
export const dailyCounts = sqliteTable("daily_counts", {
  day: integer("day").primaryKey(),
  count: integer("count").notNull(),
});

/**
 * How many cards carry each campaign ref, sender and business number, kept up to date on write so
 * the filter lists never scan the shares. `label` is a display name (the sender's latest profile name).
 */
export const facetCounts = sqliteTable(
  "facet_counts",
  {
    /** `all` (value "") counts every card; `campaign` counts a card once even when two refs hold the same value. */
    facet: text("facet", { enum: counterFacets }).notNull(),
    value: text("value").notNull(),
    label: text("label"),
    count: integer("count").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.facet, table.value] }), index("facet_counts_facet_count_idx").on(table.facet, table.count)],
);

/**
 * Shares per campaign field, UTC day (of the sort time, as daily_counts) and value, kept on write;
 * value "" counts the cards with no value in that field. Field `campaign` is "any ref" (a card
 * counts once per distinct value). The campaign page's series and share totals add these up.
 */
export const campaignDailyCounts = sqliteTable(
  "campaign_daily_counts",
  {
    field: text("field", { enum: campaignFields }).notNull(),
    day: integer("day").notNull(),
    value: text("value").notNull(),
    count: integer("count").notNull(),
  },
  (table) => [primaryKey({ columns: [table.field, table.day, table.value] })],
);

/**
 * The days each sender and contact (see contactKeyOf) was shared under each campaign value, with
 * how many shares: what keeps campaign_key_firsts exact when a card is added or deleted. Personal
 * data: a row goes when its last share does. WITHOUT ROWID (see the migration).
 */
export const campaignKeyDays = sqliteTable(
  "campaign_key_days",
  {
    field: text("field", { enum: campaignFields }).notNull(),
    kind: text("kind", { enum: campaignPeopleKinds }).notNull(),
    value: text("value").notNull(),
    key: text("key").notNull(),
    day: integer("day").notNull(),
    count: integer("count").notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.kind, table.field, table.value, table.day] })],
);

/**
 * For distinct senders and contacts over any range of days without reading the cards: how many
 * keys had a share on `day` whose previous day with a share (same field, value, key) was
 * `prev_day` (noPreviousDay when none). Keys in [from, to] = sum over days in range with
 * prev_day < from. No key is stored here, only numbers. WITHOUT ROWID (see the migration).
 */
export const campaignKeyFirsts = sqliteTable(
  "campaign_key_firsts",
  {
    field: text("field", { enum: campaignFields }).notNull(),
    kind: text("kind", { enum: campaignPeopleKinds }).notNull(),
    value: text("value").notNull(),
    /** 1 when prev_day is more than nearLinkDays back (or none): see lib/model/campaign-counters.ts. */
    far: integer("far").notNull(),
    day: integer("day").notNull(),
    prevDay: integer("prev_day").notNull(),
    count: integer("count").notNull(),
  },
  // By value, then day: the page reads one range per campaign value (no temporary b-tree to group by value).
  (table) => [primaryKey({ columns: [table.field, table.kind, table.value, table.far, table.day, table.prevDay] })],
);

/** Support agents who sign in to the dashboard. Passwords are Argon2id hashes. */
export const agents = sqliteTable(
  "agents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Lower-cased: sign-in is case-insensitive on the email. */
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash").notNull(),
    isAdmin: integer("is_admin", { mode: "boolean" }).notNull().default(false),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [uniqueIndex("agents_email_idx").on(table.email)],
);

/** Server-side sessions: the cookie holds a random token; only its SHA-256 is stored, so a leaked database holds no live session. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    agentId: integer("agent_id").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("sessions_agent_id_idx").on(table.agentId), index("sessions_expires_at_idx").on(table.expiresAt)],
);

/** Bearer tokens for API clients: shown once, stored hashed, revocable. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, so an admin can tell tokens apart. */
    prefix: text("prefix").notNull(),
    createdBy: integer("created_by"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    /** Null: the token does not expire. */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
  },
  (table) => [uniqueIndex("api_tokens_token_hash_idx").on(table.tokenHash)],
);

/** Passwords for CardDAV clients, one agent each: shown once, only a SHA-256 of the secret is stored, revocable. */
export const appPasswords = sqliteTable(
  "app_passwords",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    agentId: integer("agent_id").notNull(),
    name: text("name").notNull(),
    secretHash: text("secret_hash").notNull(),
    /** The first characters of the password, so the agent can tell them apart. */
    prefix: text("prefix").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (table) => [uniqueIndex("app_passwords_secret_hash_idx").on(table.secretHash), index("app_passwords_agent_id_idx").on(table.agentId)],
);

/** Failed sign-ins, by account ("email:…") and by client address ("ip:…"), for slowing down and locking out guessing. */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("sign_in_failures_key_at_idx").on(table.key, table.at)],
);

/**
 * Every fragment of one or two characters found in any card's search text (a vocabulary, no link to
 * any card), kept by a catch-up behind the newest cards (lib/search/search-fragments.ts): a 1–2
 * character `q` that is in no card is answered without scanning every text.
 */
export const searchFragments = sqliteTable("search_fragments", {
  fragment: text("fragment").primaryKey(),
  /** How many cards it was recorded for (deleted ones included). */
  cards: integer("cards").notNull().default(0),
  /** Held by more than the catch-up's maxCards cards: its cards are no longer listed (see lib/model/search-fragments.ts). */
  common: integer("common", { mode: "boolean" }).notNull().default(false),
});

/** The cards holding each rare fragment (search_fragments.common false), up to the vocabulary's cursor. */
export const searchFragmentCards = sqliteTable(
  "search_fragment_cards",
  {
    fragment: text("fragment").notNull(),
    shareId: integer("share_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.fragment, table.shareId] }), index("search_fragment_cards_share_id_idx").on(table.shareId)],
);

/** Small server-wide values, e.g. the hash of the one-time setup code. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

