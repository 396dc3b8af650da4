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
CREATE INDEX `callbacks_received_at_idx` ON `callbacks` (`received_at`);--> statement-breakpoint
CREATE INDEX `callbacks_outcome_received_at_idx` ON `callbacks` (`outcome`,`received_at`);--> statement-breakpoint
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
	`media_url` text,
	`search_text` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_shares_message_id_position_idx` ON `contact_shares` (`message_id`,`position`);--> statement-breakpoint
CREATE INDEX `contact_shares_sort_at_idx` ON `contact_shares` (`sort_at`,`id`);--> statement-breakpoint
CREATE INDEX `contact_shares_sort_name_idx` ON `contact_shares` (`sort_name`,`id`);--> statement-breakpoint
CREATE INDEX `contact_shares_sort_phone_idx` ON `contact_shares` (`sort_phone`,`id`);--> statement-breakpoint
CREATE INDEX `contact_shares_sender_wa_id_sort_at_idx` ON `contact_shares` (`sender_wa_id`,`sort_at`);--> statement-breakpoint
CREATE INDEX `contact_shares_sender_profile_name_sort_at_idx` ON `contact_shares` (`sender_profile_name`,`sort_at`);--> statement-breakpoint
CREATE INDEX `contact_shares_business_phone_number_sort_at_idx` ON `contact_shares` (`business_phone_number`,`sort_at`);--> statement-breakpoint
CREATE INDEX `contact_shares_business_phone_number_id_sort_at_idx` ON `contact_shares` (`business_phone_number_id`,`sort_at`);--> statement-breakpoint
CREATE INDEX `contact_shares_waba_id_sort_at_idx` ON `contact_shares` (`waba_id`,`sort_at`);--> statement-breakpoint
CREATE INDEX `contact_shares_ref_sort_at_idx` ON `contact_shares` (`ref`,`sort_at`);--> statement-breakpoint
CREATE INDEX `contact_shares_ref1_sort_at_idx` ON `contact_shares` (`ref1`,`sort_at`);--> statement-breakpoint
CREATE INDEX `contact_shares_ref2_sort_at_idx` ON `contact_shares` (`ref2`,`sort_at`);--> statement-breakpoint
CREATE INDEX `contact_shares_callback_id_idx` ON `contact_shares` (`callback_id`);--> statement-breakpoint
CREATE TABLE `facet_counts` (
	`facet` text NOT NULL,
	`value` text NOT NULL,
	`label` text,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`facet`, `value`)
);
--> statement-breakpoint
CREATE INDEX `facet_counts_facet_count_idx` ON `facet_counts` (`facet`,`count`);