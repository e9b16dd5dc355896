import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { dbErrorOf } from '../../../../test/support/db';
import { buildAccount, buildTenant, type TestTenant } from '../../../../test/support/factories';
import { buildBooking, buildModule, buildTariff, rules } from '../../../../test/support/order-factories';
import {
  auditLog,
  bookingCancellations,
  bookings,
  cancellationConfirmations,
  cancellationDeclarationMatches,
  cancellationDeclarations,
  outboxEmails,
} from '../../db/schema';
import { DECLARATION_ANSWER_MS } from './cancellation-button.routes';

let t: TestContext;
const dir = mkdtempSync(join(tmpdir(), 'kontor-receipt-'));

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** "Today" for the next requests (noon in Berlin). */
const today = (date: string) => t.clock.set(`${date}T10:00:00Z`);

let ip = 0;
/** A visitor without login, from an address of its own (the form is rate limited per address). */
const visitor = (tenant: TestTenant) =>
  new TestClient(t.app, tenant.host, { remoteAddress: `10.9.0.${++ip}` });

/** A consumer account (customer number K-…) with one monthly booking from 2024-01-10. */
async function setup(opts: { secondBooking?: boolean } = {}) {
  today('2024-06-01');
  const tenant = await buildTenant(t.db, { defaultLocale: 'de' });
  const module = await buildModule(t.db, tenant, { name: { de: 'Telefonanlage', en: 'Phone system' } });
  const tariff = await buildTariff(t.db, tenant, module, {
    terminationRule: rules.monthly,
    items: [{ title: { en: 'Base fee' }, key: 'base_fee', unitPrice: '9.90' }],
  });
  const customerNumber = `K-${Math.floor(Math.random() * 1e8)}`;
  const { account, owner } = await buildAccount(t.db, tenant, {
    customerNumber,
    customerType: 'consumer',
    contractConcludedAt: new Date('2024-01-01T00:00:00Z'),
  });
  const booking = await buildBooking(t.db, tenant, account, module, [
    { tariffId: tariff.id, startDate: '2024-01-10' },
  ]);
  let other: typeof booking | undefined;
  if (opts.secondBooking) {
    const module2 = await buildModule(t.db, tenant, { name: { de: 'Webhosting', en: 'Web hosting' } });
    const tariff2 = await buildTariff(t.db, tenant, module2, { terminationRule: rules.monthly });
    other = await buildBooking(t.db, tenant, account, module2, [
      { tariffId: tariff2.id, startDate: '2024-01-10' },
    ]);
  }
  return { tenant, module, account, owner, booking, other, customerNumber };
}
type Setup = Awaited<ReturnType<typeof setup>>;

const declaration = (s: Setup, over: Record<string, unknown> = {}) => ({
  kind: 'ordinary',
  name: s.owner.name,
  email: s.owner.email,
  contract: `Kundennummer ${s.customerNumber}`,
  desiredEndDate: null,
  confirmationEmail: 'confirm-here@consumer.example',
  locale: 'de',
  ...over,
});

const URL = '/api/v1/public/cancellations';

async function declare(c: TestClient, body: unknown) {
  const started = performance.now();
  const res = await c.post(URL, body);
  return { res, ms: performance.now() - started };
}

async function mailsTo(tenant: TestTenant, to: string) {
  return t.db.system
    .select()
    .from(outboxEmails)
    .where(and(eq(outboxEmails.tenantId, tenant.id), eq(outboxEmails.to, to)));
}

async function bookingEnd(id: string) {
  const [b] = await t.db.system.select().from(bookings).where(eq(bookings.id, id));
  return b?.endDate;
}

