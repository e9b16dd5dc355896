import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  orderableModuleList,
  orderBody,
  orderPage,
  orderPageQuery,
  orderResult,
} from '../../../shared/schemas';
import { problems } from '../../problem';
import type { EmailLinks } from '../mail/email-links';
import type { MailDispatcher } from '../mail/mail.dispatcher';
import type { OrderingService } from './ordering.service';

const idParams = z.object({ id: z.uuid() }).strict();

type Deps = { ordering: OrderingService; mail: MailDispatcher; emailLinks: EmailLinks };

export function orderingRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/client/modules',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['client'],
        summary: 'Modules the client can order: active, with at least one public tariff',
        response: { 200: orderableModuleList },
      },
    },
    async (request) => ({ items: await deps.ordering.listOrderableModules(request.ctx()) }),
  );

  r.get(
    '/api/v1/client/modules/:id/order-page',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['client'],
        summary: "A module's order page: public tariffs with price lists and dates if ordered today",
        description:
          'With offerNumber, also the non-public tariff with that number when it belongs to this module; ' +
          'otherwise 404 offer_number_unknown (the same answer for any wrong number). A retired module or ' +
          'one without tariffs answers 404 module_not_orderable.',
        params: idParams,
        querystring: orderPageQuery,
        response: { 200: orderPage },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (actor?.realm !== 'client') throw problems.unauthorized();
      return deps.ordering.orderPage(
        request.ctx(),
        actor,
        actor.accountId,
        request.params.id,
        request.query.offerNumber || undefined,
        request.tenant.currency,
      );
    },
  );

  r.post(
    '/api/v1/client/modules/:id/orders',
    {
      config: { permission: 'module.order' },
      schema: {
        tags: ['client'],
        summary: 'Order a module (binding, with obligation to pay); the first order concludes the contract',
        description:
          'Needs a confirmed e-mail address. The first order needs contractPartner, termsId (the current ' +
          'terms and conditions) and acceptTerms. A repeated request with the same idempotencyKey answers ' +
          '200 with the booking of the first one.',
        params: idParams,
        body: orderBody,
        response: { 200: orderResult, 201: orderResult },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor?.realm !== 'client') throw problems.unauthorized();
      const { created, ...result } = await deps.ordering.placeOrder(
        request.ctx(),
        actor,
        actor.accountId,
        request.params.id,
        request.body,
        await deps.emailLinks.emailPortal(request.tenant),
      );
      if (created) deps.mail.kick();
      return reply.code(created ? 201 : 200).send(result);
    },
  );

  r.get(
    '/api/v1/staff/accounts/:id/modules/:moduleId/order-page',
    {
      config: { permission: 'module.order' },
      schema: {
        tags: ['accounts'],
        summary: "A module's order page for ordering on the client's behalf",
        description:
          "Like the client's order page; a manager or above sees every tariff of the module, an employee " +
          "the public ones and the one an offer number reveals. emailVerified is the account owner's.",
        params: z.object({ id: z.uuid(), moduleId: z.uuid() }).strict(),
        querystring: orderPageQuery,
        response: { 200: orderPage },
      },
    },
    async (request) =>
      deps.ordering.orderPage(
        request.ctx(),
        request.actor!,
        request.params.id,
        request.params.moduleId,
        request.query.offerNumber || undefined,
        request.tenant.currency,
      ),
  );

  r.post(
    '/api/v1/staff/accounts/:id/orders',
    {
      config: { permission: 'module.order' },
      schema: {
        tags: ['accounts'],
        summary: "Order a module on the client's behalf (the tariff names the module)",
        description:
          'An employee may use a public tariff or a non-public one with its offer number; a manager or ' +
          'above any tariff of the module. The first order concludes the contract (contractPartner ' +
          'required); no acceptance of the terms is recorded for the client.',
        params: idParams,
        body: orderBody,
        response: { 200: orderResult, 201: orderResult },
      },
    },
    async (request, reply) => {
      const { created, ...result } = await deps.ordering.placeOrder(
        request.ctx(),
        request.actor!,
        request.params.id,
        null,
        request.body,
        await deps.emailLinks.emailPortal(request.tenant),
      );
      if (created) deps.mail.kick();
      return reply.code(created ? 201 : 200).send(result);
    },
  );
}
