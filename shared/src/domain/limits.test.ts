import { describe, expect, it } from 'vitest';
import { LimitRulesSchema, defaultLimits, historyWindowDays, mergeLimits } from './limits';
import type { LimitRules } from './limits';
import { MEASUREMENT_KINDS } from './kinds';

const empty = (kind: LimitRules['kind']): LimitRules => ({ kind, absolute: [], baseline: [], trend: [] });

describe('defaultLimits', () => {
  it.each(['copd', 'heart_failure'] as const)('gives %s a valid LimitRules for every kind, labelled with its kind', (programme) => {
    const limits = defaultLimits(programme);
    expect(Object.keys(limits).sort()).toEqual([...MEASUREMENT_KINDS].sort());
    for (const kind of MEASUREMENT_KINDS) {
      expect(limits[kind].kind).toBe(kind);
      expect(LimitRulesSchema.parse(limits[kind])).toEqual(limits[kind]);
    }
  });

  it('gives COPD the SpO2 bands and the 7-day median baseline', () => {
    expect(defaultLimits('copd').spo2).toEqual({
      kind: 'spo2',
      absolute: [
        { level: 'red', op: 'lt', value: 88 },
        { level: 'yellow', op: 'lt', value: 92 },
      ],
      baseline: [{ level: 'yellow', direction: 'below', op: 'ge', by: 4, windowDays: 7, stat: 'median', minReadings: 3 }],
      trend: [],
    });
  });

  it('leaves COPD weight and blood pressure monitored without limits', () => {
    expect(defaultLimits('copd').body_weight).toEqual(empty('body_weight'));
    expect(defaultLimits('copd').blood_pressure).toEqual(empty('blood_pressure'));
  });

  it('gives heart failure the 3-day weight gain rules', () => {
    expect(defaultLimits('heart_failure').body_weight.trend).toEqual([
      { level: 'yellow', direction: 'rise', op: 'gt', by: 1, windowDays: 3 },
      { level: 'red', direction: 'rise', op: 'gt', by: 2, windowDays: 3 },
    ]);
  });

  it('targets every heart-failure blood pressure rule at a component', () => {
    const rules = defaultLimits('heart_failure').blood_pressure.absolute;
    expect(rules.filter((r) => r.component === 'systolic')).toHaveLength(4);
    expect(rules.filter((r) => r.component === 'diastolic')).toHaveLength(2);
  });

  it('leaves heart-failure temperature monitored without limits', () => {
    expect(defaultLimits('heart_failure').body_temperature).toEqual(empty('body_temperature'));
  });

  it('returns new objects on every call, so editing one patient cannot change another', () => {
    const first = defaultLimits('copd');
    first.spo2.absolute.push({ level: 'red', op: 'gt', value: 99 });
    first.heart_rate.absolute.length = 0;
    expect(defaultLimits('copd').spo2.absolute).toHaveLength(2);
    expect(defaultLimits('copd').heart_rate.absolute).toHaveLength(4);
  });
});

describe('mergeLimits', () => {
  it('equals the single programme for a patient in one programme', () => {
    expect(mergeLimits(['copd'])).toEqual(defaultLimits('copd'));
    expect(mergeLimits(['heart_failure'])).toEqual(defaultLimits('heart_failure'));
  });

  it('unions the SpO2 rules of both programmes', () => {
    const spo2 = mergeLimits(['copd', 'heart_failure']).spo2;
    expect(spo2.absolute.map((r) => `${r.level}<${r.value}`).sort()).toEqual(['red<88', 'red<92', 'yellow<92', 'yellow<94']);
    expect(spo2.baseline).toHaveLength(1);
  });

  it('keeps an identical rule once', () => {
    expect(mergeLimits(['copd', 'heart_failure']).heart_rate).toEqual(defaultLimits('copd').heart_rate);
    expect(mergeLimits(['copd', 'copd'])).toEqual(defaultLimits('copd'));
  });

  it('takes each kind from whichever programme has rules for it', () => {
    const both = mergeLimits(['heart_failure', 'copd']);
    expect(both.body_temperature).toEqual(defaultLimits('copd').body_temperature);
    expect(both.body_weight).toEqual(defaultLimits('heart_failure').body_weight);
    expect(both.blood_pressure).toEqual(defaultLimits('heart_failure').blood_pressure);
  });

  it('produces limits that pass the schema', () => {
    for (const limits of Object.values(mergeLimits(['copd', 'heart_failure']))) expect(LimitRulesSchema.safeParse(limits).success).toBe(true);
  });

  it('refuses an empty programme list rather than inventing "no limits"', () => {
    expect(() => mergeLimits([])).toThrow(RangeError);
  });
});

