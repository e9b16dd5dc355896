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

/**
 * One batch of a billing run's accounts. The run's items, not the job, say what is left: a job
 * done twice (a retry after its worker died, or a resumption that enqueued the batch again) skips
 * the accounts already finished. An expired job (worker killed) is retried by any live process.
 */
export const billingRunBatchJob = defineJob(
  'billing-run-batch',
  z.object({ tenantId: z.uuid(), runId: z.uuid(), batch: z.number().int().min(0) }).strict(),
  { retryLimit: 50, retryDelay: 2, retryBackoff: false, expireInSeconds: 120, pollingIntervalSeconds: 0.5 },
);

export const jobDefinitions = [renderDocumentPdfJob, billingRunBatchJob] as const;
