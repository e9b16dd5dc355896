import { z } from 'zod';
import { defineJob } from './job';

/**
 * Every kind of job the application runs. Their queues are created with the migrations, so any
 * transaction can enqueue them; the workers are registered where the work lives.
 */

/** Renders an issued document's PDF once and stores it (document_files). */
export const renderDocumentPdfJob = defineJob(
  'document-pdf',
  z.object({ tenantId: z.uuid(), documentId: z.uuid() }).strict(),
  { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 5 * 60, pollingIntervalSeconds: 1 },
);

export const jobDefinitions = [renderDocumentPdfJob] as const;
