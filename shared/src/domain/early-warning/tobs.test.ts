import { describe, expect, it } from 'vitest';
import { TOBS_CHART, scoreTobs } from './tobs';
import type { TobsInput } from './tobs';
import type { Consciousness } from './consciousness';

// Every part scores 0 here; each test changes one part.
const calm: TobsInput = { pulse: 70, systolic: 120, respiratoryRate: 16, temperature: 37, consciousness: 'alert' };

describe('scoreTobs, one part at a time (domain.md §5)', () => {
  it('scores 0 with response none when every part is in its normal band', () => {
    expect(scoreTobs(calm)).toEqual({
      total: 0,
      parts: { pulse: 0, systolic: 0, respiratoryRate: 0, temperature: 0, consciousness: 0 },
      response: 'none',
    });
  });

  it.each([
    [20, 2],
    [39, 2],
    [39.5, 2],
    [40, 1],
    [49, 1],
    [49.5, 1],
    [50, 0],
    [89, 0],
    [89.5, 0],
    [90, 1],
    [109, 1],
    [109.9, 1],
    [110, 2],
    [129, 2],
    [129.99, 2],
    [130, 3],
    [250, 3],
  ])('scores pulse %d as %d', (pulse, points) => {
    const result = scoreTobs({ ...calm, pulse });
    expect(result.parts.pulse).toBe(points);
    expect(result.total).toBe(points);
  });

  it.each([
    [50, 3],
    [69, 3],
    [69.5, 3],
    [70, 2],
    [79, 2],
    [80, 1],
    [99, 1],
    [99.5, 1],
    [100, 0],
    [199, 0],
    [199.5, 0],
    [200, 2],
    [280, 2],
  ])('scores systolic %d as %d', (systolic, points) => {
    const result = scoreTobs({ ...calm, systolic });
    expect(result.parts.systolic).toBe(points);
    expect(result.total).toBe(points);
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
    const result = scoreTobs({ ...calm, respiratoryRate });
    expect(result.parts.respiratoryRate).toBe(points);
    expect(result.total).toBe(points);
  });

  it.each([
    [30, 3],
    [33.9, 3],
    [33.99, 3],
    [34, 2],
    [35.9, 2],
    [35.95, 2],
    [36, 0],
    [37.9, 0],
    [37.95, 0],
    [38, 1],
    [38.9, 1],
    [38.95, 1],
    [39, 2],
    [39.9, 2],
    [39.95, 2],
    [40, 3],
    [44, 3],
  ])('scores temperature %d °C as %d', (temperature, points) => {
    const result = scoreTobs({ ...calm, temperature });
    expect(result.parts.temperature).toBe(points);
    expect(result.total).toBe(points);
  });

  it.each<[Consciousness, number]>([
    ['alert', 0],
    ['agitated', 1],
    ['new_confusion', 1],
    ['voice', 1],
    ['pain', 2],
    ['unresponsive', 3],
  ])('scores consciousness %s as %d', (consciousness, points) => {
    const result = scoreTobs({ ...calm, consciousness });
    expect(result.parts.consciousness).toBe(points);
    expect(result.total).toBe(points);
  });
});

describe('scoreTobs totals and responses', () => {
  it.each<[string, Partial<TobsInput>, number, string]>([
    ['nothing abnormal', {}, 0, 'none'],
    ['pulse 90', { pulse: 90 }, 1, 'check'],
    ['agitated', { consciousness: 'agitated' }, 1, 'check'],
    ['temperature 38.5', { temperature: 38.5 }, 1, 'check'],
    ['pulse 90 and temperature 38', { pulse: 90, temperature: 38 }, 2, 'call_nurse'],
    ['systolic 75', { systolic: 75 }, 2, 'call_nurse'],
    ['pulse 115, systolic 85, respiratory rate 22', { pulse: 115, systolic: 85, respiratoryRate: 22 }, 5, 'call_nurse'],
    [
      'every part at its worst',
      { pulse: 140, systolic: 60, respiratoryRate: 30, temperature: 41, consciousness: 'unresponsive' },
      15,
      'call_nurse',
    ],
  ])('totals %s as %d with response %s', (_label, change, total, response) => {
    const result = scoreTobs({ ...calm, ...change });
    expect(result.total).toBe(total);
    expect(result.response).toBe(response);
  });

  it('lists every part with its own points', () => {
    expect(scoreTobs({ pulse: 45, systolic: 210, respiratoryRate: 10, temperature: 35, consciousness: 'pain' }).parts).toEqual({
      pulse: 1,
      systolic: 2,
      respiratoryRate: 1,
      temperature: 2,
      consciousness: 2,
    });
  });

  it.each([
    ['pulse', Number.NaN],
    ['systolic', Number.POSITIVE_INFINITY],
    ['temperature', Number.NEGATIVE_INFINITY],
  ] as const)('throws a RangeError naming %s when it is not a finite number', (part, value) => {
    expect(() => scoreTobs({ ...calm, [part]: value })).toThrow(new RegExp(`^${part} must be a finite number`));
  });

  it('throws a RangeError on a consciousness level it does not know', () => {
    expect(() => scoreTobs({ ...calm, consciousness: 'asleep' as Consciousness })).toThrow(RangeError);
  });
});

describe('TOBS_CHART', () => {
  it.each(['pulse', 'systolic', 'respiratoryRate', 'temperature'] as const)('tiles the number line for %s: no gaps, no overlaps', (part) => {
    const rows = TOBS_CHART.filter((band) => band.part === part);
    expect(rows[0]?.atLeast).toBeUndefined();
    expect(rows.at(-1)?.below).toBeUndefined();
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.atLeast).toBe(rows[i - 1]?.below);
  });
});
