import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { outboxList, pageQuery } from '../../../shared/schemas';
import type { Database } from '../../db/client';
import { HttpProblem } from '../../problem';
import { listOutbox } from './mail.repository';

/**
 * The development outbox: with SMTP configured it does not exist (404), so that no staff user can
 * read the links of other people's e-mails.
 */
export function mailRoutes(app: FastifyInstance, deps: { db: Database; smtpConfigured: boolean }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/staff/outbox',
    {
      config: { permission: 'tenant.readOutbox' },
      schema: {
        tags: ['mail'],
        summary: 'Development tool: e-mails kept instead of sent (only while SMTP is not configured)',
        description:
          'Exists only without SMTP_URL, for trying the portal out: it shows the texts of e-mails, ' +
          'links included. With SMTP configured it answers 404 development_outbox_disabled.',
        querystring: pageQuery,
        response: { 200: outboxList },
      },
    },
    async (request) => {
      if (deps.smtpConfigured)
        throw new HttpProblem(
          404,
          'development_outbox_disabled',
          'The development outbox is off: e-mail is sent over SMTP',
        );
      const { page, pageSize } = request.query;
      const { rows, total } = await deps.db.tenant(request.tenant.id, (tx) =>
        listOutbox(tx, request.tenant.id, { page, pageSize }),
      );
      return {
        items: rows.map((m) => ({
          id: m.id,
          to: m.to,
          subject: m.subject,
          text: m.text,
          status: m.status,
          createdAt: m.createdAt.toISOString(),
          sentAt: m.sentAt?.toISOString() ?? null,
        })),
        total,
        page,
        pageSize,
      };
    },
  );
}
