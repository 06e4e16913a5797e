CREATE TABLE "directory_generation" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"generation" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO "directory_generation" ("id", "generation") VALUES (1, 0);
--> statement-breakpoint
CREATE FUNCTION "bump_directory_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "directory_generation" SET "generation" = "generation" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "stores_directory" AFTER INSERT OR DELETE OR UPDATE OF "id", "code", "name", "hours", "dialpad_office_id" OR TRUNCATE ON "stores" FOR EACH STATEMENT EXECUTE FUNCTION "bump_directory_generation"();
--> statement-breakpoint
CREATE TRIGGER "store_prefixes_directory" AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON "store_prefixes" FOR EACH STATEMENT EXECUTE FUNCTION "bump_directory_generation"();
--> statement-breakpoint
CREATE TRIGGER "users_directory" AFTER INSERT OR DELETE OR UPDATE OF "id", "dialpad_user_id" OR TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "bump_directory_generation"();
