import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../app/api';
import { errorMessage } from './error-message';

const t = ((key: string, options?: { count?: number }) =>
  options?.count === undefined ? key : `${key}:${options.count}`) as unknown as TFunction;

const http = (status: number, retryAfter: number | null = null) =>
  new ApiError('http', status, { type: 'about:blank', title: 'x', status }, 'x', retryAfter);

describe('errorMessage', () => {
  it('maps failures to readable messages', () => {
    expect(errorMessage(new ApiError('network', 0, null, 'x'), t)).toBe('errors.network');
    expect(errorMessage(http(401), t)).toBe('errors.unauthorized');
    expect(errorMessage(http(403), t)).toBe('errors.forbidden');
    expect(errorMessage(http(404), t)).toBe('errors.notFound');
    expect(errorMessage(http(400), t)).toBe('errors.badRequest');
    const withFields = new ApiError(
      'http',
      400,
      { type: 'about:blank', title: 'x', status: 400, errors: [{ field: 'email', message: 'bad' }] },
      'x',
    );
    expect(errorMessage(withFields, t)).toBe('errors.validation');
    expect(errorMessage(http(503), t)).toBe('errors.server');
    expect(errorMessage(new Error('boom'), t)).toBe('errors.unknown');
  });

  it('says to try again later on 429, with minutes when the server tells', () => {
    expect(errorMessage(http(429), t)).toBe('errors.tooManyAttempts');
    expect(errorMessage(http(429, 90), t)).toBe('errors.tooManyAttempts errors.retryAfter:2');
  });
});
