import { describe, expect, it } from 'vitest';
import type { LimitRules } from '@naer/shared/domain';
import { createTriageContextCache, limitAt } from './triage-context.cache';
import type { ContextEntry } from './triage-context.cache';

const DAY = 86_400_000;
const now = new Date('2026-12-07T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
const rules = (red: number): LimitRules => ({ kind: 'spo2', absolute: [{ level: 'red', op: 'lt', value: red }], baseline: [], trend: [] });

function entry(): ContextEntry {
  return {
    careTeam: [],
    // Newest first: one scheduled for tomorrow, the one in force, an old one.
    limits: [
      { id: 'tomorrow', rules: rules(86), validFrom: daysAgo(-1).getTime(), createdAt: now.getTime() },
      { id: 'current', rules: rules(88), validFrom: daysAgo(10).getTime(), createdAt: daysAgo(10).getTime() },
      { id: 'old', rules: rules(90), validFrom: daysAgo(100).getTime(), createdAt: daysAgo(100).getTime() },
    ],
    history: [6, 3, 1].map((d) => ({ value: 94, measuredAt: daysAgo(d) })),
    from: daysAgo(14).getTime(),
  };
}

describe('the triage context cache', () => {
  it('answers with the limit in force at the reading\u2019s time and the readings of its window before it', () => {
    const cache = createTriageContextCache();
    cache.put('p1', 'spo2', '7', entry());
    const got = cache.get('p1', 'spo2', now, 7);
    expect(got?.version).toBe('7');
    expect(got?.limit?.id).toBe('current');
    expect(got?.history.map((h) => h.measuredAt)).toEqual([daysAgo(6), daysAgo(3), daysAgo(1)]);
    expect(cache.get('p1', 'spo2', daysAgo(-2), 7)?.limit?.id).toBe('tomorrow');
    expect(limitAt(entry().limits, daysAgo(50))?.id).toBe('old');
    expect(limitAt(entry().limits, daysAgo(200))).toBeUndefined();
  });

  it('does not answer for a window it does not cover, or a kind or patient it never read', () => {
    const cache = createTriageContextCache();
    cache.put('p1', 'spo2', '7', entry());
    expect(cache.get('p1', 'spo2', now, 30)).toBeUndefined();
    expect(cache.get('p1', 'heart_rate', now, 7)).toBeUndefined();
    expect(cache.get('p2', 'spo2', now, 7)).toBeUndefined();
  });

  it('follows its own writes: the new version, and the new reading in the history', () => {
    const cache = createTriageContextCache();
    cache.put('p1', 'spo2', '7', entry());
    cache.wrote('p1', 'spo2', '7', '8', { value: 85, measuredAt: daysAgo(2) });
    const got = cache.get('p1', 'spo2', now, 7);
    expect(got?.version).toBe('8');
    expect(got?.history.map((h) => h.value)).toEqual([94, 94, 85, 94]);
  });

  it('forgets a patient when a write did not start from the cached version (another node or a limits change came between)', () => {
    const cache = createTriageContextCache();
    cache.put('p1', 'spo2', '7', entry());
    cache.wrote('p1', 'spo2', null, '9', { value: 85, measuredAt: now });
    expect(cache.get('p1', 'spo2', now, 7)).toBeUndefined();
  });

  it('drops the other kinds of a patient read at an older version', () => {
    const cache = createTriageContextCache();
    cache.put('p1', 'spo2', '7', entry());
    cache.put('p1', 'heart_rate', '9', { ...entry(), limits: [] });
    expect(cache.get('p1', 'spo2', now, 7)).toBeUndefined();
    expect(cache.get('p1', 'heart_rate', now, 7)?.version).toBe('9');
  });

  it('stays within its bound, forgetting the oldest first', () => {
    const cache = createTriageContextCache(2);
    for (const p of ['a', 'b', 'c']) cache.put(p, 'spo2', '1', entry());
    expect(cache.get('a', 'spo2', now, 7)).toBeUndefined();
    expect(cache.get('c', 'spo2', now, 7)).toBeDefined();
  });
});
