-- Campaign counters (lib/model/campaign-counters.ts): shares per field, UTC day and value; the days
-- each sender and contact was shared under each value; and keys per day by their previous day, for
-- exact distinct counts over any range. WITHOUT ROWID: the key is the row.
CREATE TABLE `campaign_daily_counts` (
	`field` text NOT NULL,
	`day` integer NOT NULL,
	`value` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`field`, `day`, `value`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `campaign_key_days` (
	`field` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`key` text NOT NULL,
	`day` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`field`, `kind`, `value`, `key`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `campaign_key_firsts` (
	`field` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`far` integer NOT NULL,
	`day` integer NOT NULL,
	`prev_day` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`field`, `kind`, `value`, `far`, `day`, `prev_day`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Backfill from the cards already stored, as the write path would have counted them.
-- A card's values per field: "" when it has none; "campaign" (any ref) once per distinct value.
CREATE TEMP TABLE `campaign_backfill_values` AS
  SELECT id, sort_at / 86400000 AS day, 'ref' AS field, coalesce(ref, '') AS value FROM contact_shares
  UNION ALL SELECT id, sort_at / 86400000, 'ref1', coalesce(ref1, '') FROM contact_shares
  UNION ALL SELECT id, sort_at / 86400000, 'ref2', coalesce(ref2, '') FROM contact_shares
  UNION ALL SELECT DISTINCT id, day, 'campaign', value FROM (
    SELECT id, sort_at / 86400000 AS day, ref AS value FROM contact_shares WHERE ref <> ''
    UNION ALL SELECT id, sort_at / 86400000, ref1 FROM contact_shares WHERE ref1 <> ''
    UNION ALL SELECT id, sort_at / 86400000, ref2 FROM contact_shares WHERE ref2 <> ''
  )
  UNION ALL SELECT id, sort_at / 86400000, 'campaign', '' FROM contact_shares
    WHERE coalesce(ref, '') = '' AND coalesce(ref1, '') = '' AND coalesce(ref2, '') = '';
--> statement-breakpoint
INSERT INTO campaign_daily_counts (field, day, value, count)
  SELECT field, day, value, count(*) FROM campaign_backfill_values GROUP BY field, day, value;
--> statement-breakpoint
-- Who each card is from and about (contactKeyOf: the first phone's E.164 that has one, else "name:" + the folded name).
CREATE TEMP TABLE `campaign_backfill_people` AS
  SELECT id, 'sender' AS kind, nullif(coalesce(sender_wa_id, sender_user_id), '') AS key FROM contact_shares
  UNION ALL SELECT s.id, 'contact', coalesce(
    (SELECT json_extract(p.value, '$.e164') FROM json_each(s.phones) p WHERE coalesce(json_extract(p.value, '$.e164'), '') <> '' ORDER BY p.key LIMIT 1),
    CASE WHEN s.sort_name <> '' THEN 'name:' || s.sort_name END) FROM contact_shares s;
--> statement-breakpoint
INSERT INTO campaign_key_days (field, kind, value, key, day, count)
  SELECT v.field, p.kind, v.value, p.key, v.day, count(*)
  FROM campaign_backfill_values v JOIN campaign_backfill_people p ON p.id = v.id
  WHERE v.value <> '' AND p.key IS NOT NULL
  GROUP BY v.field, p.kind, v.value, p.key, v.day;
--> statement-breakpoint
INSERT INTO campaign_key_firsts (field, kind, value, far, day, prev_day, count)
  SELECT field, kind, value, day - prev_day > 31, day, prev_day, count(*) FROM (
    SELECT field, kind, day, value, coalesce(lag(day) OVER (PARTITION BY field, kind, value, key ORDER BY day), -2147483648) AS prev_day
    FROM campaign_key_days
  ) GROUP BY field, kind, day, value, prev_day;
--> statement-breakpoint
-- The person facet (a contact's other shares) and its counter.
INSERT OR IGNORE INTO share_facets (facet, value, sort_at, share_id)
  SELECT 'person', p.key, s.sort_at, s.id FROM campaign_backfill_people p JOIN contact_shares s ON s.id = p.id
  WHERE p.kind = 'contact' AND p.key IS NOT NULL;
--> statement-breakpoint
INSERT INTO facet_counts (facet, value, label, count)
  SELECT 'person', value, NULL, count(*) FROM share_facets WHERE facet = 'person' GROUP BY value;
--> statement-breakpoint
DROP TABLE `campaign_backfill_values`;
--> statement-breakpoint
DROP TABLE `campaign_backfill_people`;
