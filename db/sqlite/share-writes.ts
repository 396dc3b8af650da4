import "server-only";
import type Database from "better-sqlite3";
import type { NewContactShare } from "@/lib/model/contact-share";
import { counterKeysOf, dayOf, shareFacetsOf } from "@/lib/model/share-facets";
import { countCampaignShare } from "./campaign-counters";

/**
 * The ingest hot path, as prepared statements compiled once per connection: a callback writes a
 * dozen rows (the card, its search text, its facet rows, its counters), and building each through
 * the query builder would cost more than the framework's own work per request.
 */
type ShareStatements = ReturnType<typeof prepareShareStatements>;

const statementsByConnection = new WeakMap<Database.Database, ShareStatements>();

function statementsFor(sqlite: Database.Database): ShareStatements {
  let statements = statementsByConnection.get(sqlite);
  if (!statements) {
    statements = prepareShareStatements(sqlite);
    statementsByConnection.set(sqlite, statements);
  }
  return statements;
}

const shareColumns = [
  "callback_id", "message_id", "position", "sort_at", "sent_at", "received_at",
  "formatted_name", "first_name", "middle_name", "last_name", "name_prefix", "name_suffix", "sort_name", "sort_phone",
  "phones", "emails", "addresses", "urls", "org_company", "org_department", "org_title", "birthday",
  "sender_wa_id", "sender_user_id", "sender_profile_name", "business_phone_number", "business_phone_number_id", "waba_id",
  "ref", "ref1", "ref2", "context_id", "reply_to", "trace_id", "media_url",
] as const;

function prepareShareStatements(sqlite: Database.Database) {
  return {
    insertShare: sqlite.prepare(
      `insert into contact_shares (${shareColumns.join(", ")}) values (${shareColumns.map(() => "?").join(", ")})
       on conflict (message_id, position) do nothing returning id`,
    ),
    insertSearchText: sqlite.prepare("insert into contact_search_text (share_id, text) values (?, ?)"),
    insertFacet: sqlite.prepare("insert or ignore into share_facets (facet, value, sort_at, share_id) values (?, ?, ?, ?)"),
    bumpCounter: sqlite.prepare(
      `insert into facet_counts (facet, value, label, count) values (?, ?, ?, 1)
       on conflict (facet, value) do update set count = count + 1, label = coalesce(excluded.label, label)`,
    ),
    bumpDay: sqlite.prepare("insert into daily_counts (day, count) values (?, 1) on conflict (day) do update set count = count + 1"),
  };
}

/**
 * Inserts one card with everything that finds and counts it. Returns its id, or null when the card
 * (same message id and position) is already stored: the redelivery case. Must run inside a transaction.
 */
export function insertShare(sqlite: Database.Database, row: NewContactShare, searchText: string): number | null {
  const statements = statementsFor(sqlite);
  const inserted = statements.insertShare.get(...shareValues(row)) as { id: number } | undefined;
  if (!inserted) return null;
  const sortAt = row.sortAt.getTime();
  statements.insertSearchText.run(inserted.id, searchText);
  for (const facet of shareFacetsOf(row)) statements.insertFacet.run(facet.facet, facet.value, sortAt, inserted.id);
  for (const key of counterKeysOf(row)) statements.bumpCounter.run(key.facet, key.value, key.label);
  statements.bumpDay.run(dayOf(sortAt));
  countCampaignShare(sqlite, row, 1);
  return inserted.id;
}

function shareValues(row: NewContactShare): unknown[] {
  return [
    row.callbackId, row.messageId, row.position, row.sortAt.getTime(), row.sentAt?.getTime() ?? null, row.receivedAt.getTime(),
    row.formattedName, row.firstName, row.middleName, row.lastName, row.namePrefix, row.nameSuffix,
    row.sortName, row.sortPhone,
    JSON.stringify(row.phones), JSON.stringify(row.emails), JSON.stringify(row.addresses), JSON.stringify(row.urls),
    row.orgCompany, row.orgDepartment, row.orgTitle, row.birthday,
    row.senderWaId, row.senderUserId, row.senderProfileName,
    row.businessPhoneNumber, row.businessPhoneNumberId, row.wabaId,
    row.ref, row.ref1, row.ref2, row.contextId, row.replyTo, row.traceId, row.mediaUrl,
  ];
}
