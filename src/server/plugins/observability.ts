import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client';
import { rowsOf } from '../db/client';
import { safeEqual } from '../features/auth/tokens';
import { HttpProblem, problems } from '../problem';
import { registerJobQueueMetrics } from './job-metrics';

/**
 * Operations: Prometheus metrics and log context.
 *
 * - `/metrics` (Prometheus text format) answers only with `Authorization: Bearer <METRICS_TOKEN>`;
 *   without a configured token it does not exist (404). Metrics are per process; with several
 *   processes each is scraped on its own.
 * - Every request's log lines carry the operator (tenant slug) and the actor (realm, user id, level
 *   or role) once they are known; never names, e-mail addresses or tokens.
 */
export type Metrics = { registry: Registry };

const DURATION_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function registerObservability(
  app: FastifyInstance,
  deps: { db: Database; metricsToken: string | undefined },
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kontor_' });

  const duration = new Histogram({
    name: 'kontor_http_request_duration_seconds',
    help: 'HTTP request duration by route (the route pattern, never the raw URL) and status',
    labelNames: ['method', 'route', 'status'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const serverErrors = new Counter({
    name: 'kontor_http_server_errors_total',
    help: 'Answers with a 5xx status',
    labelNames: ['route'],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    duration.observe({ method: request.method, route, status }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) serverErrors.inc({ route });
  });

  new Gauge({
    name: 'kontor_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL; the embedded database has one session)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = deps.db.poolStats();
      if (!stats) return;
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  new Gauge({
    name: 'kontor_outbox_emails',
    help: 'E-mails in the outbox by status, all operators (pending = backlog, failed = given up)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = rowsOf<{ status: string; n: number }>(
        await deps.db.system.execute(
          sql`select status, count(*)::int as n from outbox_emails group by status`,
        ),
      );
      this.reset();
      for (const s of ['pending', 'sent', 'kept', 'failed']) this.set({ status: s }, 0);
      for (const r of rows) this.set({ status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: 'kontor_outbox_oldest_pending_seconds',
    help: 'Age of the oldest pending e-mail (0 when none is pending)',
    registers: [registry],
    async collect() {
      const rows = rowsOf<{ age: number | null }>(
        await deps.db.system.execute(
          sql`select extract(epoch from now() - min(created_at))::float8 as age from outbox_emails where status = 'pending'`,
        ),
      );
      this.set(Math.max(0, Number(rows[0]?.age ?? 0)));
    },
  });

  // Job queue depth: its own function and file (src/server/plugins/job-metrics.ts).
  registerJobQueueMetrics(registry, deps.db);
  new Gauge({
    name: 'kontor_billing_run_accounts',
    help: 'Accounts of the billing runs now running, all operators, by state (pending = still to do)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const rows = rowsOf<{ pending: number; done: number; failed: number }>(
        await deps.db.system.execute(
          sql`select coalesce(sum(b.accounts - b.done_accounts), 0)::int as pending,
                     coalesce(sum(b.done_accounts - b.failed_accounts), 0)::int as done,
                     coalesce(sum(b.failed_accounts), 0)::int as failed
              from billing_run_batches b
              join billing_runs r on r.tenant_id = b.tenant_id and r.id = b.run_id
              where r.state = 'running'`,
        ),
      );
      this.reset();
      for (const s of ['pending', 'done', 'failed'] as const)
        this.set({ state: s }, Number(rows[0]?.[s] ?? 0));
    },
  });
  new Gauge({
    name: 'kontor_billing_runs_running',
    help: 'Billing runs now running, all operators',
    registers: [registry],
    async collect() {
      const rows = rowsOf<{ n: number }>(
        await deps.db.system.execute(
          sql`select count(*)::int as n from billing_runs where state = 'running'`,
        ),
      );
      this.set(Number(rows[0]?.n ?? 0));
    },
  });

  app.get(
    '/metrics',
    { config: { permission: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      if (!deps.metricsToken) throw problems.notFound('Page');
      const given = request.headers.authorization ?? '';
      if (!safeEqual(given, `Bearer ${deps.metricsToken}`)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new HttpProblem(401, 'unauthorized', 'A valid metrics token is required');
      }
      reply.header('cache-control', 'no-store');
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );

  // Log context: who and for which operator, once authentication has run.
  app.addHook('preHandler', async (request, reply) => {
    const bindings: Record<string, string> = {};
    const tenant = (request as { tenant?: { slug: string } }).tenant;
    if (tenant) bindings.tenant = tenant.slug;
    const actor = request.actor;
    if (actor) {
      bindings.actor = `${actor.realm}:${actor.userId}`;
      bindings.actorLevel = actor.realm === 'staff' ? actor.level : actor.role;
    }
    if (Object.keys(bindings).length === 0) return;
    const child = request.log.child(bindings);
    request.log = child;
    reply.log = child;
  });

  return { registry };
}
