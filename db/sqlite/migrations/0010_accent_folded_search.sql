-- Search texts are now accent-folded as well (lib/model/search-text.ts foldForMatching: "nunez"
-- finds "Núñez"). Texts stored before are rewritten by the server's fragment catch-up, which
-- brings each text it reads to the current folding before recording its fragments; so the
-- vocabulary is rebuilt here: made empty, under a cursor of a new name (lib/model/search-fragments.ts)
-- that starts from the first card. Searches stay exact for the texts as stored meanwhile.
-- Idempotent: the migration tests apply later migrations again.
DELETE FROM `search_fragment_cards`;
--> statement-breakpoint
DELETE FROM `search_fragments`;
--> statement-breakpoint
DELETE FROM `settings` WHERE `key` IN ('search-vocabulary-through-id', 'search-vocabulary-horizon');
