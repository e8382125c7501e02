import { describe, expect, it } from 'vitest';
import type { LiveSession } from './live-session';
import { createSessionCache } from './session-cache';

const T0 = new Date('2026-11-22T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function session(id: string, expiresAt = at(3_600_000)): LiveSession {
  return { id, expiresAt, actor: { userId: 'u1', email: 'a@b.dk', displayName: 'A', role: 'patient', organisation: null, patientId: 'p1' } };
}

describe('session cache', () => {
  it('answers from memory within its time to live, and asks again after it', () => {
    const cache = createSessionCache({ ttlMs: 5_000, maxEntries: 10 });
    cache.set(session('s1'), T0, cache.begin());
    expect(cache.get('s1', at(4_999))?.id).toBe('s1');
    expect(cache.get('s1', at(5_000))).toBeUndefined();
  });

  it('never answers with a session past its expiry, nor after the clock went back', () => {
    const cache = createSessionCache({ ttlMs: 5_000, maxEntries: 10 });
    cache.set(session('s1', at(1_000)), T0, cache.begin());
    expect(cache.get('s1', at(1_000))).toBeUndefined();
    cache.set(session('s2'), T0, cache.begin());
    expect(cache.get('s2', at(-1))).toBeUndefined();
  });

  it('forgets an ended session at once', () => {
    const cache = createSessionCache({ ttlMs: 5_000, maxEntries: 10 });
    cache.set(session('s1'), T0, cache.begin());
    cache.forget(['s1']);
    expect(cache.get('s1', T0)).toBeUndefined();
  });

  it('does not store what a lookup read before a session ended while it was under way', () => {
    const cache = createSessionCache({ ttlMs: 5_000, maxEntries: 10 });
    const since = cache.begin();
    cache.forget(['s1']);
    cache.set(session('s1'), T0, since);
    expect(cache.get('s1', T0)).toBeUndefined();
  });

  it('keeps at most its maximum, dropping the oldest first', () => {
    const cache = createSessionCache({ ttlMs: 5_000, maxEntries: 2 });
    for (const id of ['s1', 's2', 's3']) cache.set(session(id), T0, cache.begin());
    expect(cache.size).toBe(2);
    expect(cache.get('s1', T0)).toBeUndefined();
    expect(cache.get('s3', T0)?.id).toBe('s3');
  });

  it('stores nothing while switched off (a node that cannot hear others end sessions)', () => {
    const cache = createSessionCache({ ttlMs: 5_000, maxEntries: 10 });
    cache.set(session('s1'), T0, cache.begin());
    cache.reset(false);
    expect(cache.get('s1', T0)).toBeUndefined();
    cache.set(session('s1'), T0, cache.begin());
    expect(cache.get('s1', T0)).toBeUndefined();
    cache.reset(true);
    cache.set(session('s1'), T0, cache.begin());
    expect(cache.get('s1', T0)?.id).toBe('s1');
  });
});
