-- Customer search (server/customers/search.ts): LIKE on the folded names and on phone digits
-- through trigram GIN indexes. Kept here rather than in schema.ts because the operator class needs
-- pg_trgm, which the generated init migration cannot create first. fastupdate is off because
-- PGlite runs no autovacuum: a pending list would otherwise be scanned by every search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "customers_search_text_trgm_idx" ON "customers" USING gin ("search_text" gin_trgm_ops) WITH (fastupdate = off);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "customer_phones_digits_trgm_idx" ON "customer_phones" USING gin ("digits" gin_trgm_ops) WITH (fastupdate = off);
