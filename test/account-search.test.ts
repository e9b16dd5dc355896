import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../src/server/db/client';
import { startTestApp } from './support/app';
import { loginStaff } from './support/clients';
import { buildAccount, buildTenant } from './support/factories';

/**
 * The staff account search runs its match in kontor_account_search_page (so that the trigram
 * index serves it under row-level security; migration 0018); the function must keep to the
 * request's operator.
 */
describe('account search', async () => {
  const t = await startTestApp();
  const mine = await buildTenant(t.db);
  const other = await buildTenant(t.db);
  const a1 = await buildAccount(t.db, mine, { name: 'Zeemanshuis Noord' });
  const a2 = await buildAccount(t.db, mine, { name: 'Zeemanshuis Zuid' });
  const foreign = await buildAccount(t.db, other, { name: 'Zeemanshuis Fremd' });

  it('finds by part of the name within the operator only, with the number of all matches', async () => {
    const staff = await loginStaff(t, mine, 'employee');
    const res = await staff.get('/api/v1/staff/accounts?q=zeemans&pageSize=1');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([a1.account.id]);
    const second = (await staff.get('/api/v1/staff/accounts?q=zeemans&pageSize=1&page=2')).json();
    expect(second.items.map((i: { id: string }) => i.id)).toEqual([a2.account.id]);
    const beyond = (await staff.get('/api/v1/staff/accounts?q=zeemans&pageSize=1&page=5')).json();
    expect(beyond).toMatchObject({ items: [], total: 2 });
    const none = (await staff.get('/api/v1/staff/accounts?q=Fremd')).json();
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('the search function answers only for the operator set in the transaction, and nothing without one', async () => {
    const search = sql`select id, total from kontor_account_search_page('%Zeemanshuis%', null, 10, 0, 1000)`;
    const rows = await t.db.tenant(mine.id, async (tx) =>
      rowsOf<{ id: string; total: number }>(await tx.execute(search)),
    );
    expect(rows.map((r) => r.id).sort()).toEqual([a1.account.id, a2.account.id].sort());
    expect(rows.every((r) => r.total === 2)).toBe(true);
    expect(rows.map((r) => r.id)).not.toContain(foreign.account.id);
    expect(rowsOf(await t.db.system.execute(search))).toEqual([]);
    // The table behind it answers under row-level security like any other.
    const visible = await t.db.tenant(mine.id, async (tx) =>
      rowsOf<{ account_id: string }>(await tx.execute(sql`select account_id from account_search`)),
    );
    expect(visible.map((r) => r.account_id)).not.toContain(foreign.account.id);
  });
});
