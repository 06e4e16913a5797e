ALTER TABLE "memos" ALTER COLUMN "customer_id" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "memos_call_idx" ON "memos" USING btree ("call_id");--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_customer_or_call" CHECK ("memos"."customer_id" IS NOT NULL OR "memos"."call_id" IS NOT NULL);