import { describe, expect, it } from 'vitest';
import { defaultLimits } from './limits';
import type { LimitRules } from './limits';
import { compareLimits } from './limits-preview';
import type { PreviewReading } from './limits-preview';
import { describeRules } from './limits-text';
import type { MeasurementKind, MeasurementValue } from './kinds';

const NOW = new Date('2026-03-10T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * DAY);

let next = 0;
const at = (kind: MeasurementKind, days: number, value: MeasurementValue, quality: 'ok' | 'questionable' = 'ok'): PreviewReading => ({
  id: `r${++next}`,
  kind,
  value,
  measuredAt: daysAgo(days),
  quality,
});

const copdSpo2 = (): LimitRules => defaultLimits('copd').spo2;
const absoluteOnly = (rules: LimitRules): LimitRules => ({ ...rules, baseline: [], trend: [] });

describe('compareLimits', () => {
  it('counts red and yellow readings of the last 30 days under the old and the new rules', () => {
    const readings = [at('spo2', 1, 95), at('spo2', 2, 91), at('spo2', 3, 89), at('spo2', 4, 87), at('spo2', 5, 93)];
    const old = absoluteOnly(copdSpo2());
    // Stricter: red below 90, yellow below 94.
    const stricter: LimitRules = { ...old, absolute: [{ level: 'red', op: 'lt', value: 90 }, { level: 'yellow', op: 'lt', value: 94 }] };
    const result = compareLimits(readings, old, stricter, NOW);
    expect(result.readings).toBe(5);
    expect(result.old).toEqual({ green: 2, yellow: 2, red: 1, questionable: 0, review: 0 });
    expect(result.new).toEqual({ green: 1, yellow: 2, red: 2, questionable: 0, review: 0 });
    expect(result.changes.map((c) => [c.old, c.new])).toEqual([
      ['yellow', 'red'],
      ['green', 'yellow'],
    ]);
    expect(result.window.days).toBe(30);
    expect(result.window.to).toEqual(NOW);
  });

  it('lists changed readings newest first', () => {
    const readings = [at('spo2', 10, 90), at('spo2', 2, 90)];
    const result = compareLimits(readings, absoluteOnly(copdSpo2()), { kind: 'spo2', absolute: [], baseline: [], trend: [] }, NOW);
    expect(result.changes.map((c) => c.measuredAt)).toEqual([daysAgo(2), daysAgo(10)]);
  });

  it('evaluates only the window but uses earlier readings as history for baseline rules', () => {
    // Baseline yellow 4 points below the 7-day median: the readings 31–33 days ago form the baseline of the one 29 days ago.
    const readings = [at('spo2', 33, 97), at('spo2', 32, 97), at('spo2', 31, 97), at('spo2', 29, 93)];
    const withBaseline = copdSpo2();
    const result = compareLimits(readings, absoluteOnly(withBaseline), withBaseline, NOW);
    expect(result.readings).toBe(1);
    expect(result.old.green).toBe(1);
    expect(result.new.yellow).toBe(1);
  });

  it('uses earlier readings as history for trend rules (weight gain over 3 days)', () => {
    const readings = [at('body_weight', 3, 80), at('body_weight', 2, 80.5), at('body_weight', 1, 82.5)];
    const hf = defaultLimits('heart_failure').body_weight;
    const result = compareLimits(readings, { ...hf, trend: [] }, hf, NOW);
    expect(result.old).toMatchObject({ green: 3, red: 0 });
    expect(result.new).toMatchObject({ green: 2, red: 1 });
  });

  it('never uses a questionable reading as history, but still evaluates it', () => {
    const readings = [at('body_weight', 2, 70, 'questionable'), at('body_weight', 1, 80)];
    const hf = defaultLimits('heart_failure').body_weight;
    const result = compareLimits(readings, hf, hf, NOW);
    expect(result.readings).toBe(2);
    // Without the 70 kg in history there is no trend: the 80 kg reading is green.
    expect(result.new).toMatchObject({ green: 1, questionable: 1, red: 0 });
  });

  it('ignores readings of other kinds, older than the window, or after now', () => {
    const readings = [at('heart_rate', 1, 130), at('spo2', 31, 80), at('spo2', -1, 80), at('spo2', 1, 80)];
    const result = compareLimits(readings, copdSpo2(), copdSpo2(), NOW);
    expect(result.readings).toBe(1);
    expect(result.old.red).toBe(1);
  });

  it('compares blood pressure per component', () => {
    const bp = defaultLimits('heart_failure').blood_pressure;
    const readings = [at('blood_pressure', 1, { systolic: 150, diastolic: 98 })];
    const relaxed: LimitRules = { ...bp, absolute: bp.absolute.filter((r) => r.component === 'systolic') };
    const result = compareLimits(readings, bp, relaxed, NOW);
    expect(result.old.yellow).toBe(1);
    expect(result.new.green).toBe(1);
  });

  it('counts readings as review when there were no old rules', () => {
    const result = compareLimits([at('spo2', 1, 95)], undefined, copdSpo2(), NOW);
    expect(result.old.review).toBe(1);
    expect(result.new.green).toBe(1);
  });

  it('honours a shorter window', () => {
    const result = compareLimits([at('spo2', 8, 80), at('spo2', 6, 80)], copdSpo2(), copdSpo2(), NOW, 7);
    expect(result.readings).toBe(1);
    expect(result.window.from).toEqual(daysAgo(7));
  });
});

describe('describeRules', () => {
  it('describes COPD SpO2 defaults in plain Danish and English, red first', () => {
    const lines = describeRules(copdSpo2());
    expect(lines.map((l) => l.da)).toEqual([
      'Rød: under 88 %',
      'Gul: under 92 %',
      'Gul: mindst 4 procentpoint under patientens median for de seneste 7 dage (når der er mindst 3 målinger)',
    ]);
    expect(lines[0]?.en).toBe('Red: below 88 %');
  });

  it('describes weight trends and blood pressure components', () => {
    const hf = defaultLimits('heart_failure');
    expect(describeRules(hf.body_weight).map((l) => l.da)).toEqual(['Rød: stigning på mere end 2,0 kg inden for 3 dage', 'Gul: stigning på mere end 1,0 kg inden for 3 dage']);
    expect(describeRules(hf.blood_pressure)[0]?.da).toBe('Rød (systolisk): under 90 mmHg');
    expect(describeRules(hf.body_temperature)).toEqual([]);
  });

  it('uses a decimal comma in Danish and a point in English', () => {
    const rules: LimitRules = { kind: 'body_temperature', absolute: [{ level: 'yellow', op: 'ge', value: 37.5 }], baseline: [], trend: [] };
    expect(describeRules(rules)[0]).toEqual({ da: 'Gul: mindst 37,5 °C', en: 'Yellow: at least 37.5 °C' });
  });
});
