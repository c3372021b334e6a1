CREATE TABLE `rate_limits` (
	`name` text PRIMARY KEY NOT NULL,
	`next_free_us` integer NOT NULL
);
