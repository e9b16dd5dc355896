import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client';
import { tenantDomains, tenants } from '../db/schema';
import { problems } from '../problem';

export type Tenant = typeof tenants.$inferSelect;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Resolves the tenant of a request from its host name (tenant_domains), falling back to the
 * configured default tenant for localhost. Results are cached briefly.
 */
export function createTenantResolver(db: Database, defaultSlug: string, ttlMs = 30_000) {
  const cache = new Map<string, { tenant: Tenant | null; at: number }>();
  return async function resolve(hostHeader: string | undefined, nowMs: number): Promise<Tenant | null> {
    const host = (hostHeader ?? '').toLowerCase().replace(/:\d+$/, '');
    const hit = cache.get(host);
    if (hit && nowMs - hit.at < ttlMs) return hit.tenant;
    const byDomain = await db.system
      .select({ tenant: tenants })
      .from(tenantDomains)
      .innerJoin(tenants, eq(tenants.id, tenantDomains.tenantId))
      .where(eq(sql`lower(${tenantDomains.host})`, host))
      .limit(1);
    let tenant = byDomain[0]?.tenant ?? null;
    if (!tenant && LOCAL_HOSTS.has(host)) {
      const [byDefault] = await db.system
        .select()
        .from(tenants)
        .where(eq(tenants.slug, defaultSlug))
        .limit(1);
      tenant = byDefault ?? null;
    }
    cache.set(host, { tenant, at: nowMs });
    return tenant;
  };
}

export function registerTenantResolution(
  app: FastifyInstance,
  resolve: (host: string | undefined, nowMs: number) => Promise<Tenant | null>,
  nowMs: () => number,
) {
  app.decorateRequest('tenant', null as unknown as Tenant);
  app.addHook('onRequest', async (request) => {
    const path = request.url;
    if (!path.startsWith('/api/v1/')) return;
    const tenant = await resolve(request.headers.host, nowMs());
    if (!tenant) throw problems.notFound('Portal');
    request.tenant = tenant;
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant;
  }
}
