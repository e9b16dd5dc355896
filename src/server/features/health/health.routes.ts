import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { HttpProblem } from '../../problem';

const status = z.object({ status: z.literal('ok') });

export function healthRoutes(app: FastifyInstance, deps: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/health',
    {
      config: { permission: 'public' },
      schema: { tags: ['operations'], summary: 'The process is up', response: { 200: status } },
    },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/ready',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'The database answers and every migration is applied',
        response: { 200: status },
      },
    },
    async () => {
      if (!(await deps.db.isReady()))
        throw new HttpProblem(503, 'not_ready', 'Database not reachable or not migrated');
      return { status: 'ok' as const };
    },
  );
}
