CREATE TABLE "contact_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"op" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"dialpad_contact_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "worker_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "contact_outbox_pending_customer_idx" ON "contact_outbox" USING btree ("customer_id") WHERE "contact_outbox"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "contact_outbox_due_idx" ON "contact_outbox" USING btree ("next_attempt_at","id") WHERE "contact_outbox"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "contact_outbox_customer_idx" ON "contact_outbox" USING btree ("customer_id","state");