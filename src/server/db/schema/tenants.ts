import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** An operator. Global table: resolved before a tenant is known (see tenant_domains). */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  defaultLocale: text('default_locale').notNull().default('nl'),
  timeZone: text('time_zone').notNull().default('Europe/Berlin'),
  currency: text('currency').notNull().default('EUR'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Host names that resolve to a tenant. Global: read before the tenant is known. The primary domain
 * (with its scheme) is where links in the tenant's e-mails point (see features/mail/email-links.ts).
 */
export const tenantDomains = pgTable(
  'tenant_domains',
  {
    host: text('host').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    scheme: text('scheme', { enum: ['https', 'http'] })
      .notNull()
      .default('https'),
    isPrimary: boolean('is_primary').notNull().default(false),
  },
  (t) => [
    uniqueIndex('tenant_domains_host_lower').on(sql`lower(${t.host})`),
    uniqueIndex('tenant_domains_one_primary').on(t.tenantId).where(sql`${t.isPrimary}`),
  ],
);
