import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { buildApp } from '../app';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});

describe('policy layer', () => {
  it('every API route declares its action; this list is reviewed as a permission change', () => {
    const table = t.app.routeTable
      .map((r) => `${r.method.padEnd(6)} ${r.url} → ${r.permission}`)
      .sort()
      .join('\n');
    expect(table).toMatchInlineSnapshot(`
      "DELETE /api/v1/client/account/invitations/:invitationId → accountUser.revokeInvitation
      DELETE /api/v1/client/account/users/:userId → accountUser.remove
      DELETE /api/v1/staff/tariff-items/:id → catalog.manage
      DELETE /api/v1/staff/tariffs/:id → catalog.manage
      GET    /api/v1/client/account → contract.view
      GET    /api/v1/client/account/contract → contract.view
      GET    /api/v1/client/account/export → account.export
      GET    /api/v1/client/account/owner-section → contract.view
      GET    /api/v1/client/account/users → accountUser.view
      GET    /api/v1/client/billing → billing.view
      GET    /api/v1/client/bookings → contract.view
      GET    /api/v1/client/bookings/:id → contract.view
      GET    /api/v1/client/bookings/:id/lifecycle → contract.view
      GET    /api/v1/client/bookings/:id/tariff-choices → booking.changeAtComputedDate
      GET    /api/v1/client/documents → billing.view
      GET    /api/v1/client/documents/:id → billing.view
      GET    /api/v1/client/documents/:id/pdf → contract.view
      GET    /api/v1/client/modules → contract.view
      GET    /api/v1/client/modules/:id/order-page → contract.view
      GET    /api/v1/legal/:kind/current → public
      GET    /api/v1/legal/documents/:id → public
      GET    /api/v1/legal/documents/:id/pdf → public
      GET    /api/v1/public/cancellations/:id/receipt.pdf → public
      GET    /api/v1/session → public
      GET    /api/v1/staff/accounts → account.list
      GET    /api/v1/staff/accounts/:id → contract.view
      GET    /api/v1/staff/accounts/:id/audit → account.viewAudit
      GET    /api/v1/staff/accounts/:id/billing → billing.view
      GET    /api/v1/staff/accounts/:id/bookings → contract.view
      GET    /api/v1/staff/accounts/:id/contract → contract.view
      GET    /api/v1/staff/accounts/:id/documents → billing.view
      GET    /api/v1/staff/accounts/:id/modules/:moduleId/order-page → module.order
      GET    /api/v1/staff/accounts/:id/owner-section → contract.view
      GET    /api/v1/staff/accounts/:id/users → accountUser.view
      GET    /api/v1/staff/billing-runs → billing.manage
      GET    /api/v1/staff/billing-runs/:id → billing.manage
      GET    /api/v1/staff/bookings/:id → contract.view
      GET    /api/v1/staff/bookings/:id/lifecycle → contract.view
      GET    /api/v1/staff/bookings/:id/tariff-choices → booking.changeAtComputedDate
      GET    /api/v1/staff/cancellation-declarations → cancellation.match
      GET    /api/v1/staff/documents/:id → billing.view
      GET    /api/v1/staff/documents/:id/pdf → contract.view
      GET    /api/v1/staff/exports/documents.csv → billing.export
      GET    /api/v1/staff/invoice-settings → invoice.manage
      GET    /api/v1/staff/legal-documents → tenant.manageLegal
      GET    /api/v1/staff/modules → catalog.manage
      GET    /api/v1/staff/modules/:id → catalog.manage
      GET    /api/v1/staff/modules/:id/tariffs → catalog.manage
      GET    /api/v1/staff/outbox → tenant.readOutbox
      GET    /api/v1/staff/tariff-items/:id/price-changes → catalog.manage
      GET    /api/v1/staff/tariffs/:id → catalog.manage
      GET    /health → public
      GET    /ready → public
      PATCH  /api/v1/client/account/users/:userId/role → accountUser.changeRole
      PATCH  /api/v1/client/bookings/:id/module-data → booking.editModuleData
      PATCH  /api/v1/staff/bookings/:id/module-data → booking.editModuleData
      PATCH  /api/v1/staff/modules/:id → catalog.manage
      PATCH  /api/v1/staff/tariff-items/:id → catalog.manage
      PATCH  /api/v1/staff/tariffs/:id → catalog.manage
      POST   /api/v1/client/account/close → account.close
      POST   /api/v1/client/account/invitations → accountUser.invite
      POST   /api/v1/client/account/invitations/:invitationId/resend → accountUser.resendInvitation
      POST   /api/v1/client/bookings/:id/cancellation → booking.changeAtComputedDate
      POST   /api/v1/client/bookings/:id/cancellation/preview → booking.changeAtComputedDate
      POST   /api/v1/client/bookings/:id/cancellation/withdraw → booking.withdrawCancellation
      POST   /api/v1/client/bookings/:id/tariff-change → booking.changeAtComputedDate
      POST   /api/v1/client/bookings/:id/tariff-change/preview → booking.changeAtComputedDate
      POST   /api/v1/client/bookings/:id/tariff-change/withdraw → booking.withdrawCancellation
      POST   /api/v1/client/login → public
      POST   /api/v1/client/modules/:id/orders → module.order
      POST   /api/v1/client/register → public
      POST   /api/v1/client/verify-email → public
      POST   /api/v1/client/verify-email/resend → self.manage
      POST   /api/v1/invitations/accept → public
      POST   /api/v1/invitations/preview → public
      POST   /api/v1/logout → public
      POST   /api/v1/password-reset/confirm → public
      POST   /api/v1/password-reset/request → public
      POST   /api/v1/public/cancellations → public
      POST   /api/v1/staff/accounts/:id/close → account.close
      POST   /api/v1/staff/accounts/:id/corrections → billing.manage
      POST   /api/v1/staff/accounts/:id/invitations/:invitationId/resend → accountUser.resendInvitation
      POST   /api/v1/staff/accounts/:id/invoices → billing.manage
      POST   /api/v1/staff/accounts/:id/manual-items → billing.manage
      POST   /api/v1/staff/accounts/:id/orders → module.order
      POST   /api/v1/staff/billing-runs → billing.manage
      POST   /api/v1/staff/bookings/:id/cancellation → booking.changeAtComputedDate
      POST   /api/v1/staff/bookings/:id/cancellation/preview → booking.changeAtComputedDate
      POST   /api/v1/staff/bookings/:id/cancellation/withdraw → booking.withdrawCancellation
      POST   /api/v1/staff/bookings/:id/options → option.manage
      POST   /api/v1/staff/bookings/:id/options/:optionId/termination → option.manage
      POST   /api/v1/staff/bookings/:id/tariff-change → booking.changeAtComputedDate
      POST   /api/v1/staff/bookings/:id/tariff-change/preview → booking.changeAtComputedDate
      POST   /api/v1/staff/bookings/:id/tariff-change/withdraw → booking.withdrawCancellation
      POST   /api/v1/staff/cancellation-declarations/:id/match → cancellation.match
      POST   /api/v1/staff/documents/:id/corrections → billing.manage
      POST   /api/v1/staff/legal-documents → tenant.manageLegal
      POST   /api/v1/staff/legal-documents/pdf → tenant.manageLegal
      POST   /api/v1/staff/login → public
      POST   /api/v1/staff/modules → catalog.manage
      POST   /api/v1/staff/modules/:id/tariffs → catalog.manage
      POST   /api/v1/staff/tariff-items/:id/price-changes → catalog.manage
      POST   /api/v1/staff/tariffs/:id/copy → catalog.manage
      POST   /api/v1/staff/tariffs/:id/items → catalog.manage
      POST   /api/v1/staff/tariffs/:id/publish → catalog.manage
      POST   /api/v1/staff/tariffs/:id/unpublish → catalog.manage
      POST   /api/v1/staff/termination-rules/preview → catalog.manage
      POST   /api/v1/staff/usage → billing.manage
      POST   /api/v1/staff/usage/csv → billing.manage
      PUT    /api/v1/client/account/contract/billing-address → contract.editBilling
      PUT    /api/v1/client/account/contract/invoice-receipt → contract.editBilling
      PUT    /api/v1/client/account/contract/purchase-order → contract.editBilling
      PUT    /api/v1/client/account/owner → account.transferOwnership
      PUT    /api/v1/me/preferences → self.manage
      PUT    /api/v1/staff/accounts/:id/contract/billing-address → contract.editBilling
      PUT    /api/v1/staff/accounts/:id/contract/contract-start → contract.changeStart
      PUT    /api/v1/staff/accounts/:id/contract/customer-number → contract.editCustomerNumber
      PUT    /api/v1/staff/accounts/:id/contract/invoice-receipt → contract.editBilling
      PUT    /api/v1/staff/accounts/:id/contract/partner → contract.editPartner
      PUT    /api/v1/staff/accounts/:id/contract/payment-terms → contract.editPaymentTerms
      PUT    /api/v1/staff/accounts/:id/contract/purchase-order → contract.editBilling
      PUT    /api/v1/staff/accounts/:id/contract/test-account → contract.setTestAccount
      PUT    /api/v1/staff/accounts/:id/contract/vat → contract.editVat
      PUT    /api/v1/staff/invoice-settings → invoice.manage"
    `);
  });

  it('the server refuses to start when a route declares no permission', async () => {
    const app = await buildApp({
      config: {
        defaultTenant: 'none',
        publicUrl: 'https://portal.example',
        smtpUrl: undefined,
        mailFrom: 'x@example.com',
        trustProxy: false,
        sessionIdleMinutes: 1,
        sessionAbsoluteHours: 1,
      },
      db: t.db,
      clock: t.clock,
      logger: false,
    });
    await app.close();
    const { default: Fastify } = await import('fastify');
    const { registerAuth } = await import('./auth');
    const bare = Fastify();
    const { createAuthService } = await import('../features/auth/auth.service');
    registerAuth(
      bare,
      { auth: createAuthService(t.db, { idleMs: 1, absoluteMs: 1 }), clock: t.clock, db: t.db },
      [],
    );
    expect(() => bare.get('/api/v1/forgotten', async () => 'x')).toThrow(/declares no permission/);
    await bare.close();
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document with every API route and the interactive page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const r of t.app.routeTable.filter((x) => x.url.startsWith('/api/v1'))) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
    }
    expect(doc.components.schemas.Problem).toBeDefined();
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/swagger/i);
  });

  it('health and readiness answer', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  });
});
