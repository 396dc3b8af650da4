-- The fragment vocabulary learns which cards hold each rare fragment (see the SQLite migration 0009),
-- and is rebuilt by the server's catch-up: made again empty, its cursor and horizon forgotten.
-- Compared byte by byte, as the search text is (edited by hand: COLLATE "C"). Idempotent: the
-- migration tests apply later migrations again.
DROP TABLE IF EXISTS "search_fragments";
--> statement-breakpoint
CREATE TABLE "search_fragments" (
	"fragment" text COLLATE "C" PRIMARY KEY NOT NULL,
	"cards" integer DEFAULT 0 NOT NULL,
	"common" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "search_fragment_cards" (
	"fragment" text COLLATE "C" NOT NULL,
	"share_id" bigint NOT NULL,
	CONSTRAINT "search_fragment_cards_fragment_share_id_pk" PRIMARY KEY("fragment","share_id")
);
--> statement-breakpoint
DELETE FROM "search_fragment_cards";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_fragment_cards_share_id_idx" ON "search_fragment_cards" USING btree ("share_id");
--> statement-breakpoint
DELETE FROM "settings" WHERE "key" IN ('search-fragments-through-id', 'search-fragments-horizon');
