-- Every fragment of one or two characters found in any card's search text (see the SQLite migration
-- 0008). Compared byte by byte, as the search text is (edited by hand: COLLATE "C").
-- IF NOT EXISTS: the migration tests roll the schema back to an earlier migration and apply every
-- later one again.
CREATE TABLE IF NOT EXISTS "search_fragments" (
	"fragment" text COLLATE "C" PRIMARY KEY NOT NULL
);
