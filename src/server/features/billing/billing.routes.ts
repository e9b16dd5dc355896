import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  billingData,
  billingDataQuery,
  documentDetail,
  documentList,
  exportQuery,
  issueBody,
  issueResult,
  manualCorrectionBody,
  manualItemBody,
  manualItemDto,
  priceChangeBody,
  priceChangeList,
  usageImportBody,
  usageImportResult,
} from '../../../shared/schemas';
import { problems } from '../../problem';
import type { BillingService } from './billing.service';
import type { UsageService } from './usage.service';

const idParams = z.object({ id: z.uuid() }).strict();
const USAGE_CSV_LIMIT = 5 * 1024 * 1024;

/** Billing data, manual items, usage, issuing, corrections, the archive and the export (DOMAIN.md §5, §6). */
export function billingRoutes(app: FastifyInstance, deps: { billing: BillingService; usage: UsageService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { billing, usage } = deps;

  const clientAccount = (request: { actor: unknown }) => {
    const actor = request.actor as { realm: string; accountId?: string } | null;
    if (actor?.realm !== 'client' || !actor.accountId) throw problems.unauthorized();
    return actor.accountId;
  };

  r.get(
    '/api/v1/staff/accounts/:id/billing',
    {
      config: { permission: 'billing.view' },
      schema: {
        tags: ['billing'],
        summary: "An account's billing data: due, future and invoiced charges, and pending corrections",
        description:
          'until defaults to today; a later date is refused (future charges are listed as future).',
        params: idParams,
        querystring: billingDataQuery,
        response: { 200: billingData },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      return billing.billingData(ctx, request.params.id, request.query.until ?? ctx.today);
    },
  );

  r.get(
    '/api/v1/client/billing',
    {
      config: { permission: 'billing.view' },
      schema: {
        tags: ['client'],
        summary: "The client's own billing data (charges due, future and invoiced; announced price changes)",
        querystring: billingDataQuery,
        response: { 200: billingData },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      return billing.billingData(ctx, clientAccount(request), request.query.until ?? ctx.today);
    },
  );

  r.post(
    '/api/v1/staff/accounts/:id/manual-items',
    {
      config: { permission: 'billing.manage' },
      schema: {
        tags: ['billing'],
        summary: "Add a one-off line to the account's billing data (reason kept in the audit log)",
        params: idParams,
        body: manualItemBody,
        response: { 201: manualItemDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await billing.addManualItem(request.ctx(), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/staff/accounts/:id/invoices',
    {
      config: { permission: 'billing.manage' },
      schema: {
        tags: ['billing'],
        summary: 'Issue the invoice for every charge due up to a date, and the pending corrections',
        description:
          'Refused: a date after today (400 future_date), no invoice settings (409 no_invoice_settings), nothing due (409 nothing_due).',
        params: idParams,
        body: issueBody,
        response: { 201: issueResult },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await billing.issueInvoice(request.ctx(), request.params.id, request.body.until)),
  );

  r.post(
    '/api/v1/staff/accounts/:id/corrections',
    {
      config: { permission: 'billing.manage' },
      schema: {
        tags: ['billing'],
        summary: 'Issue the pending corrections at once (one correction per corrected invoice)',
        params: idParams,
        response: { 201: issueResult },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await billing.issuePendingCorrections(request.ctx(), request.params.id)),
  );

  r.post(
    '/api/v1/staff/documents/:id/corrections',
    {
      config: { permission: 'billing.manage' },
      schema: {
        tags: ['billing'],
        summary: 'Correct chosen lines of an issued invoice, with a reason (never an edit of the invoice)',
        params: idParams,
        body: manualCorrectionBody,
        response: { 201: issueResult },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await billing.correctLines(request.ctx(), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/staff/accounts/:id/documents',
    {
      config: { permission: 'billing.view' },
      schema: {
        tags: ['billing'],
        summary: "The account's documents: invoices and corrections, newest first",
        params: idParams,
        response: { 200: documentList },
      },
    },
    async (request) => billing.listDocuments(request.ctx(), request.params.id),
  );

  r.get(
    '/api/v1/client/documents',
    {
      config: { permission: 'billing.view' },
      schema: {
        tags: ['client'],
        summary: "The client's documents: invoices and corrections, newest first",
        response: { 200: documentList },
      },
    },
    async (request) => billing.listDocuments(request.ctx(), clientAccount(request)),
  );

  r.get(
    '/api/v1/staff/documents/:id',
    {
      config: { permission: 'billing.view' },
      schema: {
        tags: ['billing'],
        summary: 'One issued document with its frozen data',
        params: idParams,
        response: { 200: documentDetail },
      },
    },
    async (request) => billing.getDocument(request.ctx(), request.params.id),
  );

  r.get(
    '/api/v1/client/documents/:id',
    {
      config: { permission: 'billing.view' },
      schema: {
        tags: ['client'],
        summary: "One document of the client's own account with its frozen data",
        params: idParams,
        response: { 200: documentDetail },
      },
    },
    async (request) => billing.getDocument(request.ctx(), request.params.id),
  );

  r.post(
    '/api/v1/staff/usage',
    {
      config: { permission: 'billing.manage' },
      schema: {
        tags: ['billing'],
        summary: 'Import usage records (idempotent per sourceRecordId; all or nothing)',
        description:
          'Each record: sourceRecordId, bookingId, itemId (a usage item), month (YYYY-MM), quantity. Refused records answer 400 usage_refused with one error per record (field line.N.field); nothing is imported then.',
        body: usageImportBody,
        response: { 200: usageImportResult },
      },
    },
    async (request) => usage.importApi(request.ctx(), request.body.records),
  );

  // The CSV upload lives in its own scope: only here is text/csv accepted.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: USAGE_CSV_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/staff/usage/csv',
      {
        bodyLimit: USAGE_CSV_LIMIT,
        config: { permission: 'billing.manage' },
        schema: {
          tags: ['billing'],
          summary:
            'Import usage from a CSV file (header: source_record_id, booking_id, item_id, month, quantity)',
          description:
            'Comma or semicolon separated. Refused rows are listed by line number; nothing is imported then.',
          consumes: ['text/csv'],
          response: { 200: usageImportResult },
        },
      },
      async (request) => {
        if (typeof request.body !== 'string')
          throw problems.badRequest('validation_failed', 'Send a CSV file');
        return usage.importCsv(request.ctx(), request.body);
      },
    );
  });

  r.get(
    '/api/v1/staff/exports/documents.csv',
    {
      config: { permission: 'billing.export' },
      schema: {
        tags: ['billing'],
        summary: 'Issued documents of a period for bookkeeping (CSV, one row per document and VAT rate)',
        description: 'Documents of test accounts are left out.',
        produces: ['text/csv'],
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const csv = await usage.exportDocuments(request.ctx(), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="documents-${request.query.from}-${request.query.to}.csv"`,
        )
        .send(csv);
    },
  );

  r.get(
    '/api/v1/staff/tariff-items/:id/price-changes',
    {
      config: { permission: 'catalog.manage' },
      schema: {
        tags: ['catalog'],
        summary: 'Announced and past price changes of a tariff item',
        params: idParams,
        response: { 200: priceChangeList },
      },
    },
    async (request) => usage.priceChanges(request.ctx(), request.params.id),
  );

  r.post(
    '/api/v1/staff/tariff-items/:id/price-changes',
    {
      config: { permission: 'catalog.manage' },
      schema: {
        tags: ['catalog'],
        summary:
          'Change the price of a tariff item from a date (today or later); earlier periods keep the old price',
        params: idParams,
        body: priceChangeBody,
        response: { 201: priceChangeList },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await usage.announcePriceChange(request.ctx(), request.params.id, request.body)),
  );
}
