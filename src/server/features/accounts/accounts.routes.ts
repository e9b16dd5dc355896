import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountDetail, accountList, accountListQuery, auditList, auditQuery } from '../../../shared/schemas';
import type { Database } from '../../db/client';
import { problems } from '../../problem';
import { presentAuditEntry } from '../audit/audit.presenter';
import { listAccountAudit } from '../audit/audit.repository';
import { presentAccountSummary } from './accounts.presenter';
import { accountsRepository } from './accounts.repository';
import type { AccountsService } from './accounts.service';

const idParams = z.object({ id: z.uuid() }).strict();

export function accountsRoutes(app: FastifyInstance, deps: { db: Database; accounts: AccountsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/staff/accounts',
    {
      config: { permission: 'account.list' },
      schema: {
        tags: ['accounts'],
        summary: 'Client accounts of the tenant, searchable by name, e-mail or customer number',
        querystring: accountListQuery,
        response: { 200: accountList },
      },
    },
    async (request) => {
      const { q, page, pageSize, test } = request.query;
      const actor = request.actor!;
      const { rows, total, capped } = await deps.db.tenant(request.tenant.id, (tx) =>
        accountsRepository.search(tx, request.tenant.id, q || undefined, { page, pageSize }, test),
      );
      return {
        items: rows.map((row) => presentAccountSummary(actor, row)),
        total,
        totalCapped: capped,
        page,
        pageSize,
      };
    },
  );

  r.get(
    '/api/v1/staff/accounts/:id',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['accounts'],
        summary: 'One client account',
        params: idParams,
        response: { 200: accountDetail },
      },
    },
    async (request) => deps.accounts.getAccount(request.ctx(), request.actor!, request.params.id),
  );

  r.get(
    '/api/v1/staff/accounts/:id/audit',
    {
      config: { permission: 'account.viewAudit' },
      schema: {
        tags: ['accounts'],
        summary: "The account's history (audit log), newest first, with names; filterable by kind",
        description:
          'Each entry carries its action, the kind it belongs to, before/after values, the reason, and the names ' +
          'resolved in the same query: `subject` (what the entry is about: the module of a booking, the item and ' +
          'module of an option, the number of a document, the name of a user, …; null when it no longer exists) ' +
          'and `names` (every id inside before/after that names a tariff, item, module, booking, option, user, ' +
          'document or legal document of this operator and account, by id). `kind` filters by group of actions. ' +
          "A user's preferences (such as the UI language) are not part of an account's history.",
        params: idParams,
        querystring: auditQuery,
        response: { 200: auditList },
      },
    },
    async (request) => {
      const tenantId = request.tenant.id;
      const { page, pageSize, kind } = request.query;
      const { rows, total } = await deps.db.tenant(tenantId, async (tx) => {
        if (!(await accountsRepository.find(tx, tenantId, request.params.id)))
          throw problems.notFound('Account');
        return listAccountAudit(tx, tenantId, request.params.id, { page, pageSize, kind });
      });
      return { items: rows.map(presentAuditEntry), total, page, pageSize };
    },
  );

  r.get(
    '/api/v1/client/account',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['client'],
        summary: "The logged-in client's own account",
        response: { 200: accountDetail },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (actor?.realm !== 'client') throw problems.unauthorized();
      return deps.accounts.getAccount(request.ctx(), actor, actor.accountId);
    },
  );
}
