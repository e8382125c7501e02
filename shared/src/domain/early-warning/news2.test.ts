import { describe, expect, it } from 'vitest';
import { NEWS2_CHART, defaultSpo2Scale, scoreNews2 } from './news2';
import type { News2Input, Spo2Scale } from './news2';
import type { Consciousness } from './consciousness';

// Every part scores 0 on either scale here (SpO2 90 is in range on scale 2 only; scale 1 tests set their own).
const calm: News2Input = { respiratoryRate: 16, spo2: 97, onOxygen: false, systolic: 120, pulse: 70, consciousness: 'alert', temperature: 37 };
const calmScale2: News2Input = { ...calm, spo2: 90 };

describe('scoreNews2, one part at a time (RCP 2017 chart, domain.md §5)', () => {
  it('scores 0, band none, response routine when every part is normal', () => {
    expect(scoreNews2(calm, 1)).toEqual({
      total: 0,
      scale: 1,
      band: 'none',
      parts: { respiratoryRate: 0, spo2: 0, airOrOxygen: 0, systolic: 0, pulse: 0, consciousness: 0, temperature: 0 },
      response: 'routine',
    });
  });

  it.each([
    [4, 3],
    [8, 3],
    [8.5, 3],
    [9, 1],
    [11, 1],
    [11.5, 1],
    [12, 0],
    [20, 0],
    [20.5, 0],
    [21, 2],
    [24, 2],
    [24.5, 2],
    [25, 3],
    [60, 3],
  ])('scores respiratory rate %d as %d', (respiratoryRate, points) => {
    const result = scoreNews2({ ...calm, respiratoryRate }, 1);
    expect(result.parts.respiratoryRate).toBe(points);
    expect(result.total).toBe(points);
  });

  it.each([
    [false, 50, 3],
    [false, 91, 3],
    [false, 91.5, 3],
    [false, 92, 2],
    [false, 93, 2],
    [false, 93.5, 2],
    [false, 94, 1],
    [false, 95, 1],
    [false, 95.5, 1],
    [false, 96, 0],
    [false, 100, 0],
    [true, 91, 3],
    [true, 92, 2],
    [true, 93, 2],
    [true, 94, 1],
    [true, 95, 1],
    [true, 96, 0],
    [true, 100, 0],
  ])('scores SpO2 on scale 1 (on oxygen: %s) at %d %% as %d, whatever the oxygen', (onOxygen, spo2, points) => {
    const result = scoreNews2({ ...calm, onOxygen, spo2 }, 1);
    expect(result.parts.spo2).toBe(points);
    expect(result.total).toBe(points + (onOxygen ? 2 : 0));
  });

  it.each([
    [false, 50, 3],
    [false, 83, 3],
    [false, 83.5, 3],
    [false, 84, 2],
    [false, 85, 2],
    [false, 86, 1],
    [false, 87, 1],
    [false, 87.5, 1],
    [false, 88, 0],
    [false, 92, 0],
    [false, 92.5, 0],
    [false, 93, 0],
    [false, 94, 0],
    [false, 95, 0],
    [false, 96, 0],
    [false, 97, 0],
    [false, 100, 0],
    [true, 50, 3],
    [true, 83, 3],
    [true, 84, 2],
    [true, 85, 2],
    [true, 86, 1],
    [true, 87, 1],
    [true, 88, 0],
    [true, 92, 0],
    [true, 92.5, 0],
    [true, 93, 1],
    [true, 94, 1],
    [true, 94.5, 1],
    [true, 95, 2],
    [true, 96, 2],
    [true, 96.5, 2],
    [true, 97, 3],
    [true, 100, 3],
  ])('scores SpO2 on scale 2 (on oxygen: %s) at %d %% as %d', (onOxygen, spo2, points) => {
    const result = scoreNews2({ ...calmScale2, onOxygen, spo2 }, 2);
    expect(result.parts.spo2).toBe(points);
    expect(result.total).toBe(points + (onOxygen ? 2 : 0));
  });

  it.each([
    [false, 0],
    [true, 2],
  ])('scores air or oxygen (on oxygen: %s) as %d on either scale', (onOxygen, points) => {
    expect(scoreNews2({ ...calm, onOxygen }, 1).parts.airOrOxygen).toBe(points);
    expect(scoreNews2({ ...calmScale2, onOxygen }, 2).parts.airOrOxygen).toBe(points);
  });

  it.each([
    [50, 3],
    [90, 3],
    [90.5, 3],
    [91, 2],
    [100, 2],
    [100.5, 2],
    [101, 1],
    [110, 1],
    [110.5, 1],
    [111, 0],
    [219, 0],
    [219.5, 0],
    [220, 3],
    [280, 3],
  ])('scores systolic %d as %d', (systolic, points) => {
    const result = scoreNews2({ ...calm, systolic }, 1);
    expect(result.parts.systolic).toBe(points);
    expect(result.total).toBe(points);
  });

  it.each([
    [20, 3],
    [40, 3],
    [40.5, 3],
    [41, 1],
    [50, 1],
    [50.5, 1],
    [51, 0],
    [90, 0],
    [90.5, 0],
    [91, 1],
    [110, 1],
    [110.5, 1],
    [111, 2],
    [130, 2],
    [130.5, 2],
    [131, 3],
    [250, 3],
  ])('scores pulse %d as %d', (pulse, points) => {
    const result = scoreNews2({ ...calm, pulse }, 1);
    expect(result.parts.pulse).toBe(points);
    expect(result.total).toBe(points);
  });

  it.each<[Consciousness, number]>([
    ['alert', 0],
    ['agitated', 0],
    ['new_confusion', 3],
    ['voice', 3],
    ['pain', 3],
    ['unresponsive', 3],
  ])('scores consciousness %s as %d', (consciousness, points) => {
    const result = scoreNews2({ ...calm, consciousness }, 1);
    expect(result.parts.consciousness).toBe(points);
    expect(result.total).toBe(points);
  });

  it.each([
    [30, 3],
    [35, 3],
    [35.05, 3],
    [35.1, 1],
    [36, 1],
    [36.05, 1],
    [36.1, 0],
    [38, 0],
    [38.05, 0],
    [38.1, 1],
    [39, 1],
    [39.05, 1],
    [39.1, 2],
    [44, 2],
  ])('scores temperature %d °C as %d', (temperature, points) => {
    const result = scoreNews2({ ...calm, temperature }, 1);
    expect(result.parts.temperature).toBe(points);
    expect(result.total).toBe(points);
  });
});

