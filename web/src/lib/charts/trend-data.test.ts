import { describe, expect, it } from 'vitest';
import type { LimitRules } from '@naer/shared/domain';
import { chartLimits } from './limit-lines';
import type { ChartReading } from './limit-lines';
import { alertMarkers, trendModel, versionsInForce } from './trend-data';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const at = (day: number) => T0 + day * DAY;
const iso = (day: number) => new Date(at(day)).toISOString();

const spo2 = (absolute: LimitRules['absolute']): LimitRules => ({ kind: 'spo2', absolute, baseline: [], trend: [] });
const weightGain = (by: number, absolute: LimitRules['absolute'] = []): LimitRules => ({
  kind: 'body_weight',
  absolute,
  baseline: [],
  trend: [{ level: 'yellow', direction: 'rise', op: 'gt', by, windowDays: 3 }],
});

describe('versionsInForce', () => {
  const a = spo2([{ level: 'red', op: 'lt', value: 88 }]);
  const b = spo2([{ level: 'red', op: 'lt', value: 85 }]);
  const scheduled = spo2([{ level: 'red', op: 'lt', value: 80 }]);

  it('gives each version the time from its validFrom to the next one, clipped to the period, and leaves out a scheduled one', () => {
    const history = [
      { validFrom: iso(40), rules: scheduled },
      { validFrom: iso(10), rules: b },
      { validFrom: iso(-5), rules: a },
    ];
    expect(versionsInForce(history, at(0), at(20))).toEqual([
      { start: at(0), end: at(10), rules: a },
      { start: at(10), end: at(20), rules: b },
    ]);
  });

  it('starts at the first version when the patient had no limits at the start of the period, which is no change of limits', () => {
    expect(versionsInForce([{ validFrom: iso(5), rules: a }], at(0), at(20))).toEqual([{ start: at(5), end: at(20), rules: a }]);
    const model = trendModel({ series: { kind: 'spo2' }, readings: [], from: at(0), to: at(20), limits: [{ validFrom: iso(5), rules: a }] });
    expect(model.bands.map((s) => [s.value, s.start, s.end])).toEqual([[88, at(5), at(20)]]);
    expect(model.changes).toEqual([]);
  });

  it('keeps the version listed first (the newest) of two with the same validFrom', () => {
    const history = [
      { validFrom: iso(3), rules: b },
      { validFrom: iso(3), rules: a },
    ];
    expect(versionsInForce(history, at(0), at(20))).toEqual([{ start: at(3), end: at(20), rules: b }]);
  });
});

describe('trendModel: absolute bands over time', () => {
  const before = spo2([
    { level: 'red', op: 'lt', value: 88 },
    { level: 'yellow', op: 'lt', value: 92 },
  ]);
  const after = spo2([
    { level: 'red', op: 'lt', value: 85 },
    { level: 'yellow', op: 'lt', value: 92 },
  ]);
  const model = trendModel({
    series: { kind: 'spo2' },
    readings: [],
    from: at(0),
    to: at(20),
    limits: [
      { validFrom: iso(10), rules: after },
      { validFrom: iso(-30), rules: before },
    ],
  });

  it('steps the red band edge from 88 to 85 where the new limits took effect, and keeps the unchanged yellow band as one segment', () => {
    expect(model.bands.map((s) => [s.level, s.op, s.value, s.start, s.end])).toEqual([
      ['yellow', 'lt', 92, at(0), at(20)],
      ['red', 'lt', 88, at(0), at(10)],
      ['red', 'lt', 85, at(10), at(20)],
    ]);
    expect(model.changes).toEqual([at(10)]);
  });

  it('describes the limits in force at the end of the period', () => {
    expect(model.current.bands.map((b) => `${b.level} ${b.op} ${b.value}`)).toEqual(['yellow lt 92', 'red lt 85']);
  });

  it('spans every band edge of the period in its value range, with a 10 % margin', () => {
    // Edges 85 to 92: 7 wide, 0.7 either side.
    expect(model.range.min).toBeCloseTo(84.3, 9);
    expect(model.range.max).toBeCloseTo(92.7, 9);
  });

  it('takes limits already worked out for the series as one stretch over the whole period', () => {
    const limits = chartLimits(after, { kind: 'spo2' }, [], [], new Date(at(20)));
    const given = trendModel({ series: { kind: 'spo2' }, readings: [], from: at(0), to: at(20), limits });
    expect(given.bands.map((s) => [s.level, s.value, s.start, s.end])).toEqual([
      ['yellow', 92, at(0), at(20)],
      ['red', 85, at(0), at(20)],
    ]);
    expect(given.changes).toEqual([]);
  });

  it('draws no limits when there are none', () => {
    const none = trendModel({ series: { kind: 'spo2' }, readings: [{ value: 95, measuredAt: iso(1) }], from: at(0), to: at(20) });
    expect([none.bands, none.lines, none.changes, none.current]).toEqual([[], [], [], { bands: [], relative: [] }]);
    expect(none.range).toEqual({ min: 94, max: 96 });
  });
});

