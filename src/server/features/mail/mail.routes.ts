import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { outboxList, pageQuery } from '../../../shared/schemas';
import type { Database } from '../../db/client';
import { listOutbox } from './mail.repository';

export function mailRoutes(app: FastifyInstance, deps: { db: Database }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/staff/outbox',
    {
      config: { permission: 'tenant.readOutbox' },
      schema: {
        tags: ['mail'],
        summary: 'E-mails of the tenant (the development outbox when SMTP is not configured)',
        querystring: pageQuery,
        response: { 200: outboxList },
      },
    },
    async (request) => {
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
