import { describe, expect, it } from 'vitest';
import { describeError, redact } from './logging';

describe('log redaction', () => {
  it('blanks the value PostgreSQL puts in a message and keeps its shape', () => {
    expect(redact('invalid input syntax for type uuid: "Karen Jensen"')).toBe('invalid input syntax for type uuid: [redacted]');
    expect(redact('Key (email)=(karen@example.dk) already exists.')).toBe('Key (email)=([redacted]) already exists.');
  });

  it('blanks e-mail addresses and CPR-shaped numbers anywhere', () => {
    expect(redact('login for karen.jensen@example.dk with 010170-1234 and 0101701234 failed')).toBe('login for [e-mail] with [number] and [number] failed');
  });

  it('keeps the error name, SQLSTATE and stack frames, and drops enumerable details such as `detail`', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
      name: 'PostgresError',
      code: '23505',
      detail: 'Key (email)=(karen@example.dk) already exists.',
    });
    const text = describeError(error);
    expect(text).toMatch(/^PostgresError \[23505\]: duplicate key value violates unique constraint \[redacted\]\n\s+at /);
    expect(text).not.toContain('karen');
  });

  it('describes a thrown non-error without printing it', () => {
    expect(describeError({ cpr: '0101701234' })).toBe('non-error thrown (object)');
  });
});
