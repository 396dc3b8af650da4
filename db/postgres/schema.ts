import { sql } from "drizzle-orm";
import { bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { StoredAddress, StoredEmail, StoredPhone, StoredUrl } from "../../lib/model/contact-share";
import type { AuditAction, AuditActorType, AuditDetails } from "../../lib/model/audit";
import type { CallbackOutcome } from "../../lib/model/callback-log";
import type { CallbackRedaction } from "../../lib/model/lifecycle";
import type { Facet } from "../../lib/model/share-facets";
import type { CampaignField, CampaignPeopleKind } from "../../lib/model/campaign-counters";

/*
 * The PostgreSQL engine's tables: the same names, columns and meaning as db/sqlite/schema.ts.
 * Differences, each for a reason: times are timestamptz; lists are jsonb; text that is sorted is
 * compared byte by byte (COLLATE "C", set in migration 0001) so orders match SQLite's; counters
 * that every write touches are split into shards so concurrent writers do not queue on one row;
 * search uses pg_trgm (migration 0001), and a callback is stored by one function call (0002).
 */
const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
const time = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/** Every request to the callback endpoint, verbatim, with what became of it. */
export const callbacks = pgTable(
  "callbacks",
  {
    id: id(),
    receivedAt: time("received_at").notNull(),
    envelope: text("envelope").$type<"kaleyra" | "meta">(),
    outcome: text("outcome").$type<CallbackOutcome>().notNull(),
    reason: text("reason"),
    httpStatus: integer("http_status").notNull(),
    sharesStored: integer("shares_stored").notNull().default(0),
    contentType: text("content_type"),
    bodyBytes: integer("body_bytes").notNull(),
    rawBody: text("raw_body"),
    durationMs: integer("duration_ms").notNull().default(0),
    reprocessedFrom: bigint("reprocessed_from", { mode: "number" }),
    redaction: text("redaction").$type<CallbackRedaction>(),
    redactedAt: time("redacted_at"),
  },
  (table) => [
    index("callbacks_outcome_received_at_idx").on(table.outcome, table.receivedAt),
    index("callbacks_kept_body_received_at_idx").on(table.receivedAt).where(sql`${table.rawBody} is not null`),
  ],
);

/** One row per shared contact card, message fields alongside (as in SQLite). */
export const contactShares = pgTable(
  "contact_shares",
  {
    id: id(),
    callbackId: bigint("callback_id", { mode: "number" }).notNull(),
    messageId: text("message_id").notNull(),
    position: integer("position").notNull(),
    sortAt: time("sort_at").notNull(),
    sentAt: time("sent_at"),
    receivedAt: time("received_at").notNull(),
    formattedName: text("formatted_name"),
    firstName: text("first_name"),
    middleName: text("middle_name"),
    lastName: text("last_name"),
    namePrefix: text("name_prefix"),
    nameSuffix: text("name_suffix"),
    sortName: text("sort_name").notNull(),
    sortPhone: text("sort_phone").notNull(),
    phones: jsonb("phones").$type<StoredPhone[]>().notNull(),
    emails: jsonb("emails").$type<StoredEmail[]>().notNull(),
    addresses: jsonb("addresses").$type<StoredAddress[]>().notNull(),
    urls: jsonb("urls").$type<StoredUrl[]>().notNull(),
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
    // Also `change_xid xid8 not null default pg_current_xact_id()` with an index, added by hand in
    // migration 0006_carddav and left out here so that card rows stay the same on both engines:
    // the inserting transaction's id, over which CardDAV's sync tokens are commit-ordered cursors
    // (db/postgres/carddav.ts), because identity ids are handed out before commit.
  },
  (table) => [
    uniqueIndex("contact_shares_message_id_position_idx").on(table.messageId, table.position),
    index("contact_shares_sort_at_idx").on(table.sortAt, table.id),
    index("contact_shares_sort_name_idx").on(table.sortName, table.id),
    index("contact_shares_sort_phone_idx").on(table.sortPhone, table.id),
    // SQLite puts NULL first ascending; these indexes are ordered the same way so the sorts match (and use them).
    index("contact_shares_sender_profile_name_sort_at_idx").on(sql`${table.senderProfileName} asc nulls first`, sql`${table.sortAt} desc`),
    index("contact_shares_ref1_sort_at_idx").on(sql`${table.ref1} asc nulls first`, sql`${table.sortAt} desc`),
    index("contact_shares_received_at_idx").on(table.receivedAt),
  ],
);

/** Log entries whose body holds a card another entry stored (a redelivery); see db/sqlite/schema.ts. */
export const redeliveredMessages = pgTable(
  "redelivered_messages",
  {
    messageId: text("message_id").notNull(),
    callbackId: bigint("callback_id", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.callbackId] })],
);

