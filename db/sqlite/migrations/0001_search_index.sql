-- Substring search over contact_search_text (already case-folded, hence case_sensitive 1,
-- which lets GLOB use the index). The trigram tokenizer answers fragments of 3+
-- characters from the index (queried with GLOB, which FTS5 verifies against the text, so
-- detail=none is enough and keeps the index small); shorter fragments scan contact_search_text.
CREATE VIRTUAL TABLE `contact_search` USING fts5(
  text,
  content='contact_search_text',
  content_rowid='share_id',
  tokenize='trigram case_sensitive 1',
  detail='none'
);
--> statement-breakpoint
CREATE TRIGGER `contact_search_text_insert` AFTER INSERT ON `contact_search_text` BEGIN
  INSERT INTO `contact_search`(rowid, text) VALUES (new.share_id, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_search_text_delete` AFTER DELETE ON `contact_search_text` BEGIN
  INSERT INTO `contact_search`(`contact_search`, rowid, text) VALUES ('delete', old.share_id, old.text);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_search_text_update` AFTER UPDATE OF text ON `contact_search_text` BEGIN
  INSERT INTO `contact_search`(`contact_search`, rowid, text) VALUES ('delete', old.share_id, old.text);
  INSERT INTO `contact_search`(rowid, text) VALUES (new.share_id, new.text);
END;
