/** An HTTP error that becomes an RFC 9457 problem+json response. */
export type FieldError = { field: string; message: string; code?: string };

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly extra: {
      detail?: string;
      errors?: FieldError[];
      current?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(title);
  }
}

export const problems = {
  badRequest: (code: string, title: string, errors?: FieldError[], detail?: string) =>
    new HttpProblem(400, code, title, { ...(errors ? { errors } : {}), ...(detail ? { detail } : {}) }),
  unauthorized: (title = 'Login required') => new HttpProblem(401, 'unauthorized', title),
  forbidden: (detail?: string) =>
    new HttpProblem(403, 'forbidden', 'You are not allowed to do this', detail ? { detail } : {}),
  notFound: (what = 'Resource') => new HttpProblem(404, 'not_found', `${what} not found`),
  conflict: (code: string, title: string, extra: { current?: unknown; errors?: FieldError[] } = {}) =>
    new HttpProblem(409, code, title, extra),
  staleVersion: (current: unknown) =>
    new HttpProblem(409, 'stale_version', 'This record was changed by someone else in the meantime', {
      detail: 'Reload to see the current state, then apply your change again.',
      current,
    }),
  /** Any write to a closed account (the database refuses it too, see plugins/errors). */
  accountClosed: () =>
    new HttpProblem(409, 'account_closed', 'This account is closed and can no longer be changed'),
  tooManyRequests: (retryAfterSeconds: number) =>
    new HttpProblem(429, 'too_many_attempts', 'Too many attempts. Please try again later.', {
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
};