describe('scoreNews2 totals, risk bands and responses', () => {
  it.each<[string, Partial<News2Input>, number, string, string]>([
    ['nothing abnormal', {}, 0, 'none', 'routine'],
    ['pulse 91', { pulse: 91 }, 1, 'low', 'ward_assessment'],
    ['on oxygen', { onOxygen: true }, 2, 'low', 'ward_assessment'],
    ['pulse 111, temperature 38.5', { pulse: 111, temperature: 38.5 }, 3, 'low', 'ward_assessment'],
    ['respiratory rate 22, systolic 95', { respiratoryRate: 22, systolic: 95 }, 4, 'low', 'ward_assessment'],
    ['new confusion alone', { consciousness: 'new_confusion' }, 3, 'low_single_red', 'urgent_review'],
    ['respiratory rate 25 alone', { respiratoryRate: 25 }, 3, 'low_single_red', 'urgent_review'],
    ['SpO2 91 and pulse 91', { spo2: 91, pulse: 91 }, 4, 'low_single_red', 'urgent_review'],
    ['systolic 95, pulse 115, temperature 38.5', { systolic: 95, pulse: 115, temperature: 38.5 }, 5, 'medium', 'urgent_review'],
    ['voice and respiratory rate 22', { consciousness: 'voice', respiratoryRate: 22 }, 5, 'medium', 'urgent_review'],
    ['pain, on oxygen and pulse 91', { consciousness: 'pain', onOxygen: true, pulse: 91 }, 6, 'medium', 'urgent_review'],
    ['SpO2 93, pulse 115, respiratory rate 22, temperature 38.5', { spo2: 93, pulse: 115, respiratoryRate: 22, temperature: 38.5 }, 7, 'high', 'emergency'],
    ['unresponsive, systolic 90, pulse 41', { consciousness: 'unresponsive', systolic: 90, pulse: 41 }, 7, 'high', 'emergency'],
    [
      'every part at its worst',
      { respiratoryRate: 30, spo2: 85, onOxygen: true, systolic: 80, pulse: 140, consciousness: 'unresponsive', temperature: 34 },
      20,
      'high',
      'emergency',
    ],
  ])('totals %s on scale 1 as %d, band %s, response %s', (_label, change, total, band, response) => {
    const result = scoreNews2({ ...calm, ...change }, 1);
    expect(result.total).toBe(total);
    expect(result.band).toBe(band);
    expect(result.response).toBe(response);
  });

  it.each<[Spo2Scale, number, string]>([
    [1, 3, 'low_single_red'],
    [2, 0, 'none'],
  ])('scores SpO2 88 on air on scale %d as %d (band %s) and returns the scale', (scale, spo2Points, band) => {
    const result = scoreNews2({ ...calm, spo2: 88 }, scale);
    expect(result.scale).toBe(scale);
    expect(result.parts.spo2).toBe(spo2Points);
    expect(result.band).toBe(band);
  });

  it('lists every part with its own points', () => {
    const input: News2Input = { respiratoryRate: 10, spo2: 95, onOxygen: true, systolic: 105, pulse: 120, consciousness: 'agitated', temperature: 39.5 };
    expect(scoreNews2(input, 2).parts).toEqual({ respiratoryRate: 1, spo2: 2, airOrOxygen: 2, systolic: 1, pulse: 2, consciousness: 0, temperature: 2 });
  });

  it.each([
    ['respiratoryRate', Number.NaN],
    ['spo2', Number.NaN],
    ['pulse', Number.POSITIVE_INFINITY],
  ] as const)('throws a RangeError naming %s when it is not a finite number', (part, value) => {
    expect(() => scoreNews2({ ...calm, [part]: value }, 1)).toThrow(new RegExp(`^${part} must be a finite number`));
  });

  it('throws a RangeError on an SpO2 scale other than 1 or 2', () => {
    expect(() => scoreNews2(calm, 3 as Spo2Scale)).toThrow(RangeError);
  });
});

