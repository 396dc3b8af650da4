-- campaign_key_days' primary key ordered by the key first (see db/sqlite/migrations/0007): a card's
-- rows for one person sit together in the index, so a card touches two index pages, not up to twelve.
ALTER TABLE "campaign_key_days" DROP CONSTRAINT "campaign_key_days_field_kind_value_key_day_pk";--> statement-breakpoint
ALTER TABLE "campaign_key_days" ADD CONSTRAINT "campaign_key_days_key_kind_field_value_day_pk" PRIMARY KEY("key","kind","field","value","day");
