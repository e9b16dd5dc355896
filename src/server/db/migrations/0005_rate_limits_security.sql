-- Row-level security for rate-limit events (see 0001_security).
SELECT kontor_enable_tenant_rls('rate_limit_events');
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO kontor_app;
