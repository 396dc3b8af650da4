CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" bigint,
	"actor_name" text,
	"client_address" text,
	"action" text NOT NULL,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "redelivered_messages" (
	"message_id" text NOT NULL,
	"callback_id" bigint NOT NULL,
	CONSTRAINT "redelivered_messages_message_id_callback_id_pk" PRIMARY KEY("message_id","callback_id")
);
--> statement-breakpoint
CREATE TABLE "share_tombstones" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_tombstones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"share_id" bigint NOT NULL,
	"message_id" text NOT NULL,
	"position" integer NOT NULL,
	"ref" text,
	"ref1" text,
	"ref2" text,
	"deleted_at" timestamp with time zone NOT NULL,
	"change_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "redaction" text;--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "redacted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_action_id_idx" ON "audit_events" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_type_actor_id_id_idx" ON "audit_events" USING btree ("actor_type","actor_id","id");--> statement-breakpoint
CREATE INDEX "share_tombstones_deleted_at_idx" ON "share_tombstones" USING btree ("deleted_at");--> statement-breakpoint
CREATE INDEX "share_tombstones_message_id_position_idx" ON "share_tombstones" USING btree ("message_id","position");--> statement-breakpoint
CREATE INDEX "share_tombstones_change_xid_idx" ON "share_tombstones" USING btree ("change_xid");--> statement-breakpoint
CREATE INDEX "callbacks_kept_body_received_at_idx" ON "callbacks" USING btree ("received_at") WHERE "callbacks"."raw_body" is not null;--> statement-breakpoint
CREATE INDEX "contact_shares_received_at_idx" ON "contact_shares" USING btree ("received_at");