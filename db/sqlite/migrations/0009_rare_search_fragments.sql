-- The fragment vocabulary (0008) learns how many cards hold each fragment and, while they are few
-- (rare), which: a 1–2 character search for a rare fragment then reads those cards and the ones after
-- the cursor instead of every text (lib/model/search-fragments.ts). Edited by hand (WITHOUT ROWID).
-- The vocabulary is rebuilt: the table is made again empty and its cursor and horizon forgotten,
-- so the server's catch-up records every card again, with its ids, in the background. Searches stay
-- exact meanwhile (cards past the cursor are scanned).
-- Idempotent: the migration tests roll the schema back to an earlier migration and apply every
-- later one again.
DROP TABLE IF EXISTS `search_fragments`;
--> statement-breakpoint
CREATE TABLE `search_fragments` (
	`fragment` text PRIMARY KEY NOT NULL,
	`cards` integer DEFAULT 0 NOT NULL,
	`common` integer DEFAULT false NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `search_fragment_cards` (
	`fragment` text NOT NULL,
	`share_id` integer NOT NULL,
	PRIMARY KEY(`fragment`, `share_id`)
) WITHOUT ROWID;
--> statement-breakpoint
DELETE FROM `search_fragment_cards`;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `search_fragment_cards_share_id_idx` ON `search_fragment_cards` (`share_id`);
--> statement-breakpoint
DELETE FROM `settings` WHERE `key` IN ('search-fragments-through-id', 'search-fragments-horizon');
