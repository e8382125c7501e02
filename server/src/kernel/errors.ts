import type { z } from 'zod';
import type { ErrorDetail } from '@naer/shared';

export type { ErrorDetail };

/** Base of every error a service may throw on purpose; the HTTP layer maps `code` to a status. */
export class AppError extends Error {
  constructor(
    readonly code: 'validation' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'rate_limited',
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: ErrorDetail[]) {
    super('validation', message, details);
  }

  /** Turns zod issues into one message naming every bad field. */
  static fromZod(error: z.ZodError, prefix = ''): ValidationError {
    const details = error.issues.map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      const message = path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
      return { path: path || '(body)', message };
    });
    return new ValidationError(details.map((d) => d.message).join('; '), details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Log in first: this needs a session.') {
    super('unauthenticated', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this.') {
    super('forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(resource: string, id: string) {
    super('not_found', `No ${resource} with id ${id}.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message);
  }
}
