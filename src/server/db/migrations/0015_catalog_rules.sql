-- One current booking per module and account (ADR 0007): the days of service of an account's
-- bookings of one module never overlap. A booking covers start_date .. end_date (inclusive; open
-- while end_date is null); an order starts today, so a module whose booking has not ended as of
-- today cannot be ordered again, and it can once that booking has ended. The exclusion constraint
-- decides, so two orders at the same moment cannot both win (the loser gets 23P01).
-- btree_gist is a trusted extension: a database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
DO $$
DECLARE overlapping integer;
BEGIN
  SELECT count(*) INTO overlapping
  FROM bookings a
  JOIN bookings b ON b.tenant_id = a.tenant_id AND b.account_id = a.account_id
    AND b.module_id = a.module_id AND b.id > a.id
    AND daterange(a.start_date, a.end_date + 1) && daterange(b.start_date, b.end_date + 1);
  IF overlapping > 0 THEN
    RAISE EXCEPTION 'Migration 0015: % pairs of bookings of one module and account overlap; end all but one of each pair before migrating (ADR 0007)', overlapping;
  END IF;
END $$;
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_one_current_per_module"
  EXCLUDE USING gist (tenant_id WITH =, account_id WITH =, module_id WITH =, daterange(start_date, end_date + 1) WITH &&);
--> statement-breakpoint
-- Tariff publishing: a tariff is orderable only once published (and with at least one item).
-- New tariffs start unpublished; the tariffs that exist were orderable, so they are published.
ALTER TABLE "tariffs" ADD COLUMN "published_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "tariffs" SET "published_at" = "created_at";
