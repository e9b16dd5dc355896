import type { z } from 'zod';
import { type Problem, problem as problemSchema } from '../../shared/schemas';

export const CSRF_COOKIE = 'kontor_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_PATH = '/api/v1/session';

export type FieldErrors = Record<string, string>;

let requestLanguage: string | null = null;

/** The UI language, sent as Accept-Language so the server can answer (and write e-mails) in it. */
export function setRequestLanguage(language: string): void {
  requestLanguage = language;
}

export type ApiErrorKind = 'http' | 'network' | 'invalid-response';

/** A failed API call: an HTTP problem (RFC 9457), a network failure, or a response off the contract. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly problem: Problem | null;
  readonly retryAfterSeconds: number | null;

  constructor(
    kind: ApiErrorKind,
    status: number,
    problem: Problem | null,
    message: string,
    retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get code(): string | undefined {
    return this.problem?.code;
  }

  /** Field messages from the problem's `errors[]`, keyed by the form field name. */
  get fieldErrors(): FieldErrors {
    const out: FieldErrors = {};
    for (const entry of this.problem?.errors ?? []) {
      const field = normalizeFieldName(entry.field);
      if (field && !(field in out)) out[field] = entry.message;
    }
    return out;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** "body.email", "/email" or "email" all name the form field "email". */
export function normalizeFieldName(field: string): string {
  return field
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .replace(/\//g, '.');
}

export function readCookie(
  name: string,
  cookieString: string = globalThis.document?.cookie ?? '',
): string | null {
  for (const part of cookieString.split(';')) {
    const [rawName, ...rest] = part.trim().split('=');
    if (rawName === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/** Turns a non-2xx response into an ApiError, reading problem+json when the server sent it. */
export async function problemFromResponse(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  let body: unknown = null;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const parsed = problemSchema.safeParse(body);
  const problem: Problem = parsed.success
    ? parsed.data
    : {
        type: 'about:blank',
        title: response.statusText || `HTTP ${response.status}`,
        status: response.status,
      };
  return new ApiError('http', response.status, problem, problem.detail ?? problem.title, retryAfter);
}

/**
 * The CSRF token from its cookie. The app loads the session first, which sets the cookie; should it
 * be gone (expired, cleared), the session is loaded once more to get a fresh one.
 */
async function csrfToken(fetcher: Fetcher): Promise<string | null> {
  const token = readCookie(CSRF_COOKIE);
  if (token) return token;
  try {
    await fetcher(SESSION_PATH, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    // The request itself will report the network failure.
  }
  return readCookie(CSRF_COOKIE);
}

export type RequestOptions<S extends z.ZodType | undefined> = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  /** Schema of the success response; omit for responses without content (204, 202). */
  schema?: S;
  signal?: AbortSignal;
};

type Result<S> = S extends z.ZodType ? z.infer<S> : undefined;

export type Fetcher = typeof fetch;

export function buildUrl(path: string, query?: RequestOptions<undefined>['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * Calls the Kontor API: same-origin credentials, JSON in and out, the CSRF token from the
 * `kontor_csrf` cookie on every non-GET request, problem+json turned into ApiError, and the
 * response checked against the shared schema.
 */
export async function apiRequest<S extends z.ZodType | undefined = undefined>(
  path: string,
  options: RequestOptions<S> = {},
  fetcher: Fetcher = globalThis.fetch.bind(globalThis),
): Promise<Result<S>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (requestLanguage) headers['accept-language'] = requestLanguage;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = await csrfToken(fetcher);
    if (token) headers[CSRF_HEADER] = token;
  }

  let response: Response;
  try {
    response = await fetcher(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError('network', 0, null, 'Network request failed');
  }

  if (!response.ok) throw await problemFromResponse(response);
  if (!options.schema) return undefined as Result<S>;

  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiError('invalid-response', response.status, null, `Response of ${path} is not JSON`);
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    console.error(`Response of ${method} ${path} does not match the contract`, parsed.error.issues);
    throw new ApiError('invalid-response', response.status, null, `Response of ${path} is off the contract`);
  }
  return parsed.data as Result<S>;
}
