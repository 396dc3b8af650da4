CREATE TABLE "app_passwords" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app_passwords_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agent_id" bigint NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "app_passwords_secret_hash_idx" ON "app_passwords" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "app_passwords_agent_id_idx" ON "app_passwords" USING btree ("agent_id");--> statement-breakpoint
-- CardDAV sync tokens (db/postgres/carddav.ts): the transaction that inserted each share, as share_tombstones
-- already keeps for deletions. Identity ids are handed out before commit, so "ids above the last one
-- seen" can miss a share committed late; xids compared against a snapshot's xmin cannot. Existing
-- shares get this migration's xid. Not in schema.ts, so that card rows read the same on both engines.
ALTER TABLE "contact_shares" ADD COLUMN "change_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "contact_shares_change_xid_idx" ON "contact_shares" USING btree ("change_xid");
