import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../../problem';
import type { DocumentFilesService } from './document-files.service';

const idParams = z.object({ id: z.uuid() }).strict();
const pdfHeaders = z.object({ 'if-none-match': z.string().optional() });

export function documentFilesRoutes(app: FastifyInstance, deps: { documentFiles: DocumentFilesService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function send(request: FastifyRequest, reply: FastifyReply, documentId: string) {
    const file = await deps.documentFiles.pdfFor(request.ctx(), request.actor!, documentId);
    const etag = `"${file.sha256}"`;
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    const given = request.headers['if-none-match'];
    if (given?.split(',').some((t) => t.trim() === etag)) return reply.code(304).send();
    const filename = `${file.number.replace(/[^\w.-]+/g, '_')}.pdf`;
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${filename}"`)
      .send(file.pdf);
  }

  const description =
    'The stored PDF of an issued document, exactly as rendered once from its frozen data; the ETag is its SHA-256. ' +
    'A document whose render job has not run yet is rendered and stored on this first request.';

  r.get(
    '/api/v1/client/documents/:id/pdf',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['client'],
        summary: "PDF of a document of the client's own account",
        description: `${description} Another account's or tenant's document answers 404.`,
        params: idParams,
        headers: pdfHeaders,
      },
    },
    async (request, reply) => {
      if (request.actor?.realm !== 'client') throw problems.unauthorized();
      return send(request, reply, request.params.id);
    },
  );

  r.get(
    '/api/v1/staff/documents/:id/pdf',
    {
      config: { permission: 'contract.view' },
      schema: {
        tags: ['documents'],
        summary: 'PDF of a document of the operator',
        description: `${description} Another tenant's document answers 404.`,
        params: idParams,
        headers: pdfHeaders,
      },
    },
    async (request, reply) => {
      if (request.actor?.realm !== 'staff') throw problems.unauthorized();
      return send(request, reply, request.params.id);
    },
  );
}
