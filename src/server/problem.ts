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

type ConstraintRefusal = {
  status: 400 | 409;
  code: string;
  title: string;
  field?: { name: string; message: string; code: string };
};

/**
 * The one table from a database constraint to its refusal. A service that checks first (to answer
 * before writing) throws the same problem through `constraintRefusal`, so the answer does not
 * depend on whether the check or the constraint decided (two requests at once: the constraint).
 * Keys are the names as the database reports them (test/races.test.ts checks each exists).
 */
const constraintRefusals = {
  accounts_customer_number: {
    status: 409,
    code: 'customer_number_taken',
    title: 'This customer number is already in use',
    field: {
      name: 'customerNumber',
      message: 'Another account already has this customer number',
      code: 'taken',
    },
  },
  client_users_email: {
    status: 409,
    code: 'email_taken',
    title: 'This e-mail address is already in use',
    field: { name: 'email', message: 'This e-mail address is already in use', code: 'taken' },
  },
  staff_users_email: {
    status: 409,
    code: 'email_taken',
    title: 'This e-mail address is already in use',
    field: { name: 'email', message: 'This e-mail address is already in use', code: 'taken' },
  },
  tariffs_offer_number: {
    status: 409,
    code: 'offer_number_taken',
    title: 'This offer number is already in use',
    field: { name: 'offerNumber', message: 'This offer number is already in use', code: 'taken' },
  },
  bookings_idempotency: {
    status: 409,
    code: 'order_in_progress',
    title: 'This order is being placed already; reload to see it',
    field: {
      name: 'idempotencyKey',
      message: 'This order is being placed already; reload to see it',
      code: 'in_progress',
    },
  },
  legal_documents_version: {
    status: 409,
    code: 'legal_version_taken',
    title: 'A new version was published at the same time; reload and try again',
  },
  // PostgreSQL cuts names to 63 bytes: this is the name the database reports (the schema's
  // booking_tariff_periods_tenant_id_tariff_id_tariffs_tenant_id_id_fk is three characters longer).
  booking_tariff_periods_tenant_id_tariff_id_tariffs_tenant_id_id: {
    status: 409,
    code: 'tariff_unavailable',
    title: 'This tariff is no longer available',
    field: { name: 'tariffId', message: 'This tariff is no longer available', code: 'unavailable' },
  },
  bookings_tenant_id_module_id_modules_tenant_id_id_fk: {
    status: 409,
    code: 'module_unavailable',
    title: 'This module is no longer available',
  },
  bookings_tenant_id_account_id_accounts_tenant_id_id_fk: {
    status: 409,
    code: 'account_unavailable',
    title: 'This account no longer exists',
  },
} satisfies Record<string, ConstraintRefusal>;

export type RefusedConstraint = keyof typeof constraintRefusals;

/** The refusal of one of the constraints above (services that check before writing throw it). */
export function constraintRefusal(constraint: RefusedConstraint): HttpProblem {
  const known: ConstraintRefusal = constraintRefusals[constraint];
  return new HttpProblem(known.status, known.code, known.title, {
    ...(known.field
      ? { errors: [{ field: known.field.name, message: known.field.message, code: known.field.code }] }
      : {}),
  });
}

/** The refusal of a constraint the database named, or undefined for a constraint not in the table. */
export function refusalOfConstraint(constraint: string): HttpProblem | undefined {
  return Object.hasOwn(constraintRefusals, constraint)
    ? constraintRefusal(constraint as RefusedConstraint)
    : undefined;
}

/** The names of the constraints with their own refusal (tests check that each still exists). */
export const refusedConstraints = (): RefusedConstraint[] =>
  Object.keys(constraintRefusals) as RefusedConstraint[];
