import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Clock } from '../../clock';
import type { Database } from '../../db/client';
import { claimDue, markOutcome } from './mail.repository';

const MAX_ATTEMPTS = 8;
const LEASE_MS = 5 * 60_000;

export type MailDispatcher = {
  /** Delivers what is due now; resolves when this round is done. */
  flush(): Promise<void>;
  /** Asks for a round soon (after a commit that enqueued mail). */
  kick(): void;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
};

/**
 * Delivers the outbox. With an SMTP URL, over SMTP (nodemailer), retrying with backoff; without,
 * messages are kept as the development outbox (readable by the tenant owner) and logged by
 * recipient and subject only, never the body (it may hold a reset link).
 */
export function createMailDispatcher(opts: {
  db: Database;
  clock: Clock;
  log: Logger;
  smtpUrl: string | undefined;
  from: string;
}): MailDispatcher {
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  async function round(): Promise<void> {
    for (;;) {
      const batch = await claimDue(opts.db.system, opts.clock.now(), LEASE_MS, 20);
      if (batch.length === 0) return;
      for (const msg of batch) {
        if (!transport) {
          await markOutcome(opts.db.system, msg.id, { status: 'kept', at: opts.clock.now() });
          opts.log.info(
            { mailId: msg.id, tenantId: msg.tenantId, to: msg.to, subject: msg.subject },
            'e-mail kept in the development outbox (SMTP_URL not set)',
          );
          continue;
        }
        try {
          await transport.sendMail({ from: opts.from, to: msg.to, subject: msg.subject, text: msg.text });
          await markOutcome(opts.db.system, msg.id, { status: 'sent', at: opts.clock.now() });
        } catch (error) {
          const message = (error as Error).message;
          if (msg.attempts >= MAX_ATTEMPTS) {
            await markOutcome(opts.db.system, msg.id, { status: 'failed', error: message });
            opts.log.error({ mailId: msg.id, err: message }, 'e-mail delivery failed for good');
          } else {
            const backoff = Math.min(60 * 60_000, 30_000 * 2 ** (msg.attempts - 1));
            await markOutcome(opts.db.system, msg.id, {
              status: 'pending',
              error: message,
              retryAt: new Date(opts.clock.now().getTime() + backoff),
            });
            opts.log.warn(
              { mailId: msg.id, err: message, attempt: msg.attempts },
              'e-mail delivery failed, will retry',
            );
          }
        }
      }
    }
  }

  function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await round();
        } while (again);
      } catch (error) {
        opts.log.error({ err: error }, 'mail dispatcher round failed');
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    flush,
    kick() {
      if (!stopped) void flush();
    },
    start(intervalMs = 10_000) {
      timer = setInterval(() => void flush(), intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
      transport?.close();
    },
  };
}
