-- Substring search over names, emails, org and phone digits. The trigram tokenizer answers
-- fragments of 3+ characters from the index; shorter ones fall back to a scan of search_text.
CREATE VIRTUAL TABLE `contact_search` USING fts5(
  search_text,
  content='contact_shares',
  content_rowid='id',
  tokenize='trigram'
);
--> statement-breakpoint
CREATE TRIGGER `contact_shares_search_insert` AFTER INSERT ON `contact_shares` BEGIN
  INSERT INTO `contact_search`(rowid, search_text) VALUES (new.id, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_shares_search_delete` AFTER DELETE ON `contact_shares` BEGIN
  INSERT INTO `contact_search`(`contact_search`, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_shares_search_update` AFTER UPDATE OF search_text ON `contact_shares` BEGIN
  INSERT INTO `contact_search`(`contact_search`, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO `contact_search`(rowid, search_text) VALUES (new.id, new.search_text);
END;
