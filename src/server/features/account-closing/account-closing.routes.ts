import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountExport, accountOwnerSection, closeAccountBody } from '../../../shared/schemas';
import { problems } from '../../problem';
import type { EmailLinks } from '../mail/email-links';
import type { MailDispatcher } from '../mail/mail.dispatcher';
import type { AccountClosingService } from './account-closing.service';

type Deps = { closing: AccountClosingService; mail: MailDispatcher; emailLinks: EmailLinks };

const staffParams = z.object({ id: z.uuid() }).strict();

function clientActor(request: FastifyRequest) {
  const actor = request.actor;
  if (actor?.realm !== 'client') throw problems.unauthorized();
  return actor;
}

function staffActor(request: FastifyRequest) {
  const actor = request.actor;
  if (actor?.realm !== 'staff') throw problems.unauthorized();
  return actor;
}

const closeDescription =
  'Closes the account in one transaction: every login ends, personal data without a retention duty is ' +
  'erased or anonymised, documents and contract records are kept until the dates in the answer, the ' +
  'owner gets an e-mail. 400 confirmation_mismatch when confirmName is not the account name, 409 ' +
  'bookings_running (current: the running bookings and options), 409 account_closed when closed already.';

export function accountClosingRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/client/account/owner-section',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['account closing'],
        summary:
          'Section (2) Account owner: the owner, whether the account can be closed, what would be kept',
        response: { 200: accountOwnerSection },
      },
    },
    async (request) => {
      const actor = clientActor(request);
      return deps.closing.getSection(request.ctx(), actor, actor.accountId, request.tenant.timeZone);
    },
  );

  r.get(
    '/api/v1/staff/accounts/:id/owner-section',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['account closing'],
        summary: 'Section (2) Account owner of a client account',
        params: staffParams,
        response: { 200: accountOwnerSection },
      },
    },
    async (request) =>
      deps.closing.getSection(request.ctx(), staffActor(request), request.params.id, request.tenant.timeZone),
  );

  r.post(
    '/api/v1/client/account/close',
    {
      config: { permission: 'account.close' },
      schema: {
        tags: ['account closing'],
        summary: 'Close (delete) the own account',
        description: closeDescription,
        body: closeAccountBody,
        response: { 200: accountOwnerSection },
      },
    },
    async (request) => {
      const actor = clientActor(request);
      const result = await deps.closing.close(
        request.ctx(),
        actor,
        actor.accountId,
        request.body,
        await deps.emailLinks.emailPortal(request.tenant),
        request.tenant.timeZone,
      );
      deps.mail.kick();
      return result;
    },
  );

  r.post(
    '/api/v1/staff/accounts/:id/close',
    {
      config: { permission: 'account.close' },
      schema: {
        tags: ['account closing'],
        summary: 'Close (delete) a client account',
        description: closeDescription,
        params: staffParams,
        body: closeAccountBody,
        response: { 200: accountOwnerSection },
      },
    },
    async (request) => {
      const result = await deps.closing.close(
        request.ctx(),
        staffActor(request),
        request.params.id,
        request.body,
        await deps.emailLinks.emailPortal(request.tenant),
        request.tenant.timeZone,
      );
      deps.mail.kick();
      return result;
    },
  );

  r.get(
    '/api/v1/client/account/export',
    {
      config: { permission: 'account.export' },
      schema: {
        tags: ['account closing'],
        summary: "All of the account's data as JSON (GDPR Art. 15 and 20), for the account owner",
        description: 'No password hashes, session or link tokens.',
        response: { 200: accountExport },
      },
    },
    async (request, reply) => {
      const actor = clientActor(request);
      const data = await deps.closing.exportData(request.ctx(), actor, actor.accountId);
      reply.header('content-disposition', `attachment; filename="account-${actor.accountId}.json"`);
      reply.header('cache-control', 'no-store');
      return data;
    },
  );
}
