import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { buildAccount, buildTenant } from '../../../../test/support/factories';
import { buildBooking, buildModule, buildShop, buildTariff } from '../../../../test/support/order-factories';
import { auditLog } from '../../db/schema';
import { isUniqueViolation } from '../registration/registration.repository';

let t: TestContext;

beforeAll(async () => {
  t = await startTestApp();
});

async function setup() {
  const tenant = await buildTenant(t.db);
  const shop = await buildShop(t.db, tenant);
  const { account, owner, member } = await buildAccount(t.db, tenant);
  const booking = await buildBooking(t.db, tenant, account, shop.module, [
    { tariffId: shop.publicTariff.id, startDate: '2026-03-01' },
  ]);
  const c = await loginClient(t, tenant, owner);
  return { tenant, ...shop, account, owner, member, booking, c };
}

describe('the modules section', () => {
  it('lists bookings with state and current tariff, and the modules still orderable', async () => {
    const s = await setup();
    const second = await buildModule(t.db, s.tenant);
    const secondTariff = await buildTariff(t.db, s.tenant, second);
    // Today is 2026-11-26: one tariff change in the past, one ended, one terminated.
    const changed = await buildBooking(t.db, s.tenant, s.account, second, [
      { tariffId: s.publicTariff.id, startDate: '2026-01-01', endDate: '2026-06-30' },
      { tariffId: secondTariff.id, startDate: '2026-07-01', endDate: null },
    ]);
    // One current booking per module and account (ADR 0007): the ended and the terminated booking
    // are of other modules.
    const third = await buildModule(t.db, s.tenant);
    const fourth = await buildModule(t.db, s.tenant);
    const ended = await buildBooking(t.db, s.tenant, s.account, third, [
      { tariffId: s.publicTariff.id, startDate: '2026-01-01', endDate: '2026-11-25' },
    ]);
    const terminated = await buildBooking(t.db, s.tenant, s.account, fourth, [
      { tariffId: s.secretTariff.id, startDate: '2026-02-01', endDate: '2026-11-26' },
    ]);

    const res = await s.c.get('/api/v1/client/bookings');
    expect(res.status).toBe(200);
    const body = res.json();
    const byId = Object.fromEntries(body.bookings.map((b: { id: string }) => [b.id, b]));
    expect(byId[s.booking.id]).toMatchObject({
      state: 'active',
      tariffId: s.publicTariff.id,
      moduleName: s.module.name,
      fields: s.module.fields,
      abilities: { 'booking.editModuleData': true },
    });
    expect(byId[changed.id]).toMatchObject({ state: 'active', tariffId: secondTariff.id });
    expect(byId[ended.id]).toMatchObject({ state: 'ended', endDate: '2026-11-25' });
    expect(byId[terminated.id]).toMatchObject({ state: 'terminated', tariffId: s.secretTariff.id });
    expect(body.orderable.map((m: { id: string }) => m.id).sort()).toEqual([s.module.id, second.id].sort());
    // Both orderable modules are booked: each names its current booking (not orderable again).
    const current = Object.fromEntries(
      body.orderable.map((m: { id: string; currentBookingId: string | null }) => [m.id, m.currentBookingId]),
    );
    expect(current).toEqual({ [s.module.id]: s.booking.id, [second.id]: changed.id });

    const staff = await loginStaff(t, s.tenant, 'employee');
    const asStaff = (await staff.get(`/api/v1/staff/accounts/${s.account.id}/bookings`)).json();
    expect(asStaff.bookings).toHaveLength(4);
    expect(asStaff.bookings[0].abilities).toEqual({ 'booking.editModuleData': true });
  });

  it('a member sees the bookings without the edit ability; other tenants see nothing', async () => {
    const s = await setup();
    const m = await loginClient(t, s.tenant, s.member);
    const res = (await m.get('/api/v1/client/bookings')).json();
    expect(res.bookings[0].abilities).toEqual({ 'booking.editModuleData': false });

    const other = await setup();
    expect(
      (await other.c.get('/api/v1/client/bookings')).json().bookings.map((b: { id: string }) => b.id),
    ).toEqual([other.booking.id]);
    const foreignStaff = await loginStaff(t, other.tenant, 'owner');
    expect((await foreignStaff.get(`/api/v1/staff/accounts/${s.account.id}/bookings`)).status).toBe(404);
  });
});

