import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { billingRunDetail, billingRunList, billingRunStartBody } from '../../../shared/schemas';
import type { BillingRunService } from './billing-run.service';

const idParams = z.object({ id: z.uuid() }).strict();

/** The billing run of an operator (DOMAIN.md §5): started by a supermanager, progress while it runs. */
export function billingRunRoutes(app: FastifyInstance, deps: { billingRun: BillingRunService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { billingRun } = deps;

  r.post(
    '/api/v1/staff/billing-runs',
    {
      config: { permission: 'billing.manage' },
      schema: {
        tags: ['billing'],
        summary: 'Start a billing run: every account of the operator invoiced up to a date, as jobs',
        description:
          'Answers at once with the run; its progress is read from GET /api/v1/staff/billing-runs/{id}. Refused: a date after today (400 future_date), no invoice settings (409 no_invoice_settings), a run still running (409 run_in_progress).',
        body: billingRunStartBody,
        response: { 201: billingRunDetail },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const run = await billingRun.start(ctx, request.body.until);
      return reply.code(201).send(await billingRun.get(ctx, run.id));
    },
  );

  r.get(
    '/api/v1/staff/billing-runs',
    {
      config: { permission: 'billing.manage' },
      schema: {
        tags: ['billing'],
        summary: 'The latest 20 billing runs with their progress, newest first',
        response: { 200: billingRunList },
      },
    },
    async (request) => billingRun.list(request.ctx()),
  );

  r.get(
    '/api/v1/staff/billing-runs/:id',
    {
      config: { permission: 'billing.manage' },
      schema: {
        tags: ['billing'],
        summary: 'One billing run: accounts done of all, documents issued, failed accounts with reasons',
        params: idParams,
        response: { 200: billingRunDetail },
      },
    },
    async (request) => billingRun.get(request.ctx(), request.params.id),
  );
}
