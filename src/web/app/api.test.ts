// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problem } from '../../shared/schemas';
import {
  ApiError,
  apiRequest,
  buildUrl,
  normalizeFieldName,
  problemFromResponse,
  readCookie,
  readProblem,
  setRequestLanguage,
} from './api';

type Call = { url: string; init: RequestInit };

function fakeFetch(response: Response | Error) {
  const calls: Call[] = [];
  const fetcher = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    if (response instanceof Error) throw response;
    return response;
  });
  return { fetcher: fetcher as unknown as typeof fetch, calls };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function problemResponse(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status: Number(body.status),
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

function headersOf(call: Call | undefined): Record<string, string> {
  return (call?.init.headers ?? {}) as Record<string, string>;
}

afterEach(() => {
  // biome-ignore lint/suspicious/noDocumentCookie: tests reset the CSRF cookie they set
  document.cookie = 'kontor_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
});

describe('CSRF header', () => {
  it('sends x-csrf-token from the kontor_csrf cookie on non-GET requests', async () => {
    // biome-ignore lint/suspicious/noDocumentCookie: the server sets this cookie; the test plays the server
    document.cookie = 'kontor_csrf=abc%2F123; path=/';
    const { fetcher, calls } = fakeFetch(new Response(null, { status: 204 }));
    await apiRequest('/api/v1/logout', { method: 'POST' }, fetcher);
    expect(headersOf(calls[0])['x-csrf-token']).toBe('abc/123');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(calls[0]?.init.method).toBe('POST');
  });

  it('does not send the token on GET requests', async () => {
    // biome-ignore lint/suspicious/noDocumentCookie: the server sets this cookie; the test plays the server
    document.cookie = 'kontor_csrf=abc; path=/';
    const { fetcher, calls } = fakeFetch(json({ ok: true }));
    await apiRequest('/api/v1/session', {}, fetcher);
    expect(headersOf(calls[0])['x-csrf-token']).toBeUndefined();
    expect(calls[0]?.init.credentials).toBe('same-origin');
  });

  it('sends JSON bodies with a content type', async () => {
    // biome-ignore lint/suspicious/noDocumentCookie: the server sets this cookie; the test plays the server
    document.cookie = 'kontor_csrf=abc; path=/';
    const { fetcher, calls } = fakeFetch(new Response(null, { status: 202 }));
    await apiRequest(
      '/api/v1/password-reset/request',
      { method: 'POST', body: { email: 'a@b.example' } },
      fetcher,
    );
    expect(headersOf(calls[0])['content-type']).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"email":"a@b.example"}');
  });

  it('loads the session first when the CSRF cookie is missing', async () => {
    const paths: string[] = [];
    const headers: Record<string, string>[] = [];
    const fetcher = (async (url: RequestInfo | URL, init?: RequestInit) => {
      paths.push(String(url));
      headers.push((init?.headers ?? {}) as Record<string, string>);
      if (String(url) === '/api/v1/session') {
        // biome-ignore lint/suspicious/noDocumentCookie: plays the server setting the cookie
        document.cookie = 'kontor_csrf=fresh; path=/';
        return new Response('{}', { status: 200 });
      }
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    await apiRequest('/api/v1/logout', { method: 'POST' }, fetcher);
    expect(paths).toEqual(['/api/v1/session', '/api/v1/logout']);
    expect(headers[1]?.['x-csrf-token']).toBe('fresh');
  });
});

describe('Accept-Language', () => {
  it('tells the server the UI language', async () => {
    setRequestLanguage('de');
    const { fetcher, calls } = fakeFetch(json({ ok: true }));
    await apiRequest('/api/v1/session', {}, fetcher);
    expect(headersOf(calls[0])['accept-language']).toBe('de');
  });
});

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('kontor_csrf', 'a=1; kontor_csrf=x%3Dy; b=2')).toBe('x=y');
    expect(readCookie('kontor_csrf', 'a=1')).toBeNull();
    expect(readCookie('kontor_csrf', '')).toBeNull();
  });
});

