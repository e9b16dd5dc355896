import type { z } from 'zod';
import type * as sharedSchemas from '../../shared/schemas';
import type { Problem } from '../../shared/schemas';

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

const isString = (value: unknown): value is string => typeof value === 'string';
const optionalString = (value: unknown) => value === undefined || isString(value);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The problem details (RFC 9457) in a response body, or null when the body is none: the shape of
 * the shared `problem` schema, checked by hand so that reading an error needs no schema library.
 */
export function readProblem(body: unknown): Problem | null {
  if (!isRecord(body) || !isString(body.type) || !isString(body.title)) return null;
  if (typeof body.status !== 'number' || !Number.isInteger(body.status)) return null;
  if (![body.detail, body.instance, body.code, body.requestId].every(optionalString)) return null;
  const errors = body.errors;
  const isFieldError = (e: unknown) =>
    isRecord(e) && isString(e.field) && isString(e.message) && optionalString(e.code);
  if (errors !== undefined && !(Array.isArray(errors) && errors.every(isFieldError))) return null;
  const problem: Problem = { type: body.type, title: body.title, status: body.status };
  if (isString(body.detail)) problem.detail = body.detail;
  if (isString(body.instance)) problem.instance = body.instance;
  if (isString(body.code)) problem.code = body.code;
  if (Array.isArray(errors)) {
    problem.errors = errors.map((e: { field: string; message: string; code?: string }) =>
      e.code === undefined
        ? { field: e.field, message: e.message }
        : { field: e.field, message: e.message, code: e.code },
    );
  }
  if ('current' in body) problem.current = body.current;
  if (isString(body.requestId)) problem.requestId = body.requestId;
  return problem;
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
  const problem: Problem = readProblem(body) ?? {
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

type SharedSchemas = typeof sharedSchemas;

/** The name of a shared schema (src/shared/schemas): what an API answer is declared as. */
export type ResponseName = {
  [K in keyof SharedSchemas]: SharedSchemas[K] extends z.ZodType ? K : never;
}[keyof SharedSchemas];

/** The shape of an answer declared as the shared schema `N`. */
export type ResponseOf<N extends ResponseName> = z.output<SharedSchemas[N]>;

export type RequestOptions<N extends ResponseName | undefined> = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  /**
   * The shared schema of the success response, by name (its type is the result's type); omit for
   * responses without content (204, 202).
   */
  response?: N;
  signal?: AbortSignal;
};

type Result<N> = N extends ResponseName ? ResponseOf<N> : undefined;

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
 * Checks an answer against its shared schema and returns what the schema makes of it. Only in
 * development and tests (`import.meta.env.DEV`): the production build leaves it out, and with it
 * zod and the response schemas, which the server already applies to every answer it sends
 * (fastify-type-provider-zod's serializer refuses one off the contract). See ADR 0006.
 */
async function checkContract(
  name: ResponseName,
  json: unknown,
  request: string,
  status: number,
): Promise<unknown> {
  const schemas: Record<ResponseName, z.ZodType> = await import('../../shared/schemas');
  const parsed = schemas[name].safeParse(json);
  if (!parsed.success) {
    console.error(`Response of ${request} does not match ${name}`, parsed.error.issues);
    throw new ApiError('invalid-response', status, null, `Response of ${request} is off the contract`);
  }
  return parsed.data;
}

/**
 * Calls the Kontor API: same-origin credentials, JSON in and out, the CSRF token from the
 * `kontor_csrf` cookie on every non-GET request, problem+json turned into ApiError, and the
 * answer typed by its shared schema (checked against it in development and tests).
 */
export async function apiRequest<N extends ResponseName | undefined = undefined>(
  path: string,
  options: RequestOptions<N> = {},
  fetcher: Fetcher = globalThis.fetch.bind(globalThis),
): Promise<Result<N>> {
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
  if (!options.response) return undefined as Result<N>;

  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiError('invalid-response', response.status, null, `Response of ${path} is not JSON`);
  }
  if (import.meta.env.DEV) {
    return (await checkContract(options.response, json, `${method} ${path}`, response.status)) as Result<N>;
  }
  return json as Result<N>;
}
