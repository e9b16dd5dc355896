import type { z } from 'zod';

/**
 * A kind of job: its queue name, the shape of its data and how pg-boss treats it. Handlers and
 * senders share the definition, so a job's data is typed and checked at both ends.
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  readonly name: string;
  readonly data: S;
  readonly queue: {
    /** Attempts after the first failure. */
    retryLimit: number;
    /** Seconds before a retry (doubled each time with backoff). */
    retryDelay: number;
    retryBackoff: boolean;
    /** A job still active after this long counts as failed (its worker died) and is retried. */
    expireInSeconds: number;
    /** How long finished jobs are kept. */
    retentionMinutes: number;
  };
  /** How often an idle worker asks for work. */
  readonly pollingIntervalSeconds: number;
};

export type JobData<D extends JobDefinition> = z.infer<D['data']>;

const NAME = /^[a-z][a-z0-9-]{1,48}$/;

export function defineJob<S extends z.ZodType>(
  name: string,
  data: S,
  options: Partial<JobDefinition['queue']> & { pollingIntervalSeconds?: number } = {},
): JobDefinition<S> {
  if (!NAME.test(name)) throw new Error(`job name "${name}" must be lower-case words joined by "-"`);
  const { pollingIntervalSeconds = 2, ...queue } = options;
  return Object.freeze({
    name,
    data,
    queue: Object.freeze({
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 15 * 60,
      retentionMinutes: 7 * 24 * 60,
      ...queue,
    }),
    pollingIntervalSeconds,
  });
}