function pdfText(pdf: Buffer): string {
  const file = join(dir, `receipt-${ip}-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('the cancellation button (§312k BGB)', () => {
  it('identified: cancels the booking at the earliest end, audited as received via the button, confirms the end at once; the receipt downloads as PDF', async () => {
    const s = await setup();
    const c = visitor(s.tenant);
    const { res, ms } = await declare(c, declaration(s));
    expect(res.status).toBe(201);
    expect(ms).toBeGreaterThanOrEqual(DECLARATION_ANSWER_MS - 5);
    const receipt = res.json();
    expect(Object.keys(receipt).sort()).toEqual(['declaration', 'id', 'receiptToken', 'receivedAt']);
    expect(receipt.receivedAt).toBe('2024-06-01T10:00:00.000Z');
    expect(receipt.declaration).toMatchObject({ kind: 'ordinary', desiredEndDate: null, reason: null });

    expect(await bookingEnd(s.booking.id)).toBe('2024-07-31');
    const [cancellation] = await t.db.system
      .select()
      .from(bookingCancellations)
      .where(eq(bookingCancellations.bookingId, s.booking.id));
    expect(cancellation).toMatchObject({
      declaredByType: 'button',
      declaredById: receipt.id,
      requestedOn: '2024-06-01',
      lastDayToCancel: '2024-06-30',
    });
    const [audit] = await t.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, s.booking.id), eq(auditLog.action, 'booking.cancelled')));
    expect(audit).toMatchObject({ actorType: 'system', actorId: null });
    expect(audit?.after).toMatchObject({ receivedVia: 'cancellation_button', declarationId: receipt.id });
    const [match] = await t.db.system
      .select()
      .from(cancellationDeclarationMatches)
      .where(eq(cancellationDeclarationMatches.declarationId, receipt.id));
    expect(match).toMatchObject({ matchedByType: 'system', bookingId: s.booking.id, endDate: '2024-07-31' });

    const [mail, ...more] = await mailsTo(s.tenant, 'confirm-here@consumer.example');
    expect(more).toHaveLength(0);
    expect(mail?.text).toContain('Der Vertrag endet am 31. Juli 2024');
    expect(mail?.text).toContain('1. Juni 2024');
    expect(mail?.text).toContain(s.customerNumber);
    expect(mail?.text).toContain('https://');
    // The account owner is told as well (the lifecycle confirmation).
    expect((await mailsTo(s.tenant, s.owner.email)).map((m) => m.subject).join()).toMatch(/Kündigung/);
    const confirmations = await t.db.system
      .select()
      .from(cancellationConfirmations)
      .where(eq(cancellationConfirmations.declarationId, receipt.id));
    expect(confirmations.map((x) => [x.kind, x.endDate])).toEqual([['end_date', '2024-07-31']]);

    const pdf = await c.request(
      'GET',
      `${URL}/${receipt.id}/receipt.pdf?token=${encodeURIComponent(receipt.receiptToken)}`,
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = Buffer.from(pdf.body, 'latin1');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = await t.app.inject({
      method: 'GET',
      url: `${URL}/${receipt.id}/receipt.pdf?token=${encodeURIComponent(receipt.receiptToken)}`,
      headers: { host: s.tenant.host },
    });
    const text = pdfText(raw.rawPayload);
    expect(text).toContain('Eingangsbestätigung Ihrer Kündigung');
    expect(text).toContain(s.owner.name);
    expect(text).toContain(s.customerNumber);
    expect(text).toContain('zum nächstmöglichen Zeitpunkt');
    expect(text).toMatch(/1\. Juni 2024.*12:00/);
    const wrong = await c.request('GET', `${URL}/${receipt.id}/receipt.pdf?token=${'x'.repeat(43)}`);
    expect(wrong.status).toBe(404);
  });

  it('a desired end later than the earliest is taken; the module text picks one of several bookings', async () => {
    const s = await setup({ secondBooking: true });
    const { res } = await declare(
      visitor(s.tenant),
      declaration(s, { contract: `${s.customerNumber}, Webhosting`, desiredEndDate: '2024-09-30' }),
    );
    expect(res.status).toBe(201);
    expect(await bookingEnd(s.booking.id)).toBeNull();
    expect(await bookingEnd(s.other!.id)).toBe('2024-09-30');
  });

  it('two identified declarations for one booking at the same time: one cancels it, the other is left to staff; both are kept and confirmed', async () => {
    const s = await setup();
    const [a, b] = await Promise.all([
      visitor(s.tenant).post(URL, declaration(s, { confirmationEmail: 'first@consumer.example' })),
      visitor(s.tenant).post(URL, declaration(s, { confirmationEmail: 'second@consumer.example' })),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const cancellations = await t.db.system
      .select()
      .from(bookingCancellations)
      .where(eq(bookingCancellations.bookingId, s.booking.id));
    expect(cancellations).toHaveLength(1);
    expect(await bookingEnd(s.booking.id)).toBe('2024-07-31');
    const matches = await t.db.system
      .select()
      .from(cancellationDeclarationMatches)
      .where(eq(cancellationDeclarationMatches.bookingId, s.booking.id));
    expect(matches).toHaveLength(1);
    const kinds = await t.db.system
      .select()
      .from(cancellationConfirmations)
      .where(eq(cancellationConfirmations.tenantId, s.tenant.id));
    expect(kinds.map((k) => k.kind).sort()).toEqual(['end_date', 'receipt']);
    const staff = await loginStaff(t, s.tenant, 'employee');
    const incoming = (await staff.get('/api/v1/staff/cancellation-declarations')).json().items;
    expect(incoming).toHaveLength(1);
    expect([a.json().id, b.json().id]).toContain(incoming[0].id);
    expect(incoming[0].id).not.toBe(matches[0]?.declarationId);
  });

  it('unknown customer number: the same answer; staff (employee) match it by hand and the end is confirmed; clients are refused', async () => {
    const s = await setup();
    const known = await declare(
      visitor(s.tenant),
      declaration(s, { confirmationEmail: 'a@consumer.example' }),
    );
    // The booking is cancelled now; a second declaration for it cannot be matched automatically.
    const unknown = await declare(
      visitor(s.tenant),
      declaration(s, { contract: 'K-00000000', confirmationEmail: 'b@consumer.example' }),
    );
    expect(unknown.res.status).toBe(known.res.status);
    expect(Object.keys(unknown.res.json()).sort()).toEqual(Object.keys(known.res.json()).sort());
    expect(unknown.ms).toBeGreaterThanOrEqual(DECLARATION_ANSWER_MS - 5);
    expect(String(unknown.res.headers['set-cookie'] ?? '')).toBe(
      String(known.res.headers['set-cookie'] ?? ''),
    );
    const [mail] = await mailsTo(s.tenant, 'b@consumer.example');
    expect(mail?.text).toContain('sobald wir den Vertrag zugeordnet haben');
    const id = unknown.res.json().id;

    // Withdraw the first (staff) so that the booking can be cancelled again by the match.
    const employee = await loginStaff(t, s.tenant, 'employee');
    expect(
      (await employee.post(`/api/v1/staff/bookings/${s.booking.id}/cancellation/withdraw`, {})).status,
    ).toBe(200);
    const list = await employee.get('/api/v1/staff/cancellation-declarations');
    expect(list.status).toBe(200);
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect(list.json().items[0].confirmations).toMatchObject([{ kind: 'receipt', to: 'b@consumer.example' }]);

    const client = await loginClient(t, s.tenant, s.owner);
    expect((await client.get('/api/v1/staff/cancellation-declarations')).status).toBe(401);
    expect(
      (await client.post(`/api/v1/staff/cancellation-declarations/${id}/match`, { bookingId: s.booking.id }))
        .status,
    ).toBe(401);
    const anonymous = visitor(s.tenant);
    expect((await anonymous.get('/api/v1/staff/cancellation-declarations')).status).toBe(401);

    // Matched days later: the end still counts from the day of receipt.
    today('2024-07-02');
    const staff = await loginStaff(t, s.tenant, 'employee');
    const matched = await staff.post(`/api/v1/staff/cancellation-declarations/${id}/match`, {
      bookingId: s.booking.id,
    });
    expect(matched.status).toBe(200);
    expect(matched.json().match).toMatchObject({
      bookingId: s.booking.id,
      endDate: '2024-07-31',
      matchedBy: 'staff',
    });
    expect(await bookingEnd(s.booking.id)).toBe('2024-07-31');
    const mails = await mailsTo(s.tenant, 'b@consumer.example');
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.text).join()).toContain('Der Vertrag endet am 31. Juli 2024');
    expect(matched.json().confirmations.map((x: { kind: string }) => x.kind)).toEqual([
      'receipt',
      'end_date',
    ]);
    const again = await staff.post(`/api/v1/staff/cancellation-declarations/${id}/match`, {
      bookingId: s.booking.id,
    });
    expect(again.status).toBe(409);
    expect((await staff.get('/api/v1/staff/cancellation-declarations')).json().items).toEqual([]);
  });

  it('refusals: missing or extra fields, a date in the past, extraordinary without reason, a reason for an ordinary one; nothing stored', async () => {
    const s = await setup();
    const c = visitor(s.tenant);
    const before = await t.db.system
      .select()
      .from(cancellationDeclarations)
      .where(eq(cancellationDeclarations.tenantId, s.tenant.id));
    const missing = await c.post(URL, { kind: 'ordinary', name: 'X' });
    expect(missing.status).toBe(400);
    const fields = missing.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'contract', 'confirmationEmail']));
    expect((await c.post(URL, { ...declaration(s), iban: 'DE00' })).status).toBe(400);
    const past = await c.post(URL, declaration(s, { desiredEndDate: '2024-05-31' }));
    expect(past.status).toBe(400);
    expect(past.json().errors[0]).toMatchObject({ field: 'desiredEndDate', code: 'in_the_past' });
    const noReason = await c.post(URL, declaration(s, { kind: 'extraordinary', reason: '  ' }));
    expect(noReason.status).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', code: 'required' });
    expect((await c.post(URL, declaration(s, { reason: 'Too expensive' }))).status).toBe(400);
    expect((await c.post(URL, declaration(s, { desiredEndDate: '2024-02-30' }))).status).toBe(400);
    expect((await c.post(URL, declaration(s, { email: 'not-an-address' }))).status).toBe(400);
    expect((await c.request('POST', URL, undefined, { rawBody: '{"kind":' })).status).toBe(400);
    const after = await t.db.system
      .select()
      .from(cancellationDeclarations)
      .where(eq(cancellationDeclarations.tenantId, s.tenant.id));
    expect(after.length).toBe(before.length);
    expect(await bookingEnd(s.booking.id)).toBeNull();
  });

  it('an extraordinary cancellation is stored with its reason and left to staff', async () => {
    const s = await setup();
    const res = await visitor(s.tenant).post(
      URL,
      declaration(s, { kind: 'extraordinary', reason: 'Service down for weeks' }),
    );
    expect(res.status).toBe(201);
    expect(res.json().declaration).toMatchObject({ kind: 'extraordinary', reason: 'Service down for weeks' });
    expect(await bookingEnd(s.booking.id)).toBeNull();
    const staff = await loginStaff(t, s.tenant, 'employee');
    expect(
      (await staff.get('/api/v1/staff/cancellation-declarations')).json().items[0].declaration.kind,
    ).toBe('extraordinary');
  });

  it('cross-site posting is refused (no CSRF token), and the form is rate limited per address', async () => {
    const s = await setup();
    const c = visitor(s.tenant);
    const cross = await c.request('POST', URL, declaration(s), { csrf: false });
    expect(cross.status).toBe(403);
    expect(cross.json().code).toBe('csrf_failed');
    // A token of the attacker's own (the cookie of another browser) does not fit this browser's cookie.
    const other = visitor(s.tenant);
    await other.get('/api/v1/session');
    const forged = await c.request('POST', URL, declaration(s), {
      csrf: false,
      headers: { 'x-csrf-token': other.cookies.get('kontor_csrf') ?? '' },
    });
    expect(forged.status).toBe(403);
    expect(await bookingEnd(s.booking.id)).toBeNull();

    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (await c.post(URL, declaration(s, { contract: 'unknown', confirmationEmail: `r${i}@x.example` })))
          .status,
      );
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses[10]).toBe(429);
  });

  it('declarations are immutable (UPDATE and DELETE refused, as the application role and as owner); another tenant sees none', async () => {
    const s = await setup();
    const id = (await visitor(s.tenant).post(URL, declaration(s, { contract: 'nothing' }))).json().id;
    const where = eq(cancellationDeclarations.id, id);
    expect(
      await dbErrorOf(
        t.db.tenant(s.tenant.id, (tx) => tx.update(cancellationDeclarations).set({ name: 'X' }).where(where)),
      ),
    ).toMatch(/permission denied|append-only/);
    expect(
      await dbErrorOf(t.db.tenant(s.tenant.id, (tx) => tx.delete(cancellationDeclarations).where(where))),
    ).toMatch(/permission denied|append-only/);
    expect(
      await dbErrorOf(t.db.system.update(cancellationDeclarations).set({ name: 'X' }).where(where)),
    ).toMatch(/append-only/);
    expect(await dbErrorOf(t.db.system.delete(cancellationDeclarations).where(where))).toMatch(/append-only/);
    expect(
      await dbErrorOf(
        t.db.tenant(s.tenant.id, (tx) =>
          tx
            .update(cancellationConfirmations)
            .set({ toEmail: 'x@y.example' })
            .where(eq(cancellationConfirmations.declarationId, id)),
        ),
      ),
    ).toMatch(/permission denied|append-only/);
    const [row] = await t.db.system.select().from(cancellationDeclarations).where(where);
    expect(row?.name).toBe(s.owner.name);

    const other = await setup();
    const staff = await loginStaff(t, other.tenant, 'employee');
    const list = (await staff.get('/api/v1/staff/cancellation-declarations?status=all')).json();
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect(
      (
        await staff.post(`/api/v1/staff/cancellation-declarations/${id}/match`, {
          bookingId: other.booking.id,
        })
      ).status,
    ).toBe(404);
    expect(
      await t.db.tenant(other.tenant.id, (tx) => tx.select().from(cancellationDeclarations).where(where)),
    ).toEqual([]);
    const pdf = await visitor(other.tenant).get(`${URL}/${id}/receipt.pdf?token=${'x'.repeat(43)}`);
    expect(pdf.status).toBe(404);
  });
});
