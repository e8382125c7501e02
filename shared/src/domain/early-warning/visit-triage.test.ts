import { describe, expect, it } from 'vitest';
import { DEFAULT_VISIT_THRESHOLDS, triageVisit } from './visit-triage';
import type { News2Part } from './news2';

// Score results written out by hand: triage reads totals and NEWS2 parts, not the charts.
const tobs = (total: number) => ({ total });
const news2 = (total: number, threes: News2Part[] = []) => {
  const parts: Record<News2Part, number> = { respiratoryRate: 0, spo2: 0, airOrOxygen: 0, systolic: 0, pulse: 0, consciousness: 0, temperature: 0 };
  for (const part of threes) parts[part] = 3;
  return { total, parts };
};

describe('triageVisit with the default thresholds', () => {
  it('has defaults NEWS2 7 red, NEWS2 5 yellow, TOBS 2 yellow', () => {
    expect(DEFAULT_VISIT_THRESHOLDS).toEqual({ news2Red: 7, news2Yellow: 5, tobsYellow: 2 });
  });

  it.each([
    [0, 0, 'green'],
    [4, 0, 'green'],
    [5, 0, 'yellow'],
    [6, 0, 'yellow'],
    [7, 0, 'red'],
    [20, 0, 'red'],
    [0, 1, 'green'],
    [4, 1, 'green'],
    [0, 2, 'yellow'],
    [4, 2, 'yellow'],
    [0, 15, 'yellow'],
    [7, 2, 'red'],
  ])('triages NEWS2 %d with TOBS %d as %s', (news2Total, tobsTotal, level) => {
    expect(triageVisit(tobs(tobsTotal), news2(news2Total)).level).toBe(level);
  });

  it('is green with one within_thresholds reason carrying both totals', () => {
    expect(triageVisit(tobs(1), news2(4))).toEqual({
      level: 'green',
      reasons: [{ code: 'within_thresholds', level: 'green', params: { news2Total: 4, tobsTotal: 1 } }],
    });
  });

  it('is yellow with news2_total when NEWS2 is 5', () => {
    expect(triageVisit(tobs(0), news2(5))).toEqual({
      level: 'yellow',
      reasons: [{ code: 'news2_total', level: 'yellow', params: { total: 5, threshold: 5 } }],
    });
  });

  it('is red with news2_total when NEWS2 is 7', () => {
    expect(triageVisit(tobs(0), news2(7))).toEqual({
      level: 'red',
      reasons: [{ code: 'news2_total', level: 'red', params: { total: 7, threshold: 7 } }],
    });
  });

  it('is yellow with tobs_total when TOBS is 2', () => {
    expect(triageVisit(tobs(2), news2(0))).toEqual({
      level: 'yellow',
      reasons: [{ code: 'tobs_total', level: 'yellow', params: { total: 2, threshold: 2 } }],
    });
  });

  it.each<[News2Part]>([['respiratoryRate'], ['spo2'], ['systolic'], ['pulse'], ['consciousness'], ['temperature']])(
    'is yellow with news2_single_parameter when only %s scores 3 (NEWS2 total 3)',
    (part) => {
      expect(triageVisit(tobs(0), news2(3, [part]))).toEqual({
        level: 'yellow',
        reasons: [{ code: 'news2_single_parameter', level: 'yellow', params: { part } }],
      });
    },
  );

  it('does not treat a part scoring 2 as a single red parameter', () => {
    const result = news2(2);
    result.parts.airOrOxygen = 2;
    expect(triageVisit(tobs(0), result).level).toBe('green');
  });

  it('lists every finding, red first: news2_total, each part scoring 3 in chart order, then tobs_total', () => {
    expect(triageVisit(tobs(4), news2(9, ['temperature', 'respiratoryRate']))).toEqual({
      level: 'red',
      reasons: [
        { code: 'news2_total', level: 'red', params: { total: 9, threshold: 7 } },
        { code: 'news2_single_parameter', level: 'yellow', params: { part: 'respiratoryRate' } },
        { code: 'news2_single_parameter', level: 'yellow', params: { part: 'temperature' } },
        { code: 'tobs_total', level: 'yellow', params: { total: 4, threshold: 2 } },
      ],
    });
  });
});

describe('triageVisit with thresholds a clinician tightened for one patient', () => {
  const tight = { news2Red: 5, news2Yellow: 3, tobsYellow: 1 };

  it.each([
    [0, 0, 'green'],
    [2, 0, 'green'],
    [3, 0, 'yellow'],
    [4, 0, 'yellow'],
    [5, 0, 'red'],
    [0, 1, 'yellow'],
  ])('triages NEWS2 %d with TOBS %d as %s', (news2Total, tobsTotal, level) => {
    expect(triageVisit(tobs(tobsTotal), news2(news2Total), tight).level).toBe(level);
  });

  it('names the tightened threshold in the reasons', () => {
    expect(triageVisit(tobs(1), news2(5), tight).reasons).toEqual([
      { code: 'news2_total', level: 'red', params: { total: 5, threshold: 5 } },
      { code: 'tobs_total', level: 'yellow', params: { total: 1, threshold: 1 } },
    ]);
  });

  it('still turns yellow on a single parameter scoring 3 below the tightened totals', () => {
    expect(triageVisit(tobs(0), news2(3, ['pulse']), { news2Red: 6, news2Yellow: 4, tobsYellow: 1 }).level).toBe('yellow');
  });
});
