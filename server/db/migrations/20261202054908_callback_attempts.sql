CREATE TABLE "callback_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"callback_id" uuid NOT NULL,
	"user_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dialpad_call_id" text,
	"outcome" text NOT NULL,
	"reason" text,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_ms" bigint
);
--> statement-breakpoint
ALTER TABLE "callbacks" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "custom_data" text;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "outbound_caller_id" text;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_callback_id_callbacks_id_fk" FOREIGN KEY ("callback_id") REFERENCES "public"."callbacks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "callback_attempts_callback_idx" ON "callback_attempts" USING btree ("callback_id","started_at");--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;