import type { z } from 'zod';
import { ValidationError } from '../kernel/errors';

/** Parses a JSON body with a shared contract; a missing body gets its own clear message. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const empty = body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
  if (empty) throw new ValidationError('Send a JSON body with Content-Type: application/json.', [{ path: '(body)', message: 'missing JSON body' }]);
  const result = schema.safeParse(body);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}

/** Parses query parameters with a shared contract. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const result = schema.safeParse(query ?? {});
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}
