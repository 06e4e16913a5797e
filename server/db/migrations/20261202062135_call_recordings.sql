ALTER TABLE "calls" ADD COLUMN "voicemail_url" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "recordings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transcription" text;