import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  legalDocumentBody,
  legalDocumentDto,
  legalDocumentList,
  legalKind,
  legalPdfQuery,
} from '../../../shared/schemas';
import type { LegalService } from './legal.service';

/** Uploaded PDFs may be this large; every other route keeps the app's small JSON limit. */
export const LEGAL_PDF_LIMIT = 10 * 1024 * 1024;

const idParams = z.object({ id: z.uuid() }).strict();

/**
 * Terms and conditions and privacy policy: the owner publishes versions (text or PDF); anyone on
 * the portal reads the current version and every earlier one, forever.
 */
export function legalRoutes(app: FastifyInstance, deps: { legal: LegalService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { legal } = deps;

  r.get(
    '/api/v1/staff/legal-documents',
    {
      config: { permission: 'tenant.manageLegal' },
      schema: {
        tags: ['legal'],
        summary: 'Every published version of the legal documents, per kind, newest first',
        response: { 200: legalDocumentList },
      },
    },
    async (request) => ({ items: await legal.listDocuments(request.ctx()) }),
  );

  r.post(
    '/api/v1/staff/legal-documents',
    {
      config: { permission: 'tenant.manageLegal' },
      schema: {
        tags: ['legal'],
        summary: 'Publish a new version as text (version = previous + 1 of its kind)',
        body: legalDocumentBody,
        response: { 201: legalDocumentDto },
      },
    },
    async (request, reply) => reply.code(201).send(await legal.publishText(request.ctx(), request.body)),
  );

  // The PDF upload lives in its own scope: only here is application/pdf accepted, up to 10 MB.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/pdf',
      { parseAs: 'buffer', bodyLimit: LEGAL_PDF_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/staff/legal-documents/pdf',
      {
        bodyLimit: LEGAL_PDF_LIMIT,
        config: { permission: 'tenant.manageLegal' },
        schema: {
          tags: ['legal'],
          summary:
            'Publish a new version as a PDF: the request body is the file (application/pdf, up to 10 MB)',
          consumes: ['application/pdf'],
          querystring: legalPdfQuery,
          response: { 201: legalDocumentDto },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await legal.publishPdf(request.ctx(), request.query, request.body)),
    );
  });

  r.get(
    '/api/v1/legal/:kind/current',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['legal'],
        summary: "The portal's current terms and conditions or privacy policy (404 while none is published)",
        params: z.object({ kind: legalKind }).strict(),
        response: { 200: legalDocumentDto },
      },
    },
    async (request) => legal.currentDocument(request.tenant.id, request.params.kind),
  );

  r.get(
    '/api/v1/legal/documents/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['legal'],
        summary: 'One published version (every version stays readable)',
        params: idParams,
        response: { 200: legalDocumentDto },
      },
    },
    async (request) => legal.getDocument(request.tenant.id, request.params.id),
  );

  r.get(
    '/api/v1/legal/documents/:id/pdf',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['legal'],
        summary: 'The PDF of a version published as a PDF (application/pdf)',
        produces: ['application/pdf'],
        params: idParams,
      },
    },
    async (request, reply) => {
      const { bytes, filename } = await legal.getPdf(request.tenant.id, request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${filename.replace(/["\\\r\n]/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  );
}
