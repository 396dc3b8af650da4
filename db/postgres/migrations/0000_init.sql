CREATE TABLE "agents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text,
	"password_hash" text NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bench_floor" (
	"message_id" text PRIMARY KEY NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callbacks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "callbacks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"received_at" timestamp with time zone NOT NULL,
	"envelope" text,
	"outcome" text NOT NULL,
	"reason" text,
	"http_status" integer NOT NULL,
	"shares_stored" integer DEFAULT 0 NOT NULL,
	"content_type" text,
	"body_bytes" integer NOT NULL,
	"raw_body" text,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"reprocessed_from" bigint
);
--> statement-breakpoint
CREATE TABLE "contact_search_text" (
	"share_id" bigint PRIMARY KEY NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_shares" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contact_shares_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"callback_id" bigint NOT NULL,
	"message_id" text NOT NULL,
	"position" integer NOT NULL,
	"sort_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"formatted_name" text,
	"first_name" text,
	"middle_name" text,
	"last_name" text,
	"name_prefix" text,
	"name_suffix" text,
	"sort_name" text NOT NULL,
	"sort_phone" text NOT NULL,
	"phones" jsonb NOT NULL,
	"emails" jsonb NOT NULL,
	"addresses" jsonb NOT NULL,
	"urls" jsonb NOT NULL,
	"org_company" text,
	"org_department" text,
	"org_title" text,
	"birthday" text,
	"sender_wa_id" text,
	"sender_user_id" text,
	"sender_profile_name" text,
	"business_phone_number" text,
	"business_phone_number_id" text,
	"waba_id" text,
	"ref" text,
	"ref1" text,
	"ref2" text,
	"context_id" text,
	"reply_to" text,
	"trace_id" text,
	"media_url" text
);
--> statement-breakpoint
CREATE TABLE "daily_counts" (
	"day" integer NOT NULL,
	"shard" smallint NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "daily_counts_day_shard_pk" PRIMARY KEY("day","shard")
);
--> statement-breakpoint
CREATE TABLE "facet_counts" (
	"facet" text NOT NULL,
	"value" text NOT NULL,
	"shard" smallint NOT NULL,
	"label" text,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "facet_counts_facet_value_shard_pk" PRIMARY KEY("facet","value","shard")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"agent_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_facets" (
	"facet" text NOT NULL,
	"value" text NOT NULL,
	"sort_at" timestamp with time zone NOT NULL,
	"share_id" bigint NOT NULL,
	CONSTRAINT "share_facets_facet_value_sort_at_share_id_pk" PRIMARY KEY("facet","value","sort_at","share_id")
);
--> statement-breakpoint
CREATE TABLE "sign_in_failures" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sign_in_failures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "agents_email_idx" ON "agents" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_token_hash_idx" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "callbacks_outcome_received_at_idx" ON "callbacks" USING btree ("outcome","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_shares_message_id_position_idx" ON "contact_shares" USING btree ("message_id","position");--> statement-breakpoint
CREATE INDEX "contact_shares_sort_at_idx" ON "contact_shares" USING btree ("sort_at","id");--> statement-breakpoint
CREATE INDEX "contact_shares_sort_name_idx" ON "contact_shares" USING btree ("sort_name","id");--> statement-breakpoint
CREATE INDEX "contact_shares_sort_phone_idx" ON "contact_shares" USING btree ("sort_phone","id");--> statement-breakpoint
CREATE INDEX "contact_shares_sender_profile_name_sort_at_idx" ON "contact_shares" USING btree ("sender_profile_name" asc nulls first,"sort_at" desc);--> statement-breakpoint
CREATE INDEX "contact_shares_ref1_sort_at_idx" ON "contact_shares" USING btree ("ref1" asc nulls first,"sort_at" desc);--> statement-breakpoint
CREATE INDEX "facet_counts_facet_count_idx" ON "facet_counts" USING btree ("facet","count");--> statement-breakpoint
CREATE INDEX "sessions_agent_id_idx" ON "sessions" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_at_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sign_in_failures_key_at_idx" ON "sign_in_failures" USING btree ("key","at");