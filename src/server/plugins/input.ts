import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../problem';

/** NUL, and UTF-16 surrogates without their partner: PostgreSQL cannot store them in text or jsonb. */
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const hasForbidden = (s: string) => s.includes('\u0000') || UNPAIRED.test(s);

const MESSAGE = 'Contains a character that is not allowed (NUL or an unpaired surrogate)';

/** Deeper than this, a request is refused: no schema of the API nests nearly as deep. */
export const MAX_INPUT_DEPTH = 32;

type Finding = { path: string; problem: 'forbidden_character' | 'too_deep' };

/**
 * Paths (dot-separated, like validation errors) of strings and keys holding a forbidden character,
 * and of values nested deeper than MAX_INPUT_DEPTH. Iterative, so that no input can exhaust the
 * stack (a 64 KB body can nest 30,000 levels).
 */
export function inputFindings(value: unknown): Finding[] {
  const out: Finding[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof v === 'string') {
      if (hasForbidden(v)) out.push({ path: path || '(root)', problem: 'forbidden_character' });
      continue;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      out.push({ path: path || '(root)', problem: 'too_deep' });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(v) ? [...v.entries()] : Object.entries(v);
    // Pushed in reverse, so that findings come out in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i] as [string | number, unknown];
      const p = join(path, k);
      stack.push({ value: child, path: p, depth: depth + 1 });
      if (typeof k === 'string' && hasForbidden(k)) stack.push({ value: k, path: p, depth: depth + 1 });
    }
  }
  return out;
}

const DEPTH_MESSAGE = `Nested deeper than ${MAX_INPUT_DEPTH} levels`;

/**
 * Refuses NUL and unpaired surrogates anywhere in the parsed params, query and body before any
 * route's validation runs: one check for every current and future field (400 with field paths).
 * Input nested deeper than MAX_INPUT_DEPTH is refused the same way (it would exhaust the stack of
 * recursive code further on).
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
      inputFindings(value).map((f) => ({
        field: where === 'body' ? f.path : `${where}.${f.path}`,
        message: f.problem === 'too_deep' ? DEPTH_MESSAGE : MESSAGE,
        code: f.problem,
      })),
    );
    if (errors.length > 0)
      throw new HttpProblem(
        400,
        'validation_failed',
        errors.some((e) => e.code === 'too_deep')
          ? 'The request is nested too deeply'
          : 'The request contains characters that are not allowed',
        { errors },
      );
  });
}
