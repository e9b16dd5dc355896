import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { databaseErrorOf } from '../db/errors';
import { type FieldError, HttpProblem, problems, refusalOfConstraint } from '../problem';

const PROBLEM_TYPE_BASE = 'urn:kontor:problem:';

export function sendProblem(request: FastifyRequest, reply: FastifyReply, p: HttpProblem) {
  for (const [k, v] of Object.entries(p.extra.headers ?? {})) reply.header(k, v);
  return reply
    .code(p.status)
    .type('application/problem+json')
    .send({
      type: `${PROBLEM_TYPE_BASE}${p.code}`,
      title: p.title,
      status: p.status,
      code: p.code,
      ...(p.extra.detail ? { detail: p.extra.detail } : {}),
      ...(p.extra.errors ? { errors: p.extra.errors } : {}),
      ...(p.extra.current !== undefined ? { current: p.extra.current } : {}),
      instance: request.url.split('?')[0],
      requestId: request.id,
    });
}

type ValidationIssue = {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { keys?: string[] };
};

/** Field messages from the zod issues that the type provider attaches to a validation error. */
function fieldErrors(error: FastifyError): FieldError[] {
  const issues = (error.validation ?? []) as ValidationIssue[];
  const out: FieldError[] = [];
  for (const i of issues) {
    const path = (i.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    if (i.keyword === 'unrecognized_keys' && i.params?.keys) {
      for (const k of i.params.keys)
        out.push({ field: path ? `${path}.${k}` : k, message: 'Unknown field', code: 'unknown_field' });
      continue;
    }
    out.push({
      field: path || '(root)',
      message: i.message ?? 'Invalid value',
      ...(i.keyword ? { code: i.keyword } : {}),
    });
  }
  return out;
}

/** A refusal of the database as a problem: by constraint, else by SQLSTATE class; undefined if none. */
export function databaseProblem(error: unknown): HttpProblem | undefined {
  const db = databaseErrorOf(error);
  if (!db) return undefined;
  const known = db.constraint ? refusalOfConstraint(db.constraint) : undefined;
  if (known) return known;
  if (db.code === '23505')
    return new HttpProblem(409, 'conflict', 'This conflicts with an existing record; reload and try again');
  if (db.code === '23503')
    return new HttpProblem(
      409,
      'conflict',
      'A record this refers to was changed or removed; reload and try again',
    );
  if (db.code === '40001' || db.code === '40P01')
    return new HttpProblem(409, 'concurrent_update', 'Someone else changed this at the same time; try again');
  // Data exceptions (value out of range, characters the database cannot store) and check violations.
  if (db.code.startsWith('22') || db.code === '23514' || db.code === '23502')
    return new HttpProblem(400, 'invalid_value', 'A value of the request cannot be stored');
  return undefined;
}

/** Errors of the router itself (before any route or hook): bad URL encoding, over-long parameters. */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new HttpProblem(414, 'path_parameter_too_long', 'A path parameter is too long')
      : error.code === 'FST_ERR_BAD_URL'
        ? new HttpProblem(400, 'malformed_url', 'The URL is not validly encoded')
        : new HttpProblem(error.statusCode ?? 400, 'bad_request', 'The request cannot be routed');
  return sendProblem(request, reply, problem);
}

/** SQLSTATE raised by the database for any write to a closed account (migration 0010). */
const ACCOUNT_CLOSED_SQLSTATE = 'KC409';

function isAccountClosedError(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === ACCOUNT_CLOSED_SQLSTATE) return true;
  }
  return false;
}

/** Every error leaves as application/problem+json; a 500 never shows internals. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) return sendProblem(request, reply, error);
    if (isAccountClosedError(error)) return sendProblem(request, reply, problems.accountClosed());
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      return sendProblem(
        request,
        reply,
        new HttpProblem(400, 'validation_failed', `The request ${where} is invalid`, {
          errors: fieldErrors(error),
        }),
      );
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return sendProblem(request, reply, new HttpProblem(500, 'internal_error', 'Internal server error'));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? 'malformed_json'
          : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'body_too_large'
            : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
              ? 'unsupported_media_type'
              : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
                ? 'empty_json_body'
                : 'bad_request';
      const title =
        code === 'malformed_json'
          ? 'The request body is not valid JSON'
          : code === 'body_too_large'
            ? 'The request body is too large'
            : code === 'unsupported_media_type'
              ? 'Unsupported content type: send application/json'
              : code === 'empty_json_body'
                ? 'The request body is empty'
                : error.message;
      return sendProblem(request, reply, new HttpProblem(status, code, title));
    }
    const refused = databaseProblem(error);
    if (refused) {
      request.log.warn({ err: error, code: refused.code }, 'the database refused the change');
      return sendProblem(request, reply, refused);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, new HttpProblem(500, 'internal_error', 'Internal server error'));
  });
}