describe('problem parsing', () => {
  it('turns problem+json into an ApiError with status, code and field messages', async () => {
    const { fetcher } = fakeFetch(
      problemResponse({
        type: 'https://kontor.example/problems/validation',
        title: 'Validation failed',
        status: 400,
        code: 'validation',
        errors: [
          { field: 'body.email', message: 'Invalid email', code: 'invalid_format' },
          { field: '/password', message: 'Too short' },
        ],
        requestId: 'req-1',
      }),
    );
    const error = await apiRequest('/api/v1/staff/login', { method: 'POST', body: {} }, fetcher).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.kind).toBe('http');
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation');
    expect(error.problem.requestId).toBe('req-1');
    expect(error.fieldErrors).toEqual({ email: 'Invalid email', password: 'Too short' });
  });

  it('keeps `current` of a 409 for the caller', async () => {
    const { fetcher } = fakeFetch(
      problemResponse({ type: 'about:blank', title: 'Conflict', status: 409, current: { version: 3 } }),
    );
    const error = await apiRequest('/x', { method: 'PATCH', body: {} }, fetcher).catch((e) => e);
    expect(error.status).toBe(409);
    expect(error.problem.current).toEqual({ version: 3 });
  });

  it('reads Retry-After of a 429', async () => {
    const response = problemResponse(
      { type: 'about:blank', title: 'Too Many Requests', status: 429 },
      { 'retry-after': '120' },
    );
    const error = await problemFromResponse(response);
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(120);
  });

  it('builds a problem when the body is not problem+json', async () => {
    const error = await problemFromResponse(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(error.status).toBe(502);
    expect(error.problem?.status).toBe(502);
    expect(error.fieldErrors).toEqual({});
  });

  it('reports a network failure as kind "network"', async () => {
    const { fetcher } = fakeFetch(new TypeError('Failed to fetch'));
    const error = await apiRequest('/api/v1/session', {}, fetcher).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.kind).toBe('network');
    expect(error.status).toBe(0);
  });

  it('reports a response off the contract as kind "invalid-response" (development and tests)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { fetcher } = fakeFetch(json({ unexpected: true }));
    const error = await apiRequest('/api/v1/register', { response: 'registrationResult' }, fetcher).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.kind).toBe('invalid-response');
  });

  it('returns what the shared schema makes of the body (development and tests)', async () => {
    const { fetcher } = fakeFetch(json({ status: 'verification_sent', extra: 1 }));
    const result = await apiRequest('/api/v1/register', { response: 'registrationResult' }, fetcher);
    expect(result).toEqual({ status: 'verification_sent' });
  });

  describe('in the production build', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
    });

    it('returns the body as the server sent it, without checking it again', async () => {
      vi.stubEnv('DEV', false);
      vi.restoreAllMocks();
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const { fetcher } = fakeFetch(json({ status: 'verification_sent', extra: 1 }));
      const result = await apiRequest('/api/v1/register', { response: 'registrationResult' }, fetcher);
      expect(result).toEqual({ status: 'verification_sent', extra: 1 });
      expect(errors).not.toHaveBeenCalled();
    });

    it('still refuses a body that is not JSON', async () => {
      vi.stubEnv('DEV', false);
      const { fetcher } = fakeFetch(new Response('<html>', { status: 200 }));
      const error = await apiRequest('/api/v1/register', { response: 'registrationResult' }, fetcher).catch(
        (e) => e,
      );
      expect(error.kind).toBe('invalid-response');
    });
  });
});

describe('readProblem', () => {
  const base = { type: 'about:blank', title: 'Conflict', status: 409 };

  it('keeps the fields of the shared problem schema and drops the rest', () => {
    expect(
      readProblem({
        ...base,
        code: 'stale_version',
        errors: [{ field: 'name', message: 'Required' }],
        current: { version: 2 },
        requestId: 'r-1',
        extra: true,
      }),
    ).toEqual({
      ...base,
      code: 'stale_version',
      errors: [{ field: 'name', message: 'Required' }],
      current: { version: 2 },
      requestId: 'r-1',
    });
  });

  it('refuses bodies that are not problem details', () => {
    expect(readProblem(null)).toBeNull();
    expect(readProblem([base])).toBeNull();
    expect(readProblem({ title: 'x', status: 400 })).toBeNull();
    expect(readProblem({ ...base, status: '409' })).toBeNull();
    expect(readProblem({ ...base, status: 409.5 })).toBeNull();
    expect(readProblem({ ...base, code: 7 })).toBeNull();
    expect(readProblem({ ...base, errors: {} })).toBeNull();
    expect(readProblem({ ...base, errors: [{ field: 'a' }] })).toBeNull();
    expect(readProblem({ ...base, errors: [{ field: 'a', message: 'b', code: 1 }] })).toBeNull();
  });

  it('agrees with the shared problem schema', () => {
    const samples: unknown[] = [
      base,
      { ...base, detail: 'd', instance: '/x', code: 'c', errors: [], requestId: 'r' },
      { ...base, errors: [{ field: 'a', message: 'b', code: 'c' }] },
      { ...base, detail: 1 },
      { ...base, errors: [{ message: 'b' }] },
      { type: 1, title: 't', status: 400 },
      'text',
    ];
    for (const sample of samples) {
      const parsed = problem.safeParse(sample);
      expect(readProblem(sample), JSON.stringify(sample)).toEqual(parsed.success ? parsed.data : null);
    }
  });
});

describe('helpers', () => {
  it('normalizes field names of problem errors', () => {
    expect(normalizeFieldName('body.customerNumber')).toBe('customerNumber');
    expect(normalizeFieldName('/email')).toBe('email');
    expect(normalizeFieldName('password')).toBe('password');
  });

  it('builds query strings without empty values', () => {
    expect(buildUrl('/a', { q: 'Jansen & Co', page: 2, empty: '', none: undefined })).toBe(
      '/a?q=Jansen+%26+Co&page=2',
    );
    expect(buildUrl('/a')).toBe('/a');
  });
});
