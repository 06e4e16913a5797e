ALTER TABLE "callbacks" ADD COLUMN "kind" text DEFAULT 'during_hours' NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "after_hours" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "hours" jsonb;