/** PostgreSQL's 64-bit transaction id: what a CardDAV sync token can be built on. */
/**
 * One row per deleted share (see db/sqlite/schema.ts), plus the deleting transaction's id: ids
 * from an identity column are handed out before commit, so a reader that remembers "the last id I
 * saw" can miss a row committed later with a smaller id; pg_snapshot_xmin of its snapshot cannot.
 */
export const shareTombstones = pgTable(
  "share_tombstones",
  {
    id: id(),
    shareId: bigint("share_id", { mode: "number" }).notNull(),
    messageId: text("message_id").notNull(),
    position: integer("position").notNull(),
    ref: text("ref"),
    ref1: text("ref1"),
    ref2: text("ref2"),
    deletedAt: time("deleted_at").notNull(),
    changeXid: xid8("change_xid").notNull().default(sql`pg_current_xact_id()`),
  },
  (table) => [
    index("share_tombstones_deleted_at_idx").on(table.deletedAt),
    index("share_tombstones_message_id_position_idx").on(table.messageId, table.position),
    index("share_tombstones_change_xid_idx").on(table.changeXid),
  ],
);

/** The audit trail: append-only (triggers in migration 0004 refuse updates and early deletes). */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    at: time("at").notNull(),
    actorType: text("actor_type").$type<AuditActorType>().notNull(),
    actorId: bigint("actor_id", { mode: "number" }),
    actorName: text("actor_name"),
    clientAddress: text("client_address"),
    action: text("action").$type<AuditAction>().notNull(),
    details: jsonb("details").$type<AuditDetails>().notNull(),
  },
  (table) => [
    index("audit_events_at_idx").on(table.at),
    index("audit_events_action_id_idx").on(table.action, table.id),
    index("audit_events_actor_type_actor_id_id_idx").on(table.actorType, table.actorId, table.id),
  ],
);

/** What `q` searches for each card, case-folded (a trigram GIN index on it: migration 0001). */
export const contactSearchText = pgTable("contact_search_text", {
  shareId: bigint("share_id", { mode: "number" }).primaryKey(),
  text: text("text").notNull(),
});

/** One row per card and filter value, ordered for the inbox (see db/sqlite/schema.ts). */
export const shareFacets = pgTable(
  "share_facets",
  {
    facet: text("facet").$type<"campaign" | "sender" | "business" | "waba" | "person">().notNull(),
    value: text("value").notNull(),
    sortAt: time("sort_at").notNull(),
    shareId: bigint("share_id", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.facet, table.value, table.sortAt, table.shareId] })],
);

/** Cards per UTC day (days since 1970-01-01), in shards: the total of a day is the sum of its shards. */
export const dailyCounts = pgTable(
  "daily_counts",
  {
    day: integer("day").notNull(),
    shard: smallint("shard").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.day, table.shard] })],
);

/** Cards per campaign ref, sender and business number, in shards for the values every write touches. */
export const facetCounts = pgTable(
  "facet_counts",
  {
    facet: text("facet").$type<Facet>().notNull(),
    value: text("value").notNull(),
    shard: smallint("shard").notNull(),
    label: text("label"),
    count: bigint("count", { mode: "number" }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.facet, table.value, table.shard] }), index("facet_counts_facet_count_idx").on(table.facet, table.count)],
);

/** Shares per campaign field, UTC day and value, in shards (today's row of a running campaign is hot); see db/sqlite/schema.ts. */
export const campaignDailyCounts = pgTable(
  "campaign_daily_counts",
  {
    field: text("field").$type<CampaignField>().notNull(),
    day: integer("day").notNull(),
    value: text("value").notNull(),
    shard: smallint("shard").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.field, table.day, table.value, table.shard] })],
);

/** The days each sender and contact was shared under each campaign value (personal: not sharded, a row at zero goes); see db/sqlite/schema.ts. */
export const campaignKeyDays = pgTable(
  "campaign_key_days",
  {
    field: text("field").$type<CampaignField>().notNull(),
    kind: text("kind").$type<CampaignPeopleKind>().notNull(),
    value: text("value").notNull(),
    key: text("key").notNull(),
    day: integer("day").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.kind, table.field, table.value, table.day] })],
);

