import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../problem';

/** NUL, and UTF-16 surrogates without their partner: PostgreSQL cannot store them in text or jsonb. */
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const hasForbidden = (s: string) => s.includes('\u0000') || UNPAIRED.test(s);

const MESSAGE = 'Contains a character that is not allowed (NUL or an unpaired surrogate)';

/** Paths (dot-separated, like validation errors) of strings and keys holding a forbidden character. */
export function forbiddenCharacterPaths(value: unknown, path = '', out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (hasForbidden(value)) out.push(path || '(root)');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      forbiddenCharacterPaths(v, path ? `${path}.${i}` : String(i), out);
    });
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (hasForbidden(k)) out.push(p);
      forbiddenCharacterPaths(v, p, out);
    }
  }
  return out;
}

/**
 * Refuses NUL and unpaired surrogates anywhere in the parsed params, query and body before any
 * route's validation runs: one check for every current and future field (400 with field paths).
 */
export function registerInputHygiene(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const errors = (
      [
        ['params', request.params],
        ['query', request.query],
        ['body', request.body],
      ] as const
    ).flatMap(([where, value]) =>
      forbiddenCharacterPaths(value).map((field) => ({
        field: where === 'body' ? field : `${where}.${field}`,
        message: MESSAGE,
        code: 'forbidden_character',
      })),
    );
    if (errors.length > 0)
      throw new HttpProblem(
        400,
        'validation_failed',
        'The request contains characters that are not allowed',
        {
          errors,
        },
      );
  });
}
