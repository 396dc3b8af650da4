-- campaign_key_days ordered by the key first: every write looks rows up by (field, kind, value, key),
-- and a card's rows (one per field and value, for its sender and for its contact) now sit together
-- on one page per person instead of one page per value, so a card dirties two pages, not up to
-- twelve. No query reads the table by value alone. Rewritten in key order; WITHOUT ROWID as before
-- (drizzle-kit cannot express that, so this file is edited by hand).
CREATE TABLE `__new_campaign_key_days` (
	`field` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`key` text NOT NULL,
	`day` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`key`, `kind`, `field`, `value`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_campaign_key_days` (`field`, `kind`, `value`, `key`, `day`, `count`)
  SELECT `field`, `kind`, `value`, `key`, `day`, `count` FROM `campaign_key_days` ORDER BY `key`, `kind`, `field`, `value`, `day`;
--> statement-breakpoint
DROP TABLE `campaign_key_days`;
--> statement-breakpoint
ALTER TABLE `__new_campaign_key_days` RENAME TO `campaign_key_days`;
