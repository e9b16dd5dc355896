import { z } from 'zod';
import { locales } from '../locales';

export const uuid = z.uuid();
export const email = z.email().max(254);
export const locale = z.enum(locales);
export const isoInstant = z.string().describe('ISO 8601 instant');

/** RFC 9457 problem details, with field messages for validation errors. */
export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() }))
      .optional(),
    current: z.unknown().optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problem>;

export const pageQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const abilities = z.record(z.string(), z.boolean()).describe('Actions the current user may perform');

export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
