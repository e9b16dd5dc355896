-- Row-level security for the catalog, legal documents, registration and bookings (see 0001_security).
SELECT kontor_enable_tenant_rls('modules');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('tariffs');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('tariff_items');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('invoice_settings');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('legal_documents');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('legal_acceptances');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('email_verification_tokens');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('bookings');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('booking_tariff_periods');
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO kontor_app;
--> statement-breakpoint
-- Published legal documents and acceptances are records: never changed, never removed.
REVOKE UPDATE, DELETE, TRUNCATE ON legal_documents, legal_acceptances FROM kontor_app;
--> statement-breakpoint
CREATE TRIGGER legal_documents_append_only BEFORE UPDATE OR DELETE ON legal_documents
  FOR EACH ROW EXECUTE FUNCTION kontor_refuse_change();
--> statement-breakpoint
CREATE TRIGGER legal_acceptances_append_only BEFORE UPDATE OR DELETE ON legal_acceptances
  FOR EACH ROW EXECUTE FUNCTION kontor_refuse_change();
--> statement-breakpoint
-- A booking period lies inside its booking's lifetime and ends no earlier than it starts.
ALTER TABLE booking_tariff_periods ADD CONSTRAINT booking_tariff_periods_dates
  CHECK (end_date IS NULL OR end_date >= start_date);
--> statement-breakpoint
ALTER TABLE bookings ADD CONSTRAINT bookings_dates CHECK (end_date IS NULL OR end_date >= start_date);
--> statement-breakpoint
ALTER TABLE tariff_items ADD CONSTRAINT tariff_items_price_not_negative CHECK (unit_price >= 0);
--> statement-breakpoint
ALTER TABLE tariffs ADD CONSTRAINT tariffs_vat_rate_range CHECK (vat_rate >= 0 AND vat_rate <= 100);
--> statement-breakpoint
ALTER TABLE tariffs ADD CONSTRAINT tariffs_offer_number_when_not_public CHECK (is_public OR offer_number IS NOT NULL);
