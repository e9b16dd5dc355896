import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from './support/app';
import {
  buildFuzzWorld,
  describeRequest,
  FUZZ_ROLES,
  type FuzzWorld,
  formatReport,
  judge,
  operationsOf,
  runFuzz,
} from './support/fuzz';

/**
 * The OpenAPI fuzzer (test/support/fuzz.ts) with a fixed seed and a bounded count: one full cycle
 * of every operation as every role. `npm run bench:fuzz` runs it with 20,000 requests or more.
 * FUZZ_SEED and FUZZ_CYCLES change seed and length here (e.g. to replay a bench finding).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const CYCLES = Number(process.env.FUZZ_CYCLES ?? 1);

let t: TestContext;
let world: FuzzWorld;

beforeAll(async () => {
  // Behind one trusted hop: the X-Forwarded-* headers are read, so their garbage is fuzzed too.
  t = await startTestApp({ trustProxy: 1 });
  world = await buildFuzzWorld(t.app, t.db);
});

describe('the fuzzer itself', () => {
  it('sees every operation of the OpenAPI document, and every role is logged in', () => {
    const ops = operationsOf(t.app.swagger() as never);
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/'));
    expect(ops.length).toBeGreaterThanOrEqual(routes.length);
    expect([...world.sessions.keys()].sort()).toEqual(FUZZ_ROLES.filter((r) => r !== 'anonymous').sort());
  });

  it('judges a 5xx, a plain-JSON error and a problem without title as offences', () => {
    const problem = { 'content-type': 'application/problem+json; charset=utf-8' };
    expect(judge({ status: 500, headers: problem, body: '{"type":"x","title":"y","status":500}' })).toBe(
      'server_error',
    );
    expect(
      judge({
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: '{"type":"x","title":"y","status":400}',
      }),
    ).toBe('not_problem');
    expect(judge({ status: 404, headers: problem, body: '{"type":"x","status":404}' })).toBe('not_problem');
    expect(
      judge({ status: 404, headers: problem, body: '{"type":"x","title":"y","status":404}' }),
    ).toBeUndefined();
    expect(judge({ status: 200, headers: {}, body: 'anything' })).toBeUndefined();
  });
});

describe('fuzzing every operation as every role', () => {
  // About 20 s on an idle 2-core machine; the limit leaves room for a busy one.
  it('gives no 5xx and no error outside problem+json', { timeout: 240_000 }, async () => {
    const ops = operationsOf(t.app.swagger() as never);
    const count = ops.length * FUZZ_ROLES.length * CYCLES;
    const report = await runFuzz({ app: t.app, world, count, seed: SEED });
    const summary = formatReport(report, t.db.kind);
    expect(report.requests).toBe(count);
    expect(
      report.findings.map((f) => `${f.offence} ${f.status} ${describeRequest(f.request)} → ${f.answer}`),
      summary,
    ).toEqual([]);
    // The bodies get through to the handlers for a good part of the API (not only 4xx at the door).
    expect(report.reached.size, summary).toBeGreaterThan(ops.length / 4);
  });
});
