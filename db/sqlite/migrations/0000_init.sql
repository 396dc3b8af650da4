CREATE TABLE `agents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`password_hash` text NOT NULL,
	`is_admin` integer DEFAULT false NOT NULL,
	`disabled_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_email_idx` ON `agents` (`email`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_idx` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `callbacks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`received_at` integer NOT NULL,
	`envelope` text,
	`outcome` text NOT NULL,
	`reason` text,
	`http_status` integer NOT NULL,
	`shares_stored` integer DEFAULT 0 NOT NULL,
	`content_type` text,
	`body_bytes` integer NOT NULL,
	`raw_body` text,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`reprocessed_from` integer
);
--> statement-breakpoint
CREATE INDEX `callbacks_outcome_received_at_idx` ON `callbacks` (`outcome`,`received_at`);--> statement-breakpoint
CREATE TABLE `contact_search_text` (
	`share_id` integer PRIMARY KEY NOT NULL,
	`text` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `contact_shares` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`callback_id` integer NOT NULL,
	`message_id` text NOT NULL,
	`position` integer NOT NULL,
	`sort_at` integer NOT NULL,
	`sent_at` integer,
	`received_at` integer NOT NULL,
	`formatted_name` text,
	`first_name` text,
	`middle_name` text,
	`last_name` text,
	`name_prefix` text,
	`name_suffix` text,
	`sort_name` text NOT NULL,
	`sort_phone` text NOT NULL,
	`phones` text NOT NULL,
	`emails` text NOT NULL,
	`addresses` text NOT NULL,
	`urls` text NOT NULL,
	`org_company` text,
	`org_department` text,
	`org_title` text,
	`birthday` text,
	`sender_wa_id` text,
	`sender_user_id` text,
	`sender_profile_name` text,
	`business_phone_number` text,
	`business_phone_number_id` text,
	`waba_id` text,
	`ref` text,
	`ref1` text,
	`ref2` text,
	`context_id` text,
	`reply_to` text,
	`trace_id` text,
	`media_url` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_shares_message_id_position_idx` ON `contact_shares` (`message_id`,`position`);--> statement-breakpoint
CREATE INDEX `contact_shares_sort_at_idx` ON `contact_shares` (`sort_at`,`id`);--> statement-breakpoint
CREATE INDEX `contact_shares_sort_name_idx` ON `contact_shares` (`sort_name`,`id`);--> statement-breakpoint
CREATE INDEX `contact_shares_sort_phone_idx` ON `contact_shares` (`sort_phone`,`id`);--> statement-breakpoint
CREATE INDEX `contact_shares_sender_profile_name_sort_at_idx` ON `contact_shares` (`sender_profile_name`,"sort_at" desc);--> statement-breakpoint
CREATE INDEX `contact_shares_ref1_sort_at_idx` ON `contact_shares` (`ref1`,"sort_at" desc);--> statement-breakpoint
CREATE TABLE `daily_counts` (
	`day` integer PRIMARY KEY NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `facet_counts` (
	`facet` text NOT NULL,
	`value` text NOT NULL,
	`label` text,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`facet`, `value`)
);
--> statement-breakpoint
CREATE INDEX `facet_counts_facet_count_idx` ON `facet_counts` (`facet`,`count`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`agent_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_agent_id_idx` ON `sessions` (`agent_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_at_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `share_facets` (
	`facet` text NOT NULL,
	`value` text NOT NULL,
	`sort_at` integer NOT NULL,
	`share_id` integer NOT NULL,
	PRIMARY KEY(`facet`, `value`, `sort_at`, `share_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `sign_in_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_key_at_idx` ON `sign_in_failures` (`key`,`at`);