import { describe, expect, it } from 'vitest';
import { ApiError, retryAfterSeconds } from './api';
import { tooManyAttempts } from './too-many-attempts';

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(' 5 ')).toBe(5);
    expect(retryAfterSeconds('Sun, 22 Nov 2026 10:02:00 GMT', Date.parse('2026-11-22T10:00:00Z'))).toBe(120);
    expect(retryAfterSeconds('Sun, 22 Nov 2026 09:00:00 GMT', Date.parse('2026-11-22T10:00:00Z'))).toBe(0);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });

  it('tells the user how many whole minutes to wait, at least one', () => {
    expect(tooManyAttempts(new ApiError(429, 'too_many', 'x', [], 900))).toEqual({ key: 'login.error.tooManyWait', params: { minutes: 15 } });
    expect(tooManyAttempts(new ApiError(429, 'too_many', 'x', [], 61))).toEqual({ key: 'login.error.tooManyWait', params: { minutes: 2 } });
    expect(tooManyAttempts(new ApiError(429, 'too_many', 'x', [], 3))).toEqual({ key: 'login.error.tooManyWait', params: { minutes: 1 } });
    expect(tooManyAttempts(new ApiError(429, 'too_many', 'x'))).toEqual({ key: 'login.error.tooMany', params: {} });
  });
});
