-- Substring search: a trigram GIN index over the case-folded search text answers LIKE '%fragment%'
-- (the text is folded before it is stored, so LIKE gives the same answers as SQLite's GLOB).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX "contact_search_text_trgm_idx" ON "contact_search_text" USING gin ("text" gin_trgm_ops);
--> statement-breakpoint
-- Text the app sorts by is compared byte by byte (code point order), as SQLite does, so every sort
-- and every tie-break gives the same order on both engines whatever the database's locale.
ALTER TABLE "contact_shares" ALTER COLUMN "sort_name" TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "contact_shares" ALTER COLUMN "sort_phone" TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "contact_shares" ALTER COLUMN "sender_profile_name" TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "contact_shares" ALTER COLUMN "ref1" TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "facet_counts" ALTER COLUMN "value" TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "agents" ALTER COLUMN "email" TYPE text COLLATE "C";