describe('a single booking', () => {
  it('a client reads a booking of their own account, a member without the edit ability', async () => {
    const s = await setup();
    const res = await s.c.get(`/api/v1/client/bookings/${s.booking.id}`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      id: s.booking.id,
      moduleId: s.module.id,
      moduleName: s.module.name,
      tariffId: s.publicTariff.id,
      startDate: '2026-03-01',
      endDate: null,
      state: 'active',
      fields: s.module.fields,
      version: 1,
      abilities: { 'booking.editModuleData': true },
    });
    // The same booking as in the modules section.
    const listed = (await s.c.get('/api/v1/client/bookings')).json().bookings[0];
    expect(res.json()).toEqual(listed);

    const m = await loginClient(t, s.tenant, s.member);
    const asMember = await m.get(`/api/v1/client/bookings/${s.booking.id}`);
    expect(asMember.status).toBe(200);
    expect(asMember.json().abilities).toEqual({ 'booking.editModuleData': false });
  });

  it("another account's or tenant's booking is not found; an unknown id neither; staff URLs refuse clients", async () => {
    const s = await setup();
    const { owner } = await buildAccount(t.db, s.tenant);
    const stranger = await loginClient(t, s.tenant, owner);
    const foreignAccount = await stranger.get(`/api/v1/client/bookings/${s.booking.id}`);
    expect(foreignAccount.status).toBe(404);
    expect(foreignAccount.headers['content-type']).toMatch(/application\/problem\+json/);

    const other = await setup();
    expect((await other.c.get(`/api/v1/client/bookings/${s.booking.id}`)).status).toBe(404);
    expect((await s.c.get(`/api/v1/client/bookings/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await s.c.get('/api/v1/client/bookings/not-a-uuid')).status).toBe(400);
    expect((await s.c.get(`/api/v1/staff/bookings/${s.booking.id}`)).status).toBe(401);
    expect(
      (await new TestClient(t.app, s.tenant.host).get(`/api/v1/client/bookings/${s.booking.id}`)).status,
    ).toBe(401);
  });

  it('staff read any booking of their tenant, never another tenant’s', async () => {
    const s = await setup();
    const employee = await loginStaff(t, s.tenant, 'employee');
    const res = await employee.get(`/api/v1/staff/bookings/${s.booking.id}`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      id: s.booking.id,
      tariffId: s.publicTariff.id,
      abilities: { 'booking.editModuleData': true },
    });
    const other = await setup();
    const foreignStaff = await loginStaff(t, other.tenant, 'owner');
    expect((await foreignStaff.get(`/api/v1/staff/bookings/${s.booking.id}`)).status).toBe(404);
    expect((await employee.get(`/api/v1/staff/bookings/${other.booking.id}`)).status).toBe(404);
  });
});

describe('module data', () => {
  const url = (id: string, realm: 'client' | 'staff' = 'client') =>
    `/api/v1/${realm}/bookings/${id}/module-data`;

  it('a client admin fills in client-editable fields; the change is audited with before and after', async () => {
    const s = await setup();
    const res = await s.c.patch(url(s.booking.id), {
      values: { greeting_name: 'Bakkerij Jansen', forwarding_number: '+31 20 123 4567' },
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      version: 2,
      moduleData: { greeting_name: 'Bakkerij Jansen', forwarding_number: '+31 20 123 4567' },
    });
    const [entry] = await t.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, s.booking.id), eq(auditLog.action, 'booking.module_data_changed')));
    expect(entry).toMatchObject({
      actorType: 'client',
      actorId: s.owner.id,
      accountId: s.account.id,
      before: { greeting_name: null, forwarding_number: null },
      after: { greeting_name: 'Bakkerij Jansen', forwarding_number: '+31 20 123 4567' },
    });

    // Sending an unchanged staff-only value along with the form is fine.
    const same = await s.c.patch(url(s.booking.id), {
      values: { greeting_name: 'Jansen', lines: null },
      version: 2,
    });
    expect(same.status).toBe(200);
    expect(same.json().moduleData.greeting_name).toBe('Jansen');
  });

  it('a client may not change staff-only fields; staff may', async () => {
    const s = await setup();
    const refused = await s.c.patch(url(s.booking.id), { values: { lines: 3 }, version: 1 });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({
      code: 'field_not_client_editable',
      errors: [{ field: 'lines', code: 'not_client_editable' }],
    });
    const staff = await loginStaff(t, s.tenant, 'employee');
    const ok = await staff.patch(url(s.booking.id, 'staff'), { values: { lines: 3 }, version: 1 });
    expect(ok.status).toBe(200);
    expect(ok.json().moduleData).toEqual({ lines: 3 });
  });

  it('refuses invalid values, unknown fields and a cleared required field with field messages', async () => {
    const s = await setup();
    const bad = await s.c.patch(url(s.booking.id), {
      values: { forwarding_number: 'call me', colour: 'red', greeting_name: ' ' },
      version: 1,
    });
    expect(bad.status).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)
        .sort(),
    ).toEqual(['colour:unknown_field', 'forwarding_number:invalid', 'greeting_name:required']);
  });

  it('a stale version gets 409 with the current booking', async () => {
    const s = await setup();
    expect((await s.c.patch(url(s.booking.id), { values: { greeting_name: 'A' }, version: 1 })).status).toBe(
      200,
    );
    const stale = await s.c.patch(url(s.booking.id), { values: { greeting_name: 'B' }, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'stale_version',
      current: { id: s.booking.id, version: 2, moduleData: { greeting_name: 'A' } },
    });
  });

  it('a member, another account and another tenant are refused', async () => {
    const s = await setup();
    const m = await loginClient(t, s.tenant, s.member);
    expect((await m.patch(url(s.booking.id), { values: { greeting_name: 'X' }, version: 1 })).status).toBe(
      403,
    );

    const { owner } = await buildAccount(t.db, s.tenant);
    const stranger = await loginClient(t, s.tenant, owner);
    expect(
      (await stranger.patch(url(s.booking.id), { values: { greeting_name: 'X' }, version: 1 })).status,
    ).toBe(404);

    const other = await buildTenant(t.db);
    const foreignStaff = await loginStaff(t, other, 'owner');
    expect(
      (await foreignStaff.patch(url(s.booking.id, 'staff'), { values: { greeting_name: 'X' }, version: 1 }))
        .status,
    ).toBe(404);
    expect((await s.c.patch(url(s.booking.id, 'staff'), { values: {}, version: 1 })).status).toBe(401);
  });
});

describe('idempotency key', () => {
  it('the database refuses a second booking with the same key, recognisably (orders rely on it)', async () => {
    const s = await setup();
    // Another module, and days that do not overlap: only the key collides (ADR 0007).
    const module = await buildModule(t.db, s.tenant);
    const again = (day: string) =>
      buildBooking(
        t.db,
        s.tenant,
        s.account,
        module,
        [{ tariffId: s.publicTariff.id, startDate: day, endDate: day }],
        {
          idempotencyKey: 'same-key-123',
        },
      );
    await again('2026-11-26');
    const error = await again('2026-11-27').then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error, 'bookings_idempotency')).toBe(true);
    expect(isUniqueViolation(error, 'client_users_email')).toBe(false);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
  });
});
