import { describe, expect, it } from 'vitest';
import { defaultLimits, evaluateReading } from '@naer/shared/domain';
import type { LimitRules } from '@naer/shared/domain';
import { chartLimits, chartRange, effectiveBands, seriesOf, seriesValue } from './limit-lines';
import type { ChartReading } from './limit-lines';

const NOW = new Date('2026-03-10T08:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

/** The level the shared triage gives a reading of `value` at `now` with this history (the server loads only quality ok). */
function levelAt(rules: LimitRules, value: number, history: ChartReading[]) {
  const entries = history.filter((h) => (h.quality ?? 'ok') === 'ok').map((h) => ({ value: h.value, measuredAt: new Date(h.measuredAt) }));
  return evaluateReading({ kind: rules.kind, value, quality: 'ok', measuredAt: NOW }, rules, entries, NOW).level;
}

describe('chartLimits: heart-failure weight gain (trend rules)', () => {
  const rules = defaultLimits('heart_failure').body_weight;
  const history: ChartReading[] = [
    { value: 80.4, measuredAt: daysAgo(1) },
    { value: 80.0, measuredAt: daysAgo(2) },
    { value: 78.0, measuredAt: daysAgo(5) }, // outside the 3-day window
    { value: 70.0, measuredAt: daysAgo(1.5), quality: 'questionable' }, // flagged readings are no history
  ];
  const limits = chartLimits(rules, { kind: 'body_weight' }, history, [daysAgo(1)], NOW);

  it('draws the computed threshold: the lowest weight of the last 3 days plus the allowed gain', () => {
    const yellow = limits.relative.find((r) => r.level === 'yellow');
    const red = limits.relative.find((r) => r.level === 'red');
    expect(yellow?.current).toMatchObject({ value: 81, reference: 80, inclusive: false });
    expect(red?.current).toMatchObject({ value: 82, reference: 80, inclusive: false });
    expect(limits.relative.map((r) => r.level)).toEqual(['red', 'yellow']);
    expect(limits.bands).toEqual([]);
  });

  it('puts each threshold exactly where the shared triage changes level', () => {
    expect(levelAt(rules, 81.0, history)).toBe('green');
    expect(levelAt(rules, 81.01, history)).toBe('yellow');
    expect(levelAt(rules, 82.0, history)).toBe('yellow');
    expect(levelAt(rules, 82.01, history)).toBe('red');
  });

  it('gives the threshold that applied to each earlier reading, and none before there was an earlier reading', () => {
    const yellow = limits.relative.find((r) => r.level === 'yellow');
    // At the reading a day ago the window [4 days ago, 1 day ago) held only 80.0.
    expect(yellow?.steps).toEqual([{ at: daysAgo(1), value: 81, reference: 80, inclusive: false }]);
    const first = chartLimits(rules, { kind: 'body_weight' }, [], [daysAgo(1)], NOW);
    expect(first.relative.every((r) => r.current === null && r.steps.length === 0)).toBe(true);
  });
});

describe('chartLimits: SpO2 below the patient’s own median (baseline rule)', () => {
  const rules: LimitRules = { kind: 'spo2', absolute: [], baseline: defaultLimits('copd').spo2.baseline, trend: [] };
  const history: ChartReading[] = [95, 96, 94].map((value, i) => ({ value, measuredAt: daysAgo(i + 1) }));

  it('draws the median minus 4 points, inclusive (at least 4 below is yellow), matching the shared triage', () => {
    const [baseline] = chartLimits(rules, { kind: 'spo2' }, history, [], NOW).relative;
    expect(baseline?.current).toMatchObject({ value: 91, reference: 95, inclusive: true });
    expect(baseline?.side).toBe('below');
    expect(levelAt(rules, 91, history)).toBe('yellow');
    expect(levelAt(rules, 92, history)).toBe('green');
  });

  it('does not apply until the window holds the minimum number of readings', () => {
    const [baseline] = chartLimits(rules, { kind: 'spo2' }, history.slice(0, 2), [], NOW).relative;
    expect(baseline?.current).toBeNull();
    expect(levelAt(rules, 80, history.slice(0, 2))).toBe('green');
  });
});

describe('chartLimits: blood pressure', () => {
  const rules = defaultLimits('heart_failure').blood_pressure;

  it('is drawn as two series, each with its own bands (systolic and diastolic)', () => {
    expect(seriesOf('blood_pressure')).toEqual([
      { kind: 'blood_pressure', component: 'systolic' },
      { kind: 'blood_pressure', component: 'diastolic' },
    ]);
    const [systolic, diastolic] = seriesOf('blood_pressure').map((s) => chartLimits(rules, s, [], [], NOW));
    expect(systolic?.bands.map((b) => `${b.level} ${b.side} ${b.value}`)).toEqual(['yellow below 100', 'yellow above 160', 'red below 90', 'red above 180']);
    expect(diastolic?.bands.map((b) => `${b.level} ${b.side} ${b.value}`)).toEqual(['yellow below 60', 'yellow above 95']);
    expect(seriesValue({ kind: 'blood_pressure', component: 'diastolic' }, { systolic: 130, diastolic: 85 })).toBe(85);
    expect(seriesValue({ kind: 'spo2' }, { systolic: 130, diastolic: 85 })).toBeNull();
  });

  it('has no limits to draw without rules', () => {
    expect(chartLimits(undefined, { kind: 'spo2' }, [], [], NOW)).toEqual({ bands: [], relative: [] });
  });
});

describe('chartRange', () => {
  it('covers readings, band edges and thresholds with a margin', () => {
    const limits = chartLimits(defaultLimits('copd').spo2, { kind: 'spo2' }, [], [], NOW);
    expect(chartRange([95, 97], limits)).toEqual({ min: 88 - 0.9, max: 97 + 0.9 });
    expect(chartRange([], { bands: [], relative: [] })).toEqual({ min: 0, max: 1 });
  });
});

describe('effectiveBands', () => {
  it('keeps only the bands that decide the level when two programmes are merged (COPD and heart failure SpO2)', () => {
    const merged = chartLimits(
      { kind: 'spo2', absolute: [...defaultLimits('copd').spo2.absolute, ...defaultLimits('heart_failure').spo2.absolute], baseline: [], trend: [] },
      { kind: 'spo2' },
      [],
      [],
      NOW,
    );
    expect(merged.bands.map((b) => `${b.level} ${b.op} ${b.value}`)).toEqual(['yellow lt 94', 'red lt 92']);
  });

  it('drops a yellow band inside a red one, and an identical band repeated, and keeps ≤ over < at the same value', () => {
    expect(
      effectiveBands([
        { level: 'red', op: 'lt', value: 92, side: 'below' },
        { level: 'yellow', op: 'lt', value: 92, side: 'below' },
        { level: 'yellow', op: 'gt', value: 100, side: 'above' },
        { level: 'yellow', op: 'gt', value: 100, side: 'above' },
        { level: 'red', op: 'gt', value: 120, side: 'above' },
        { level: 'red', op: 'ge', value: 120, side: 'above' },
      ]).map((b) => `${b.level} ${b.op} ${b.value}`),
    ).toEqual(['yellow gt 100', 'red lt 92', 'red ge 120']);
  });
});
