-- Every fragment of one or two characters found in any card's search text: a vocabulary with no link
-- to a card, filled by a catch-up behind the newest cards (lib/search/search-fragments.ts), so that a
-- 1–2 character search for something in no card does not scan every text. WITHOUT ROWID (drizzle-kit
-- cannot express that, so this file is edited by hand).
-- IF NOT EXISTS: the migration tests roll the schema back to an earlier migration and apply every
-- later one again.
CREATE TABLE IF NOT EXISTS `search_fragments` (
	`fragment` text PRIMARY KEY NOT NULL
) WITHOUT ROWID;
