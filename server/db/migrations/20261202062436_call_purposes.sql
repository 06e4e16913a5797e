CREATE TABLE "call_purposes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "purpose_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "call_purposes_label_idx" ON "call_purposes" USING btree ("label");--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_purpose_id_call_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."call_purposes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- The default list (issue 14): admins rename, reorder and archive these, and add their own.
INSERT INTO "call_purposes" ("label", "position") VALUES ('予約', 0), ('予約変更', 1), ('キャンセル', 2), ('問い合わせ', 3), ('その他', 4);
