import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/server/db/client';
import { accounts, auditLog } from '../src/server/db/schema';
import { startTestApp, type TestContext } from './support/app';
import { dbErrorOf } from './support/db';
import { buildAccount, buildTenant } from './support/factories';

/** Tables that belong to no tenant, with the reason. */
const GLOBAL_TABLES: Record<string, string> = {
  tenants: 'the tenants themselves (RLS: each tenant sees only its own row)',
};

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});

describe('row-level security', () => {
  it('hides another tenant’s rows, even by primary key, and refuses to write into it', async () => {
    const a = await buildTenant(t.db);
    const b = await buildTenant(t.db);
    const { account } = await buildAccount(t.db, a);

    const seenByA = await t.db.tenant(a.id, (tx) =>
      tx.select().from(accounts).where(eq(accounts.id, account.id)),
    );
    expect(seenByA).toHaveLength(1);

    const seenByB = await t.db.tenant(b.id, (tx) =>
      tx.select().from(accounts).where(eq(accounts.id, account.id)),
    );
    expect(seenByB).toHaveLength(0);
    const updated = await t.db.tenant(b.id, (tx) =>
      tx.update(accounts).set({ name: 'stolen' }).where(eq(accounts.id, account.id)).returning(),
    );
    expect(updated).toHaveLength(0);
    expect(
      await dbErrorOf(
        t.db.tenant(b.id, (tx) =>
          tx.insert(accounts).values({ tenantId: a.id, name: 'x', email: 'x@example.com' }),
        ),
      ),
    ).toMatch(/row-level security/);
  });

  it('shows nothing when no tenant is set', async () => {
    const a = await buildTenant(t.db);
    await buildAccount(t.db, a);
    const rows = await t.db.system.transaction(async (tx) => {
      await tx.execute(sql`set local role kontor_app`);
      return tx.select().from(accounts);
    });
    expect(rows).toHaveLength(0);
  });

  it('every table has tenant_id (but the named global ones), and RLS with a policy on each', async () => {
    const tables = rowsOf<{ table_name: string }>(
      await t.db.system.execute(
        sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
      ),
    ).map((r) => r.table_name);
    const withTenant = new Set(
      rowsOf<{ table_name: string }>(
        await t.db.system.execute(
          sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'`,
        ),
      ).map((r) => r.table_name),
    );
    const missing = tables.filter((name) => !withTenant.has(name) && !(name in GLOBAL_TABLES));
    expect(missing, 'tables without tenant_id').toEqual([]);

    const rls = rowsOf<{ relname: string; relrowsecurity: boolean; policies: number }>(
      await t.db.system.execute(sql`
        select c.relname, c.relrowsecurity,
          (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'`),
    );
    const unprotected = rls.filter((r) => !r.relrowsecurity || r.policies < 1).map((r) => r.relname);
    expect(unprotected, 'tables without row-level security').toEqual([]);
    expect(rls.length).toBe(tables.length);
  });
});

describe('audit log', () => {
  it('is append-only: UPDATE and DELETE are refused, as the application and as the owner', async () => {
    const a = await buildTenant(t.db);
    await t.db.system.insert(auditLog).values({
      tenantId: a.id,
      actorType: 'system',
      action: 'test.entry',
      entityType: 'test',
      entityId: '1',
      at: new Date(),
    });
    expect(
      await dbErrorOf(
        t.db.tenant(a.id, (tx) =>
          tx.update(auditLog).set({ action: 'changed' }).where(eq(auditLog.tenantId, a.id)),
        ),
      ),
    ).toMatch(/permission denied|append-only/);
    expect(
      await dbErrorOf(t.db.tenant(a.id, (tx) => tx.delete(auditLog).where(eq(auditLog.tenantId, a.id)))),
    ).toMatch(/permission denied|append-only/);
    expect(
      await dbErrorOf(
        t.db.system.update(auditLog).set({ action: 'changed' }).where(eq(auditLog.tenantId, a.id)),
      ),
    ).toMatch(/append-only/);
    expect(await dbErrorOf(t.db.system.delete(auditLog).where(eq(auditLog.tenantId, a.id)))).toMatch(
      /append-only/,
    );
    expect(await dbErrorOf(t.db.system.execute(sql`truncate audit_log`))).toMatch(/append-only/);
    const rows = await t.db.system.select().from(auditLog).where(eq(auditLog.tenantId, a.id));
    expect(rows.map((r) => r.action)).toEqual(['test.entry']);
  });

  it('a client user cannot be attached to another tenant’s account', async () => {
    const a = await buildTenant(t.db);
    const b = await buildTenant(t.db);
    const { account } = await buildAccount(t.db, a);
    expect(
      await dbErrorOf(
        t.db.system.execute(
          sql`insert into client_users (tenant_id, account_id, email, name, role) values (${b.id}, ${account.id}, 'x@example.com', 'X', 'member')`,
        ),
      ),
    ).toMatch(/foreign key/);
  });
});