/** Keys per day by the day they were last shared before, in shards (numbers only); see db/sqlite/schema.ts. */
export const campaignKeyFirsts = pgTable(
  "campaign_key_firsts",
  {
    field: text("field").$type<CampaignField>().notNull(),
    kind: text("kind").$type<CampaignPeopleKind>().notNull(),
    value: text("value").notNull(),
    far: smallint("far").notNull(),
    day: integer("day").notNull(),
    prevDay: integer("prev_day").notNull(),
    shard: smallint("shard").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.field, table.kind, table.value, table.far, table.day, table.prevDay, table.shard] }),
    // The far links that start inside a range, which the campaign people count takes back (migration 0008; it also includes count).
    index("campaign_key_firsts_far_prev_day_idx").on(table.field, table.kind, table.value, table.prevDay, table.day).where(sql`far = 1`),
  ],
);

/**
 * campaign_key_firsts summed per day, for PostgreSQL's people count (PostgreSQL only, kept by
 * campaign_key_link() and rebuilt from campaign_key_firsts by campaign_key_reach_rebuild(); migration
 * 0008): reach[k] (k = 1…32) counts the keys on `day` whose previous day lies at least k days back
 * (32: more than 31 days back, or none). A count over [from, to] then reads one element per day
 * instead of every link: see db/postgres/campaigns.ts. In shards, like the links.
 */
export const campaignKeyReach = pgTable(
  "campaign_key_reach",
  {
    field: text("field").$type<CampaignField>().notNull(),
    kind: text("kind").$type<CampaignPeopleKind>().notNull(),
    value: text("value").notNull(),
    day: integer("day").notNull(),
    shard: smallint("shard").notNull(),
    reach: integer("reach").array().notNull(),
  },
  (table) => [primaryKey({ columns: [table.field, table.kind, table.value, table.day, table.shard] })],
);

export const agents = pgTable(
  "agents",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash").notNull(),
    isAdmin: boolean("is_admin").notNull().default(false),
    disabledAt: time("disabled_at"),
    createdAt: time("created_at").notNull(),
  },
  (table) => [uniqueIndex("agents_email_idx").on(table.email)],
);

export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    agentId: bigint("agent_id", { mode: "number" }).notNull(),
    createdAt: time("created_at").notNull(),
    expiresAt: time("expires_at").notNull(),
  },
  (table) => [index("sessions_agent_id_idx").on(table.agentId), index("sessions_expires_at_idx").on(table.expiresAt)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdBy: bigint("created_by", { mode: "number" }),
    createdAt: time("created_at").notNull(),
    lastUsedAt: time("last_used_at"),
    revokedAt: time("revoked_at"),
    expiresAt: time("expires_at"),
  },
  (table) => [uniqueIndex("api_tokens_token_hash_idx").on(table.tokenHash)],
);

/** Passwords for CardDAV clients, one agent each: shown once, only a SHA-256 of the secret is stored, revocable. */
export const appPasswords = pgTable(
  "app_passwords",
  {
    id: id(),
    agentId: bigint("agent_id", { mode: "number" }).notNull(),
    name: text("name").notNull(),
    secretHash: text("secret_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: time("created_at").notNull(),
    lastUsedAt: time("last_used_at"),
    revokedAt: time("revoked_at"),
  },
  (table) => [uniqueIndex("app_passwords_secret_hash_idx").on(table.secretHash), index("app_passwords_agent_id_idx").on(table.agentId)],
);

export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: id(),
    key: text("key").notNull(),
    at: time("at").notNull(),
  },
  (table) => [index("sign_in_failures_key_at_idx").on(table.key, table.at)],
);

/** Every 1–2 character fragment of any card's search text (see db/sqlite/schema.ts). */
export const searchFragments = pgTable("search_fragments", {
  fragment: text("fragment").primaryKey(),
  cards: integer("cards").notNull().default(0),
  common: boolean("common").notNull().default(false),
});

/** The cards holding each rare fragment (see db/sqlite/schema.ts). */
export const searchFragmentCards = pgTable(
  "search_fragment_cards",
  {
    fragment: text("fragment").notNull(),
    shareId: bigint("share_id", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.fragment, table.shareId] }), index("search_fragment_cards_share_id_idx").on(table.shareId)],
);

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** The benchmark's ingest floor writes here (one row per request); nothing else reads it. */
export const benchFloor = pgTable("bench_floor", {
  messageId: text("message_id").primaryKey(),
  body: text("body").notNull(),
});
