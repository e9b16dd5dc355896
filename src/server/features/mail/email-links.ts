import { and, eq } from 'drizzle-orm';
import { isLocale, type Locale } from '../../../shared/locales';
import type { Database } from '../../db/client';
import { tenantDomains } from '../../db/schema';
import type { Tenant } from '../../plugins/tenant';

/** The portal as e-mails name and link it: every link in an e-mail starts with baseUrl. */
export type EmailPortal = { name: string; baseUrl: string; defaultLocale: Locale };

export type EmailLinks = {
  /**
   * The portal of a tenant for e-mails. The base URL comes from configuration only: the tenant's
   * primary domain (tenant_domains.is_primary, with its scheme), else PUBLIC_URL. Never from the
   * request (Host, X-Forwarded-Host/-Proto), which a sender can choose.
   */
  emailPortal(tenant: Tenant): Promise<EmailPortal>;
};

/**
 * The one place where links in e-mails are built (password reset, e-mail verification, order
 * confirmation, and every e-mail to come): `await emailLinks.emailPortal(request.tenant)`.
 */
export function createEmailLinks(db: Database, publicUrl: string): EmailLinks {
  const fallback = publicUrl.replace(/\/+$/, '');
  return {
    async emailPortal(tenant) {
      const [primary] = await db.system
        .select({ host: tenantDomains.host, scheme: tenantDomains.scheme })
        .from(tenantDomains)
        .where(and(eq(tenantDomains.tenantId, tenant.id), eq(tenantDomains.isPrimary, true)))
        .limit(1);
      return {
        name: tenant.name,
        baseUrl: primary ? `${primary.scheme}://${primary.host.toLowerCase()}` : fallback,
        defaultLocale: isLocale(tenant.defaultLocale) ? tenant.defaultLocale : 'nl',
      };
    },
  };
}