describe('defaultSpo2Scale', () => {
  it.each<[string, { low: number; high: number } | null, Spo2Scale]>([
    ['no prescribed target', null, 1],
    ['the 88–92 % target', { low: 88, high: 92 }, 2],
    ['a lower target, 85–90 %', { low: 85, high: 90 }, 2],
    ['a target up to 93 %', { low: 88, high: 93 }, 1],
    ['the usual 94–98 % target', { low: 94, high: 98 }, 1],
  ])('chooses for %s scale %d', (_label, target, scale) => {
    expect(defaultSpo2Scale(target)).toBe(scale);
  });
});

describe('NEWS2_CHART', () => {
  it.each<[string, Spo2Scale, boolean]>([
    ['respiratoryRate', 1, false],
    ['spo2', 1, false],
    ['spo2', 1, true],
    ['spo2', 2, false],
    ['spo2', 2, true],
    ['systolic', 1, false],
    ['pulse', 1, false],
    ['temperature', 1, false],
  ])('tiles the number line for %s (scale %d, on oxygen %s): no gaps, no overlaps', (part, scale, onOxygen) => {
    const rows = NEWS2_CHART.filter(
      (band) => band.part === part && (band.scale ?? scale) === scale && (band.onOxygen ?? onOxygen) === onOxygen,
    );
    expect(rows[0]?.atLeast).toBeUndefined();
    expect(rows.at(-1)?.below).toBeUndefined();
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.atLeast).toBe(rows[i - 1]?.below);
  });
});
