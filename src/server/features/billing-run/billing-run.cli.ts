import { eq } from 'drizzle-orm';
import pino from 'pino';
import type { Clock } from '../../clock';
import type { Database } from '../../db/client';
import { tenants } from '../../db/schema';
import { jobDefinitions } from '../../jobs/definitions';
import { createJobs } from '../../jobs/jobs';
import { HttpProblem } from '../../problem';
import { createDocumentFilesService } from '../document-files/document-files.service';
import { createBillingRunService } from './billing-run.service';

type Out = { write(text: string): unknown; isTTY?: boolean };

function bar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/**
 * `kontor billing-run --tenant <slug> --until <date>`: starts the operator's billing run, or
 * resumes the running one for the same date, and works on it in this process (beside any server
 * process, which works on the same run's batches) until it is completed. Killed at any moment and
 * started again, it resumes (ADR 0014). The PDFs are rendered by the servers' render jobs.
 * Returns the exit code: 0 completed, 3 completed with failed accounts, 2 refused.
 */
export async function billingRunCommand(
  db: Database,
  clock: Clock,
  args: { tenant: string; until: string; batchSize?: number; concurrency?: number },
  out: Out,
  err: Out,
): Promise<number> {
  const [tenant] = await db.system.select().from(tenants).where(eq(tenants.slug, args.tenant)).limit(1);
  if (!tenant) {
    err.write(`no operator with the slug "${args.tenant}"\n`);
    return 2;
  }
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const jobs = createJobs({ db, log, definitions: jobDefinitions, maintenanceIntervalSeconds: 10 });
  const documentFiles = createDocumentFilesService({ db, jobs, clock });
  const service = createBillingRunService({ db, jobs, clock, onIssued: documentFiles.onIssued });
  await service.registerWorker(args.concurrency ?? (db.kind === 'pg' ? 2 : 1));
  await jobs.start();
  try {
    const ctx = {
      tenantId: tenant.id,
      actor: null,
      requestId: 'cli-billing-run',
      ip: '',
      now: clock.now(),
      today: clock.today(tenant.timeZone),
    };
    let started: Awaited<ReturnType<typeof service.startOrResume>>;
    try {
      started = await service.startOrResume(
        ctx,
        args.until,
        args.batchSize ? { batchSize: args.batchSize } : {},
      );
    } catch (error) {
      if (error instanceof HttpProblem) {
        err.write(`refused: ${error.title}${error.extra.detail ? ` (${error.extra.detail})` : ''}\n`);
        return 2;
      }
      throw error;
    }
    const { run, resumed } = started;
    out.write(
      `billing run ${run.id} ${resumed ? 'resumed' : 'started'} for ${tenant.slug} up to ${run.until}: ${run.totalAccounts} accounts\n`,
    );
    const tty = out.isTTY === true;
    let lastLine = '';
    let lastPrint = 0;
    for (;;) {
      const view = await service.get({ ...ctx, now: clock.now() }, run.id);
      const line = `${view.doneAccounts}/${view.totalAccounts} accounts, ${view.documentsIssued} documents issued, ${view.failedAccounts} failed`;
      if (tty) out.write(`\r${bar(view.doneAccounts, view.totalAccounts)} ${line}\x1b[K`);
      else if (line !== lastLine && (Date.now() - lastPrint > 1000 || view.state === 'completed')) {
        out.write(`progress: ${line}\n`);
        lastPrint = Date.now();
      }
      lastLine = line;
      if (view.state === 'completed') {
        if (tty) out.write('\n');
        out.write(
          `billing run ${run.id} completed: ${view.totalAccounts} accounts, ${view.documentsIssued} documents issued, ${view.failedAccounts} failed\n`,
        );
        for (const f of view.failures)
          out.write(`  failed: ${f.customerNumber ?? '-'} ${f.accountName}: ${f.code}: ${f.reason}\n`);
        if (view.failedAccounts > view.failures.length)
          out.write(`  … and ${view.failedAccounts - view.failures.length} more\n`);
        return view.failedAccounts > 0 ? 3 : 0;
      }
      await new Promise((r) => setTimeout(r, tty ? 200 : 250));
    }
  } finally {
    await jobs.stop();
  }
}
