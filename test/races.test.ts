import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, bookingTariffPeriods, tariffs } from '../src/server/db/schema';
import { refusedConstraints } from '../src/server/problem';
import { startTestApp, type TestContext } from './support/app';
import type { TestClient } from './support/client';
import { loginClient, loginStaff } from './support/clients';
import { buildAccount, buildTenant, type TestTenant } from './support/factories';
import { buildShop, buildTariff, partner, verifyEmailOf } from './support/order-factories';

/**
 * Requests that race each other for real: on PostgreSQL two transactions run at once and a
 * constraint decides (PGlite is one session and serialises them, so there these pass trivially).
 * Each round must end in exactly one of the allowed outcomes, never in a 5xx.
 */

let t: TestContext;
let tenant: TestTenant;
let shop: Awaited<ReturnType<typeof buildShop>>;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await buildTenant(t.db);
  shop = await buildShop(t.db, tenant);
});

const ROUNDS = 20;
// Dozens of requests and logins per test: room for a busy machine.

describe('two accounts set to the same new customer number at once', () => {
  it(`ends in one 200 and one 409 with a field message, in each of ${ROUNDS + 4} rounds, from an employee and a manager`, {
    timeout: 240_000,
  }, async () => {
    const [a, b] = [await loginStaff(t, tenant, 'employee'), await loginStaff(t, tenant, 'manager')];
    const routes = [
      (id: string) => ({
        c: a,
        method: 'PUT' as const,
        url: `/api/v1/staff/accounts/${id}/contract/customer-number`,
      }),
      (id: string) => ({
        c: b,
        method: 'PUT' as const,
        url: `/api/v1/staff/accounts/${id}/contract/customer-number`,
      }),
    ];
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS + 4; round++) {
      const [first, second] = [await buildAccount(t.db, tenant), await buildAccount(t.db, tenant)];
      const number = `K-RACE-${round}-${Date.now()}`;
      const send = (route: (typeof routes)[number], id: string) => {
        const { c, method, url } = route(id);
        return c.request(method, url, { customerNumber: number, version: 1, reason: 'Race test' });
      };
      // Rounds 0–3 pair each user with themselves and with the other; then alternate.
      const [ra, rb] =
        round < 4
          ? [routes[round & 1], routes[(round >> 1) & 1]]
          : [routes[round % 2], routes[(round + 1) % 2]];
      const answers = await Promise.all([
        send(ra as (typeof routes)[number], first.account.id),
        send(rb as (typeof routes)[number], second.account.id),
      ]);
      const statuses = answers.map((x) => x.status);
      expect(statuses.slice().sort(), `round ${round}: ${answers.map((x) => x.body).join(' | ')}`).toEqual([
        200, 409,
      ]);
      const refused = answers.find((x) => x.status === 409);
      expect(refused?.headers['content-type']).toMatch(/application\/problem\+json/);
      // The same answer whether the service's check or the unique constraint decided.
      expect(refused?.json()).toMatchObject({ status: 409, code: 'customer_number_taken' });
      expect(refused?.json().errors).toEqual([
        {
          field: 'customerNumber',
          code: 'taken',
          message: 'Another account already has this customer number',
        },
      ]);
      const holders = await t.db.system
        .select({ id: accounts.id })
        .from(accounts)
        .where(and(eq(accounts.tenantId, tenant.id), eq(accounts.customerNumber, number)));
      expect(holders).toHaveLength(1);
      outcomes.push(statuses.join('/'));
    }
    // Both orders of arrival happen (which one wins is up to the database).
    expect(outcomes.length).toBe(ROUNDS + 4);
  });
});

describe('an order while its tariff is being deleted', () => {
  it(`either the order wins and the delete is refused, or the delete wins and the order is refused — ${ROUNDS} rounds, no 5xx`, {
    timeout: 240_000,
  }, async () => {
    const staff = await loginStaff(t, tenant, 'owner');
    const clients: TestClient[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { owner } = await buildAccount(t.db, tenant);
      await verifyEmailOf(t.db, owner.id);
      clients.push(await loginClient(t, tenant, owner));
    }
    const wins = { order: 0, delete: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const tariff = await buildTariff(t.db, tenant, shop.module, { displayOrder: 10 + round });
      const client = clients[round] as TestClient;
      const order = () =>
        client.post(`/api/v1/client/modules/${shop.module.id}/orders`, {
          tariffId: tariff.id,
          customerType: 'business',
          contractPartner: partner,
          termsId: shop.terms.id,
          acceptTerms: true,
          idempotencyKey: `race-${round}-${Date.now()}`,
        });
      const remove = () => staff.request('DELETE', `/api/v1/staff/tariffs/${tariff.id}`);
      // Alternate which request is sent first.
      const [ordered, deleted] =
        round % 2 === 0
          ? await Promise.all([order(), remove()])
          : await Promise.all([remove(), order()]).then(([d, o]) => [o, d] as const);
      const context = `round ${round}: order ${ordered.status} ${ordered.body} | delete ${deleted.status} ${deleted.body}`;
      for (const answer of [ordered, deleted]) {
        expect(answer.status, context).toBeLessThan(500);
        if (answer.status >= 400) expect(answer.headers['content-type'], context).toMatch(/problem\+json/);
      }
      const [stillThere] = await t.db.system
        .select({ id: tariffs.id })
        .from(tariffs)
        .where(eq(tariffs.id, tariff.id));
      const periods = await t.db.system
        .select({ id: bookingTariffPeriods.id })
        .from(bookingTariffPeriods)
        .where(eq(bookingTariffPeriods.tariffId, tariff.id));
      if (ordered.status === 201) {
        expect(deleted.status, context).toBe(409);
        expect(deleted.json().code, context).toBe('tariff_in_use');
        expect(stillThere, context).toBeDefined();
        expect(periods, context).toHaveLength(1);
        wins.order++;
      } else {
        // Refused with a field message: the tariff is gone before the order reads it (not
        // orderable, as any unknown tariff) or while it is written (the foreign key decides).
        expect(
          [
            [400, 'tariff_not_orderable'],
            [409, 'tariff_unavailable'],
          ],
          context,
        ).toContainEqual([ordered.status, ordered.json().code]);
        expect(ordered.json().errors?.[0]?.field, context).toBe('tariffId');
        expect(deleted.status, context).toBe(204);
        expect(stillThere, context).toBeUndefined();
        expect(periods, context).toHaveLength(0);
        wins.delete++;
      }
    }
    expect(wins.order + wins.delete).toBe(ROUNDS);
  });
});

describe('the constraint → problem table', () => {
  it('names only constraints the database has, as it reports them (names are cut to 63 bytes)', async () => {
    const rows = await t.db.system.execute(
      sql`select conname as name from pg_constraint union select indexname from pg_indexes`,
    );
    const names = new Set(
      (Array.isArray(rows) ? rows : (rows as { rows: { name: string }[] }).rows).map(
        (r: { name: string }) => r.name,
      ),
    );
    const missing = refusedConstraints().filter((c) => !names.has(c));
    expect(missing).toEqual([]);
  });
});