describe('historyWindowDays', () => {
  it('is 0 when only absolute rules apply', () => {
    expect(historyWindowDays(defaultLimits('copd').heart_rate)).toBe(0);
    expect(historyWindowDays(empty('spo2'))).toBe(0);
  });

  it('is the baseline window for COPD SpO2 and the trend window for heart-failure weight', () => {
    expect(historyWindowDays(defaultLimits('copd').spo2)).toBe(7);
    expect(historyWindowDays(defaultLimits('heart_failure').body_weight)).toBe(3);
  });

  it('is the longest window over baseline and trend rules', () => {
    const rules: LimitRules = {
      kind: 'body_weight',
      absolute: [],
      baseline: [{ level: 'yellow', direction: 'above', op: 'ge', by: 3, windowDays: 14, stat: 'median', minReadings: 5 }],
      trend: [{ level: 'red', direction: 'rise', op: 'gt', by: 2, windowDays: 3 }],
    };
    expect(historyWindowDays(rules)).toBe(14);
  });
});

describe('LimitRulesSchema', () => {
  const issues = (input: unknown): string[] => {
    const result = LimitRulesSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts empty rule lists (monitored, no limits)', () => {
    expect(issues(empty('heart_rate'))).toEqual([]);
  });

  it('requires a component on every blood pressure rule', () => {
    const input = { ...empty('blood_pressure'), absolute: [{ level: 'red', op: 'gt', value: 180 }] };
    expect(issues(input)).toEqual(['absolute.0.component: component (systolic or diastolic) is required for blood_pressure']);
  });

  it('refuses a component on a single-number kind', () => {
    const input = { ...empty('spo2'), trend: [{ component: 'systolic', level: 'red', direction: 'fall', op: 'gt', by: 3, windowDays: 2 }] };
    expect(issues(input)).toEqual(['trend.0.component: component is only allowed for blood_pressure, not spo2']);
  });

  it.each([
    ['an unknown op', { ...empty('spo2'), absolute: [{ level: 'red', op: 'below', value: 88 }] }, 'absolute.0.op'],
    ['a green level', { ...empty('spo2'), absolute: [{ level: 'green', op: 'lt', value: 88 }] }, 'absolute.0.level'],
    ['a zero change', { ...empty('body_weight'), trend: [{ level: 'red', direction: 'rise', op: 'gt', by: 0, windowDays: 3 }] }, 'trend.0.by'],
    ['a window of 0 days', { ...empty('body_weight'), trend: [{ level: 'red', direction: 'rise', op: 'gt', by: 2, windowDays: 0 }] }, 'trend.0.windowDays'],
    ['a window over 90 days', { ...empty('spo2'), baseline: [{ level: 'yellow', direction: 'below', op: 'ge', by: 4, windowDays: 91, stat: 'median', minReadings: 3 }] }, 'baseline.0.windowDays'],
    ['a fractional window', { ...empty('spo2'), baseline: [{ level: 'yellow', direction: 'below', op: 'ge', by: 4, windowDays: 2.5, stat: 'median', minReadings: 3 }] }, 'baseline.0.windowDays'],
    ['a stat other than median', { ...empty('spo2'), baseline: [{ level: 'yellow', direction: 'below', op: 'ge', by: 4, windowDays: 7, stat: 'mean', minReadings: 3 }] }, 'baseline.0.stat'],
    ['zero minReadings', { ...empty('spo2'), baseline: [{ level: 'yellow', direction: 'below', op: 'ge', by: 4, windowDays: 7, stat: 'median', minReadings: 0 }] }, 'baseline.0.minReadings'],
    ['an absolute op on a change rule', { ...empty('body_weight'), trend: [{ level: 'red', direction: 'rise', op: 'lt', by: 2, windowDays: 3 }] }, 'trend.0.op'],
    ['an unknown kind', { ...empty('spo2'), kind: 'glucose' }, 'kind'],
    ['a missing rule list', { kind: 'spo2', absolute: [], baseline: [] }, 'trend'],
    ['an unknown field', { ...empty('spo2'), absolute: [{ level: 'red', op: 'lt', value: 88, unit: '%' }] }, 'absolute.0'],
    ['an infinite threshold', { ...empty('spo2'), absolute: [{ level: 'red', op: 'lt', value: Number.POSITIVE_INFINITY }] }, 'absolute.0.value'],
  ])('rejects %s', (_name, input, path) => {
    const found = issues(input);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((issue) => issue.startsWith(`${path}:`))).toBe(true);
  });
});
