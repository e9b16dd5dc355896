import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/support/app';
import { loginStaff } from '../../../test/support/clients';
import { buildTenant } from '../../../test/support/factories';
import { renderDocumentPdfJob } from '../jobs/definitions';
import { createLogger } from '../start';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('/metrics', async () => {
  const t = await startTestApp({ metricsToken: TOKEN });
  const tenant = await buildTenant(t.db);

  it('is scraped with the token: request durations per route pattern and status, pool, outbox', async () => {
    const staff = await loginStaff(t, tenant, 'employee');
    const id = '7a1f0c2e-0000-4000-8000-000000000001';
    expect((await staff.get(`/api/v1/staff/accounts/${id}`)).status).toBe(404);
    const res = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const body = res.body;
    // The route pattern, never the raw URL with its id.
    expect(body).toMatch(
      /kontor_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/staff\/accounts\/:id",status="404"\} 1/,
    );
    expect(body).not.toContain(id);
    expect(body).toMatch(/kontor_outbox_emails\{status="pending"\} \d+/);
    expect(body).toContain('kontor_process_resident_memory_bytes');
    if (t.db.kind === 'pg') expect(body).toMatch(/kontor_db_pool_connections\{state="total"\} \d+/);
  });

  it('reports the job queue depth per queue and state (workers are not running here)', async () => {
    const scrape = async () =>
      (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } }))
        .body;
    const waiting = (body: string) =>
      Number(body.match(/kontor_job_queue_jobs\{queue="document-pdf",state="created"\} (\d+)/)?.[1] ?? -1);
    const before = waiting(await scrape());
    expect(before).toBeGreaterThanOrEqual(0);
    await t.app.jobs.send(renderDocumentPdfJob, {
      tenantId: tenant.id,
      documentId: '7a1f0c2e-0000-4000-8000-0000000000aa',
    });
    const body = await scrape();
    expect(waiting(body)).toBe(before + 1);
    expect(body).toMatch(/kontor_job_queue_jobs\{queue="document-pdf",state="failed"\} 0/);
    expect(body).toMatch(/kontor_job_queue_oldest_waiting_seconds\{queue="document-pdf"\} [\d.e+-]+/);
  });

  it('refuses a missing or wrong token with 401 problem+json', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).not.toContain('kontor_http');
    }
  });
});

describe('/metrics without a configured token', async () => {
  const t = await startTestApp();
  it('does not exist', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer x' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('log lines', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const t = await startTestApp({ logger: createLogger({ logLevel: 'info' }, sink) });
  const tenant = await buildTenant(t.db);

  it("carry the request's operator and actor (id and level, no name or e-mail)", async () => {
    const staff = await loginStaff(t, tenant, 'manager');
    lines.length = 0;
    expect((await staff.get('/api/v1/staff/accounts')).status).toBe(200);
    const completed = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request completed');
    expect(completed).toMatchObject({ tenant: tenant.slug, actorLevel: 'manager' });
    expect(completed.actor).toMatch(/^staff:[0-9a-f-]{36}$/);
    expect(lines.join('')).not.toContain('@staff.example');
  });
});
