import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { loginBody, newPassword } from '../../shared/schemas';
import { contractCustomerNumberBody } from '../../shared/schemas/contract-page';
import { zodFieldErrors, zodMessage } from './validation';

const t = ((key: string, options?: { count?: number }) =>
  options?.count === undefined ? key : `${key}:${options.count}`) as unknown as TFunction;

describe('zodFieldErrors', () => {
  it('gives translated messages per field', () => {
    expect(zodFieldErrors(loginBody, { email: 'nope', password: '' }, t)).toEqual({
      email: 'validation.email',
      password: 'validation.required',
    });
    expect(zodFieldErrors(loginBody, { email: 'jan@bakkerij-jansen.example', password: 'x' }, t)).toEqual({});
  });

  it('reports length limits with the limit', () => {
    expect(
      zodFieldErrors(contractCustomerNumberBody, { customerNumber: 'K'.repeat(41), version: 1 }, t),
    ).toEqual({
      customerNumber: 'validation.maxLength:40',
    });
  });
});

describe('zodMessage', () => {
  it('checks a single value', () => {
    expect(zodMessage(newPassword, 'short', t)).toBe('validation.minLength:10');
    expect(zodMessage(newPassword, 'long enough password', t)).toBeNull();
  });
});
