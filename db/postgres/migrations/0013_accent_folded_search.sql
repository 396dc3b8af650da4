-- Search texts are now accent-folded as well: see the SQLite migration 0010. The vocabulary is
-- rebuilt by the server's catch-up, which rewrites each text in the current folding as it goes.
-- The cursor of the vocabulary before (search-fragment-lists-through-id) is left to instances still
-- on older code during a rolling upgrade; the new one starts from the first card.
-- Idempotent: the migration tests apply later migrations again.
DELETE FROM "search_fragment_cards";
--> statement-breakpoint
DELETE FROM "search_fragments";
--> statement-breakpoint
DELETE FROM "settings" WHERE "key" IN ('search-vocabulary-through-id', 'search-vocabulary-horizon');
