import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../../kernel/errors';
import { logError } from '../../logging';
import type { OperationOutcome } from './fhir.types';

export const FHIR_JSON = 'application/fhir+json';

const ISSUE: Record<AppError['code'], { status: number; code: string }> = {
  validation: { status: 400, code: 'invalid' },
  unauthenticated: { status: 401, code: 'login' },
  forbidden: { status: 403, code: 'forbidden' },
  not_found: { status: 404, code: 'not-found' },
  conflict: { status: 409, code: 'conflict' },
  too_large: { status: 413, code: 'too-costly' },
  rate_limited: { status: 429, code: 'throttled' },
};

export const outcome = (code: string, message: string, severity: 'error' | 'fatal' = 'error'): OperationOutcome => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity, code, diagnostics: message }],
});

/** FHIR errors are OperationOutcomes with a plain message; 500s hide internals and log a request id, as the API's handler does. */
export const fhirErrorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (err instanceof AppError) {
    const issue = ISSUE[err.code];
    res.status(issue.status).type(FHIR_JSON).json(outcome(issue.code, err.message));
    return;
  }
  const requestId = randomUUID();
  logError(`[${requestId}] FHIR ${req.method} ${req.path} failed`, err);
  res.status(500).type(FHIR_JSON).json(outcome('exception', `Something went wrong on our side. Try again; if it persists, quote ${requestId}.`, 'fatal'));
};

export const fhirNotFound: RequestHandler = (req, res) => {
  res.status(404).type(FHIR_JSON).json(outcome('not-supported', `No FHIR interaction ${req.method} ${req.path}; see /fhir/R4/metadata for what is supported.`));
};
