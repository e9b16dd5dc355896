import { asc, eq } from 'drizzle-orm';
import { isLocale, type Locale } from '../../../shared/locales';
import type { Database } from '../../db/client';
import { tenantDomains } from '../../db/schema';
import type { Tenant } from '../../plugins/tenant';

/** The portal as e-mails name and link it: every link in an e-mail starts with baseUrl. */
export type EmailPortal = { name: string; baseUrl: string; defaultLocale: Locale };

export type EmailLinks = {
  /**
   * The portal of a tenant for e-mails. The base URL comes from configuration only (see
   * `linkBase`), never from the request (Host, X-Forwarded-Host/-Proto), which a sender can choose.
   */
  emailPortal(tenant: Tenant): Promise<EmailPortal>;
};

export type TenantDomain = { host: string; scheme: 'https' | 'http'; isPrimary: boolean };

/**
 * Where the links in a tenant's e-mails point, in this order (ADR 0005):
 * 1. the tenant's primary domain, with that entry's scheme;
 * 2. PUBLIC_URL, when it leads to this tenant (its host is one of the tenant's domains, or the
 *    default tenant's local host name);
 * 3. the tenant's first domain (by name) on PUBLIC_URL's scheme and port: the installation is
 *    reachable as PUBLIC_URL says, and the host name picks the operator (`andere.localhost:3000`);
 * 4. PUBLIC_URL.
 * A link must open the operator's own portal: a link to another operator's portal is a dead link
 * for the reader (its token or booking belongs to another tenant) and shows a foreign brand.
 */
export function linkBase(
  domains: readonly TenantDomain[],
  publicUrl: string,
  publicUrlLeadsToTenant: boolean,
): string {
  const fallback = publicUrl.replace(/\/+$/, '');
  const primary = domains.find((d) => d.isPrimary);
  if (primary) return `${primary.scheme}://${primary.host.toLowerCase()}`;
  if (publicUrlLeadsToTenant) return fallback;
  const [first] = [...domains].sort((a, b) => a.host.localeCompare(b.host));
  if (!first) return fallback;
  const url = new URL(fallback);
  return `${url.protocol}//${first.host.toLowerCase()}${url.port ? `:${url.port}` : ''}`;
}

/**
 * The one place where links in e-mails are built (password reset, e-mail verification, order
 * confirmation, and every e-mail to come): `await emailLinks.emailPortal(request.tenant)`.
 * `resolveTenant` is the request path's own host → tenant resolution, so "PUBLIC_URL leads to
 * this tenant" means exactly what a browser opening it would get.
 */
export function createEmailLinks(
  db: Database,
  publicUrl: string,
  resolveTenant: (host: string, nowMs: number) => Promise<Tenant | null>,
  nowMs: () => number,
  ttlMs = 30_000,
): EmailLinks {
  const publicHost = new URL(publicUrl).host;
  // Domains change rarely and never through a request: kept as long as the tenant resolver keeps
  // its answers, so a write that sends an e-mail does not pay a second transaction for them.
  const cache = new Map<string, { baseUrl: string; at: number }>();
  async function baseUrlOf(tenant: Tenant): Promise<string> {
    const now = nowMs();
    const hit = cache.get(tenant.id);
    if (hit && now - hit.at < ttlMs) return hit.baseUrl;
    const domains = await db.system
      .select({
        host: tenantDomains.host,
        scheme: tenantDomains.scheme,
        isPrimary: tenantDomains.isPrimary,
      })
      .from(tenantDomains)
      .where(eq(tenantDomains.tenantId, tenant.id))
      .orderBy(asc(tenantDomains.host));
    const leads = domains.some((d) => d.isPrimary)
      ? false
      : (await resolveTenant(publicHost, nowMs()))?.id === tenant.id;
    const baseUrl = linkBase(domains, publicUrl, leads);
    cache.set(tenant.id, { baseUrl, at: now });
    return baseUrl;
  }
  return {
    async emailPortal(tenant) {
      return {
        name: tenant.name,
        baseUrl: await baseUrlOf(tenant),
        defaultLocale: isLocale(tenant.defaultLocale) ? tenant.defaultLocale : 'nl',
      };
    },
  };
}
