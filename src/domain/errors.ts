/**
 * The one error type of the domain. `code` is stable and machine-readable (the server maps it to a
 * 4xx response); `message` is English prose for logs and developers; `details` carries the offending
 * field and value where known.
 */
export type DomainErrorCode =
  | 'invalid_date'
  | 'date_out_of_range'
  | 'end_before_start'
  | 'invalid_months'
  | 'invalid_days'
  | 'invalid_rule'
  | 'invalid_decimal'
  | 'too_many_decimals'
  | 'negative_not_allowed'
  | 'amount_out_of_range'
  | 'unknown_currency'
  | 'currency_mismatch'
  | 'currency_required'
  | 'invalid_ratios'
  | 'invalid_vat_rate'
  | 'unknown_item'
  | 'invalid_item'
  | 'invalid_period'
  | 'invalid_pattern'
  | 'invalid_sequence'
  | 'recomputation_required'
  | 'option_after_switch';

export type DomainErrorDetails = {
  field?: string;
  value?: unknown;
  issues?: ReadonlyArray<{ code: string; field: string; message: string }>;
};

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: DomainErrorDetails;

  constructor(code: DomainErrorCode, message: string, details: DomainErrorDetails = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
