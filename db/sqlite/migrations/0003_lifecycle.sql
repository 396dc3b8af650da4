CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` integer,
	`actor_name` text,
	`client_address` text,
	`action` text NOT NULL,
	`details` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
CREATE INDEX `audit_events_action_id_idx` ON `audit_events` (`action`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_type_actor_id_id_idx` ON `audit_events` (`actor_type`,`actor_id`,`id`);--> statement-breakpoint
CREATE TABLE `redelivered_messages` (
	`message_id` text NOT NULL,
	`callback_id` integer NOT NULL,
	PRIMARY KEY(`message_id`, `callback_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `share_tombstones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`share_id` integer NOT NULL,
	`message_id` text NOT NULL,
	`position` integer NOT NULL,
	`ref` text,
	`ref1` text,
	`ref2` text,
	`deleted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `share_tombstones_deleted_at_idx` ON `share_tombstones` (`deleted_at`);--> statement-breakpoint
CREATE INDEX `share_tombstones_message_id_position_idx` ON `share_tombstones` (`message_id`,`position`);--> statement-breakpoint
ALTER TABLE `callbacks` ADD `redaction` text;--> statement-breakpoint
ALTER TABLE `callbacks` ADD `redacted_at` integer;--> statement-breakpoint
CREATE INDEX `callbacks_kept_body_received_at_idx` ON `callbacks` (`received_at`) WHERE "callbacks"."raw_body" is not null;--> statement-breakpoint
CREATE INDEX `contact_shares_received_at_idx` ON `contact_shares` (`received_at`);