describe('trendModel: a weight-gain threshold when the allowed gain changes from 1 kg to 2 kg on day 10', () => {
  const readings: ChartReading[] = [
    { value: 79.0, measuredAt: iso(6.5) }, // before the period: not drawn, but in the windows
    { value: 80.0, measuredAt: iso(8) },
    { value: 80.5, measuredAt: iso(9) },
    { value: 80.2, measuredAt: iso(10) }, // exactly at the change: the new limits apply
    { value: 81.0, measuredAt: iso(11) },
    { value: 70.0, measuredAt: iso(12), quality: 'questionable' },
    { value: 81.2, measuredAt: iso(12.5) },
  ];
  const model = trendModel({
    series: { kind: 'body_weight' },
    readings: [...readings].reverse(),
    from: at(7),
    to: at(13),
    limits: [
      { validFrom: iso(10), rules: weightGain(2, [{ level: 'red', op: 'gt', value: 95 }]) },
      { validFrom: iso(0), rules: weightGain(1, [{ level: 'red', op: 'gt', value: 95 }]) },
    ],
  });

  it('draws the readings of the period oldest first and marks the one the device flagged', () => {
    expect(model.data).toEqual([
      [at(8), at(9), at(10), at(11), at(12), at(12.5)],
      [80.0, 80.5, 80.2, 81.0, 70.0, 81.2],
    ]);
    expect(model.points.map((p) => p.flagged)).toEqual([false, false, false, false, true, false]);
    expect(model.flagged).toBe(1);
  });

  it('steps the threshold at each reading: lowest of the 3 days before plus 1 kg, then plus 2 kg, leaving out the flagged reading', () => {
    expect(model.lines).toEqual([
      {
        level: 'yellow',
        side: 'above',
        shape: 'trend',
        // Day 8: 79.0 (day 6.5) + 1; day 9: still 79.0 + 1; at the change (day 10): window [7, 10) holds 80.0 and 80.5, so 80.0 + 1.
        vertices: [
          { at: at(8), value: 80 },
          { at: at(9), value: 80 },
          { at: at(10), value: 81 },
        ],
      },
      {
        level: 'yellow',
        side: 'above',
        shape: 'trend',
        // Day 10: 80.0 + 2; day 11: 80.0 + 2; day 12: lowest of 80.5, 80.2, 81.0 is 80.2, + 2; day 12.5 and the end (day 13) likewise.
        vertices: [
          { at: at(10), value: 82 },
          { at: at(11), value: 82 },
          { at: at(12), value: 82.2 },
          { at: at(12.5), value: 82.2 },
          { at: at(13), value: 82.2 },
        ],
      },
    ]);
    expect(model.hasRelative).toBe(true);
  });

  it('gives each reading the threshold of the version in force when it was measured', () => {
    const thresholdOf = (day: number) => model.points.find((p) => p.at === at(day))?.relative.map((r) => r.steps[0]?.value);
    expect(thresholdOf(9)).toEqual([80]);
    expect(thresholdOf(10)).toEqual([82]);
    expect(thresholdOf(12.5)).toEqual([82.2]);
  });

  it('keeps a band that did not change across the new version as one segment', () => {
    expect(model.bands.map((s) => [s.level, s.value, s.start, s.end])).toEqual([['red', 95, at(7), at(13)]]);
    expect(model.changes).toEqual([at(10)]);
  });
});

describe('trendModel: blood pressure', () => {
  it('reads the diastolic half from value2 when a reading gives blood pressure as two numbers', () => {
    const readings = [
      { value: 150, value2: 97, measuredAt: iso(2) },
      { value: { systolic: 140, diastolic: 92 }, measuredAt: iso(1) },
    ];
    const rules: LimitRules = { kind: 'blood_pressure', absolute: [{ component: 'diastolic', level: 'yellow', op: 'gt', value: 95 }], baseline: [], trend: [] };
    const model = trendModel({ series: { kind: 'blood_pressure', component: 'diastolic' }, readings, from: at(0), to: at(3), limits: [{ validFrom: iso(-1), rules }] });
    expect(model.data).toEqual([
      [at(1), at(2)],
      [92, 97],
    ]);
    expect(model.bands.map((b) => `${b.level} ${b.side} ${b.value}`)).toEqual(['yellow above 95']);
  });
});

describe('alertMarkers', () => {
  it('keeps the alerts inside the period, oldest first', () => {
    const alerts = [
      { at: iso(25), severity: 'red' as const },
      { at: iso(12), severity: 'yellow' as const },
      { at: iso(3), severity: 'review' as const },
      { at: iso(-1), severity: 'missing' as const },
    ];
    expect(alertMarkers(alerts, at(0), at(20))).toEqual([
      { at: at(3), severity: 'review' },
      { at: at(12), severity: 'yellow' },
    ]);
  });
});
