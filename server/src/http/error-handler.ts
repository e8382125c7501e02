import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiError } from '@naer/shared';
import { AppError } from '../kernel/errors';
import { logError } from '../logging';

const STATUS: Record<AppError['code'], number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
};

/** Body-parser failures carry a `type`; these become a 4xx the client can act on. */
function bodyParserError(err: unknown): AppError | undefined {
  const type = (err as { type?: unknown }).type;
  if (type === 'entity.too.large') return new AppError('too_large', 'The request body is too large: send at most 256 kB (split a batch into smaller ones).');
  if (type === 'entity.parse.failed') return new AppError('validation', 'The request body is not valid JSON: check the syntax.', [{ path: '(body)', message: 'not valid JSON' }]);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new AppError('validation', 'Send the body as UTF-8 JSON.');
  return undefined;
}

/** The one mapper from errors to `{ error: { code, message, details? } }`; 500s hide internals and log a request id. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const known = err instanceof AppError ? err : bodyParserError(err);
  if (known) {
    const body: ApiError = { error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) } };
    res.status(STATUS[known.code]).json(body);
    return;
  }
  const requestId = randomUUID();
  // Method and path only: query strings and bodies may carry patient data; the error itself is redacted.
  logError(`[${requestId}] ${req.method} ${req.path} failed`, err);
  res.status(500).json({ error: { code: 'internal', message: `Something went wrong on our side. Try again; if it persists, quote ${requestId}.` } });
};

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `No API endpoint ${req.method} ${req.path}.` } });
};
