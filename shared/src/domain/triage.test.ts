import { describe, expect, it } from 'vitest';
import { defaultLimits, mergeLimits } from './limits';
import type { LimitRules } from './limits';
import { evaluateReading, patientMessage, worstLevel } from './triage';
import type { TriageHistoryEntry, TriageReading } from './triage';
import type { MeasurementKind, MeasurementValue } from './kinds';
import type { TriageLevel } from '../contracts/triage.contract';

const NOW = new Date('2026-03-10T12:00:00Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A date `days` (fractions allowed) before NOW. */
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * DAY);

const reading = (kind: MeasurementKind, value: MeasurementValue, quality: 'ok' | 'questionable' = 'ok'): TriageReading => ({
  kind,
  value,
  quality,
  measuredAt: NOW,
});

const past = (entries: Array<[days: number, value: MeasurementValue]>): TriageHistoryEntry[] =>
  entries.map(([days, value]) => ({ value, measuredAt: daysAgo(days) }));

const copd = (kind: MeasurementKind): LimitRules => defaultLimits('copd')[kind];
const hf = (kind: MeasurementKind): LimitRules => defaultLimits('heart_failure')[kind];

const levelOf = (kind: MeasurementKind, value: MeasurementValue, rules: LimitRules, history: TriageHistoryEntry[] = []): TriageLevel =>
  evaluateReading(reading(kind, value), rules, history, NOW).level;

const codes = (result: { reasons: Array<{ code: string }> }): string[] => result.reasons.map((r) => r.code);

describe('COPD defaults, absolute bands', () => {
  it.each([
    [100, 'green'],
    [92, 'green'],
    [91, 'yellow'],
    [88, 'yellow'],
    [87, 'red'],
    [50, 'red'],
  ] as const)('SpO2 %s %% is %s', (value, level) => {
    expect(levelOf('spo2', value, copd('spo2'))).toBe(level);
  });

  it.each([
    [20, 'red'],
    [39, 'red'],
    [40, 'yellow'],
    [49, 'yellow'],
    [50, 'green'],
    [100, 'green'],
    [101, 'yellow'],
    [120, 'yellow'],
    [121, 'red'],
    [250, 'red'],
  ] as const)('pulse %s /min is %s', (value, level) => {
    expect(levelOf('heart_rate', value, copd('heart_rate'))).toBe(level);
  });

  it.each([
    [35.4, 'red'],
    [35.5, 'green'],
    [37.9, 'green'],
    [38.0, 'yellow'],
    [38.9, 'yellow'],
    [39.0, 'red'],
    [41.2, 'red'],
  ] as const)('temperature %s °C is %s', (value, level) => {
    expect(levelOf('body_temperature', value, copd('body_temperature'))).toBe(level);
  });

  it('treats weight and blood pressure as monitored without limits (green, triage.no_rules)', () => {
    const weight = evaluateReading(reading('body_weight', 140), copd('body_weight'), [], NOW);
    const bp = evaluateReading(reading('blood_pressure', { systolic: 250, diastolic: 30 }), copd('blood_pressure'), [], NOW);
    expect(weight).toEqual({ level: 'green', reasons: [expect.objectContaining({ code: 'triage.no_rules', level: 'green' })] });
    expect(bp.level).toBe('green');
    expect(codes(bp)).toEqual(['triage.no_rules']);
  });
});

describe('COPD defaults, SpO2 baseline (≥ 4 points below the 7-day median, at least 3 readings)', () => {
  const median95 = past([[1, 95], [2, 94], [3, 96], [4, 95], [5, 95]]);
  const median96 = past([[1, 96], [2, 97], [3, 96]]);

  it('flags 91 with a median of 95 yellow for both the absolute band and the baseline', () => {
    const result = evaluateReading(reading('spo2', 91), copd('spo2'), median95, NOW);
    expect(result.level).toBe('yellow');
    expect(codes(result).sort()).toEqual(['spo2.absolute.yellow', 'spo2.baseline.yellow']);
  });

  it('flags 92 yellow by baseline alone when the median is 96 (exactly 4 points below)', () => {
    const result = evaluateReading(reading('spo2', 92), copd('spo2'), median96, NOW);
    expect(result.level).toBe('yellow');
    expect(codes(result)).toEqual(['spo2.baseline.yellow']);
  });

  it('keeps 93 green when the median is 96 (3 points below)', () => {
    expect(levelOf('spo2', 93, copd('spo2'), median96)).toBe('green');
  });

  it('takes the mean of the two middle readings as the median of an even count', () => {
    // median of 94, 96, 96, 98 is 96
    const even = past([[1, 94], [2, 96], [3, 96], [4, 98]]);
    expect(codes(evaluateReading(reading('spo2', 92), copd('spo2'), even, NOW))).toEqual(['spo2.baseline.yellow']);
    // median of 94, 95, 96, 98 is 95.5: 92 is only 3.5 below
    const half = past([[1, 94], [2, 95], [3, 96], [4, 98]]);
    expect(levelOf('spo2', 92, copd('spo2'), half)).toBe('green');
  });

  it('does not apply the baseline with fewer than 3 readings in the window', () => {
    expect(levelOf('spo2', 92, copd('spo2'), past([[1, 96], [2, 96]]))).toBe('green');
  });

  it('ignores history measured after the reading', () => {
    const later = [{ value: 97, measuredAt: new Date(NOW.getTime() + HOUR) }, ...past([[1, 97], [2, 97]])];
    expect(levelOf('spo2', 92, copd('spo2'), later)).toBe('green');
  });

  it('ignores history measured at the same instant as the reading (it may be the reading itself)', () => {
    const same = [{ value: 97, measuredAt: NOW }, ...past([[1, 97], [2, 97]])];
    expect(levelOf('spo2', 92, copd('spo2'), same)).toBe('green');
  });

  it('ignores history dated after now even when the reading itself is in the future', () => {
    const future = new Date(NOW.getTime() + 2 * HOUR);
    const history = [{ value: 97, measuredAt: new Date(NOW.getTime() + HOUR) }, ...past([[1, 97], [2, 97]])];
    const result = evaluateReading({ ...reading('spo2', 92), measuredAt: future }, copd('spo2'), history, NOW);
    expect(result.level).toBe('green');
  });

  it('ignores history older than 7 days and counts a reading exactly 7 days earlier', () => {
    expect(levelOf('spo2', 92, copd('spo2'), past([[1, 96], [2, 96], [7.01, 96]]))).toBe('green');
    expect(levelOf('spo2', 92, copd('spo2'), past([[1, 96], [2, 96], [7, 96]]))).toBe('yellow');
  });

  it('measures the baseline window from the reading, not from now', () => {
    const measuredAt = daysAgo(10);
    const history = [1, 2, 3].map((d) => ({ value: 96, measuredAt: new Date(measuredAt.getTime() - d * DAY) }));
    const result = evaluateReading({ ...reading('spo2', 92), measuredAt }, copd('spo2'), history, NOW);
    expect(codes(result)).toEqual(['spo2.baseline.yellow']);
  });

  it('explains a baseline breach with the reading, the difference and the median', () => {
    const [reason] = evaluateReading(reading('spo2', 92), copd('spo2'), median96, NOW).reasons;
    expect(reason?.text).toEqual({
      da: 'Iltmætning 92 % er 4 procentpoint under dit sædvanlige niveau (median 96 % de seneste 7 dage; grænse: 4 procentpoint eller mere)',
      en: 'Oxygen saturation 92 % is 4 percentage points below your usual level (median 96 % over the last 7 days; limit: 4 percentage points or more)',
    });
  });
});

describe('heart failure defaults, weight trend (gain over 3 days: > 1 kg yellow, > 2 kg red)', () => {
  const weight = hf('body_weight');

  it.each([
    [81.0, 'green'],
    [81.01, 'yellow'],
    [81.1, 'yellow'],
    [82.0, 'yellow'],
    [82.01, 'red'],
    [82.1, 'red'],
    [78.0, 'green'],
  ] as const)('a reading of %s kg two days after 80.0 kg is %s', (value, level) => {
    expect(levelOf('body_weight', value, weight, past([[2, 80.0]]))).toBe(level);
  });

  it('computes 64.4 − 62.4 as exactly 2 kg (yellow), not 2.000000000000007 (red)', () => {
    expect(64.4 - 62.4).toBeGreaterThan(2);
    expect(levelOf('body_weight', 64.4, weight, past([[1, 62.4]]))).toBe('yellow');
  });

  it('computes 64.4 − 63.4 as exactly 1 kg (green), not 1.000000000000007 (yellow)', () => {
    expect(64.4 - 63.4).toBeGreaterThan(1);
    expect(levelOf('body_weight', 64.4, weight, past([[1, 63.4]]))).toBe('green');
  });

  it('measures the gain from the lowest reading in the window', () => {
    expect(levelOf('body_weight', 82.5, weight, past([[0.5, 81.8], [1, 80.3], [2, 81.0]]))).toBe('red');
  });

  it('does not count a gain spread over more than 3 days', () => {
    // 80.0 → 81.0 → 82.5 over 4 days: only 1.5 kg falls inside the 3-day window
    expect(levelOf('body_weight', 82.5, weight, past([[4, 80.0], [2, 81.0]]))).toBe('yellow');
    expect(levelOf('body_weight', 82.5, weight, past([[3.01, 80.0]]))).toBe('green');
  });

  it('counts a reading exactly 3 days before', () => {
    expect(levelOf('body_weight', 82.5, weight, past([[3, 80.0]]))).toBe('red');
  });

  it('is green with no earlier reading in the window (no trend yet)', () => {
    expect(levelOf('body_weight', 120, weight, [])).toBe('green');
  });

  it('says how much the weight rose, with a Danish decimal comma', () => {
    const result = evaluateReading(reading('body_weight', 82.4), weight, past([[3, 80.0]]), NOW);
    expect(result.reasons[0]).toEqual({
      code: 'body_weight.trend.red',
      level: 'red',
      text: {
        da: 'Vægten er steget 2,4 kg på 3 dage (grænse: mere end 2,0 kg)',
        en: 'Weight has risen 2.4 kg in 3 days (limit: more than 2.0 kg)',
      },
    });
    expect(codes(result)).toEqual(['body_weight.trend.red', 'body_weight.trend.yellow']);
  });

  it('detects a fall when a rule asks for it, measured from the highest reading in the window', () => {
    const fall: LimitRules = {
      kind: 'body_weight',
      absolute: [],
      baseline: [],
      trend: [{ level: 'yellow', direction: 'fall', op: 'ge', by: 1.5, windowDays: 1 }],
    };
    const result = evaluateReading(reading('body_weight', 78.5), fall, past([[0.5, 79.0], [0.9, 80.0]]), NOW);
    expect(result.level).toBe('yellow');
    expect(result.reasons[0]?.text.da).toBe('Vægten er faldet 1,5 kg på 1 dag (grænse: 1,5 kg eller mere)');
  });
});

describe('heart failure defaults, blood pressure', () => {
  const bp = hf('blood_pressure');

  it.each([
    [89, 'red'],
    [90, 'yellow'],
    [99, 'yellow'],
    [100, 'green'],
    [160, 'green'],
    [161, 'yellow'],
    [180, 'yellow'],
    [181, 'red'],
  ] as const)('systolic %s mmHg is %s', (systolic, level) => {
    expect(levelOf('blood_pressure', { systolic, diastolic: 80 }, bp)).toBe(level);
  });

  it.each([
    [59, 'yellow'],
    [60, 'green'],
    [95, 'green'],
    [96, 'yellow'],
  ] as const)('diastolic %s mmHg is %s', (diastolic, level) => {
    expect(levelOf('blood_pressure', { systolic: 120, diastolic }, bp)).toBe(level);
  });

  it('names the component in the code and the text', () => {
    const result = evaluateReading(reading('blood_pressure', { systolic: 185, diastolic: 100 }), bp, [], NOW);
    expect(result.level).toBe('red');
    expect(result.reasons).toEqual([
      {
        code: 'blood_pressure.systolic.absolute.red',
        level: 'red',
        text: { da: 'Systolisk blodtryk 185 mmHg er over 180 mmHg', en: 'Systolic blood pressure 185 mmHg is above 180 mmHg' },
      },
      expect.objectContaining({ code: 'blood_pressure.systolic.absolute.yellow' }),
      expect.objectContaining({ code: 'blood_pressure.diastolic.absolute.yellow' }),
    ]);
  });
});

describe('heart failure defaults, pulse and SpO2', () => {
  it.each([
    [39, 'red'],
    [40, 'yellow'],
    [49, 'yellow'],
    [50, 'green'],
    [100, 'green'],
    [101, 'yellow'],
    [120, 'yellow'],
    [121, 'red'],
  ] as const)('pulse %s /min is %s', (value, level) => {
    expect(levelOf('heart_rate', value, hf('heart_rate'))).toBe(level);
  });

  it.each([
    [91, 'red'],
    [92, 'yellow'],
    [93, 'yellow'],
    [94, 'green'],
  ] as const)('SpO2 %s %% is %s', (value, level) => {
    expect(levelOf('spo2', value, hf('spo2'))).toBe(level);
  });

  it('has no SpO2 baseline rule, so a drop from a high median stays green above 94', () => {
    expect(levelOf('spo2', 94, hf('spo2'), past([[1, 99], [2, 99], [3, 99]]))).toBe('green');
  });

  it('treats temperature as monitored without limits', () => {
    expect(levelOf('body_temperature', 40.5, hf('body_temperature'))).toBe('green');
  });
});

describe('patient in both programmes (mergeLimits)', () => {
  const both = mergeLimits(['copd', 'heart_failure']);

  it.each([
    [94, 'green'],
    [93, 'yellow'],
    [91, 'red'],
    [87, 'red'],
  ] as const)('SpO2 %s %% is %s (the stricter heart-failure bands win)', (value, level) => {
    expect(levelOf('spo2', value, both.spo2)).toBe(level);
  });

  it('keeps the COPD SpO2 baseline rule', () => {
    const result = evaluateReading(reading('spo2', 94), both.spo2, past([[1, 98], [2, 98], [3, 98]]), NOW);
    expect(codes(result)).toEqual(['spo2.baseline.yellow']);
  });

  it('applies COPD temperature and heart-failure weight and blood pressure rules', () => {
    expect(levelOf('body_temperature', 39.0, both.body_temperature)).toBe('red');
    expect(levelOf('body_weight', 82.5, both.body_weight, past([[1, 80]]))).toBe('red');
    expect(levelOf('blood_pressure', { systolic: 85, diastolic: 70 }, both.blood_pressure)).toBe('red');
  });

  it('reports an identical pulse rule once, not once per programme', () => {
    const result = evaluateReading(reading('heart_rate', 130), both.heart_rate, [], NOW);
    expect(codes(result)).toEqual(['heart_rate.absolute.red', 'heart_rate.absolute.yellow']);
  });
});

describe('reasons and texts', () => {
  it('gives one "within your limits" reason when green', () => {
    expect(evaluateReading(reading('spo2', 96), copd('spo2'), [], NOW)).toEqual({
      level: 'green',
      reasons: [{ code: 'triage.within_limits', level: 'green', text: { da: 'Inden for dine grænser', en: 'Within your limits' } }],
    });
  });

  it('writes the absolute breach in plain Danish and English with the numbers', () => {
    const result = evaluateReading(reading('spo2', 86), copd('spo2'), [], NOW);
    expect(result.reasons[0]).toEqual({
      code: 'spo2.absolute.red',
      level: 'red',
      text: { da: 'Iltmætning 86 % er under 88 %', en: 'Oxygen saturation 86 % is below 88 %' },
    });
  });

  it('lists every breached rule, red first', () => {
    const result = evaluateReading(reading('spo2', 86), copd('spo2'), [], NOW);
    expect(result.reasons.map((r) => r.level)).toEqual(['red', 'yellow']);
    expect(result.reasons[1]?.text.da).toBe('Iltmætning 86 % er under 92 %');
  });

  it('shows temperature with one decimal and words ≥ as "or above"', () => {
    const result = evaluateReading(reading('body_temperature', 38), copd('body_temperature'), [], NOW);
    expect(result.reasons[0]?.text).toEqual({
      da: 'Temperatur 38,0 °C er 38,0 °C eller derover',
      en: 'Temperature 38.0 °C is 38.0 °C or above',
    });
  });

  it('words ≤ and a pulse unit readably', () => {
    const rules: LimitRules = { kind: 'heart_rate', absolute: [{ level: 'yellow', op: 'le', value: 45 }], baseline: [], trend: [] };
    expect(evaluateReading(reading('heart_rate', 45), rules, [], NOW).reasons[0]?.text).toEqual({
      da: 'Puls 45 slag/min er 45 slag/min eller derunder',
      en: 'Pulse 45 beats/min is 45 beats/min or below',
    });
  });

  it('writes a one-point SpO2 drop in the singular in English', () => {
    const rules: LimitRules = {
      kind: 'spo2',
      absolute: [],
      baseline: [{ level: 'yellow', direction: 'below', op: 'ge', by: 1, windowDays: 1, stat: 'median', minReadings: 1 }],
      trend: [],
    };
    const text = evaluateReading(reading('spo2', 95), rules, past([[0.5, 96]]), NOW).reasons[0]?.text;
    expect(text?.en).toBe('Oxygen saturation 95 % is 1 percentage point below your usual level (median 96 % over the last 1 day; limit: 1 percentage point or more)');
    expect(text?.da).toContain('1 procentpoint under');
  });

  it('shows a weight gain with up to two decimals', () => {
    const result = evaluateReading(reading('body_weight', 81.01), hf('body_weight'), past([[1, 80]]), NOW);
    expect(result.reasons[0]?.text.da).toBe('Vægten er steget 1,01 kg på 3 dage (grænse: mere end 1,0 kg)');
  });

  it('uses an "above" baseline rule on a blood pressure component', () => {
    const rules: LimitRules = {
      kind: 'blood_pressure',
      absolute: [],
      baseline: [{ component: 'systolic', level: 'yellow', direction: 'above', op: 'gt', by: 20, windowDays: 14, stat: 'median', minReadings: 3 }],
      trend: [],
    };
    const history = past([[1, { systolic: 130, diastolic: 80 }], [5, { systolic: 128, diastolic: 80 }], [10, { systolic: 132, diastolic: 80 }]]);
    const high = evaluateReading(reading('blood_pressure', { systolic: 151, diastolic: 80 }), rules, history, NOW);
    expect(codes(high)).toEqual(['blood_pressure.systolic.baseline.yellow']);
    expect(levelOf('blood_pressure', { systolic: 150, diastolic: 80 }, rules, history)).toBe('green');
  });
});

describe('questionable readings', () => {
  it('never triages a flagged reading green', () => {
    const result = evaluateReading(reading('spo2', 97, 'questionable'), copd('spo2'), [], NOW);
    expect(result.level).toBe('questionable');
    expect(codes(result)).toEqual(['triage.questionable']);
  });

  it('stays questionable but lists a yellow breach', () => {
    const result = evaluateReading(reading('spo2', 90, 'questionable'), copd('spo2'), [], NOW);
    expect(result.level).toBe('questionable');
    expect(codes(result)).toEqual(['triage.questionable', 'spo2.absolute.yellow']);
  });

  it('is red when a red rule is breached, so a flagged red-looking reading still reaches a person today', () => {
    const result = evaluateReading(reading('spo2', 85, 'questionable'), copd('spo2'), [], NOW);
    expect(result.level).toBe('red');
    expect(codes(result)).toEqual(['triage.questionable', 'spo2.absolute.red', 'spo2.absolute.yellow']);
  });

  it('is questionable, not green, when the kind has no limits set', () => {
    expect(evaluateReading(reading('body_weight', 80, 'questionable'), copd('body_weight'), [], NOW).level).toBe('questionable');
  });
});

describe('review when triage cannot run', () => {
  it('asks for manual review when the patient has no limits for the kind', () => {
    const result = evaluateReading(reading('spo2', 97), undefined, [], NOW);
    expect(result).toEqual({ level: 'review', reasons: [expect.objectContaining({ code: 'triage.no_limits', level: 'review' })] });
  });

  it('keeps the questionable reason when there are no limits', () => {
    expect(codes(evaluateReading(reading('spo2', 97, 'questionable'), undefined, [], NOW))).toEqual(['triage.no_limits', 'triage.questionable']);
  });

  const errorCases: Array<[string, () => ReturnType<typeof evaluateReading>]> = [
    ['a blood pressure reading holds a single number', () => evaluateReading(reading('blood_pressure', 120), hf('blood_pressure'), [], NOW)],
    ['a single-number kind holds a pair', () => evaluateReading(reading('spo2', { systolic: 1, diastolic: 2 }), copd('spo2'), [], NOW)],
    ['the value is NaN', () => evaluateReading(reading('spo2', Number.NaN), copd('spo2'), [], NOW)],
    ['the limits belong to another kind', () => evaluateReading(reading('spo2', 97), copd('heart_rate'), [], NOW)],
    [
      'the stored limits are malformed',
      () => evaluateReading(reading('spo2', 97), { kind: 'spo2', absolute: [{ level: 'red', op: 'below', value: 88 }] } as unknown as LimitRules, [], NOW),
    ],
    ['the reading date is invalid', () => evaluateReading({ ...reading('spo2', 97), measuredAt: new Date('nope') }, copd('spo2'), [], NOW)],
    ['a history value in the window has the wrong shape', () => evaluateReading(reading('body_weight', 80), hf('body_weight'), past([[1, { systolic: 1, diastolic: 1 }]]), NOW)],
    [
      'reading a history entry throws',
      () => {
        const broken = {
          measuredAt: daysAgo(1),
          get value(): number {
            throw new Error('corrupt row');
          },
        };
        return evaluateReading(reading('body_weight', 80), hf('body_weight'), [broken], NOW);
      },
    ],
  ];

  it.each(errorCases)('returns review with triage.error instead of throwing when %s', (_name, run) => {
    const result = run();
    expect(result.level).toBe('review');
    expect(codes(result)).toEqual(['triage.error']);
  });

  it('keeps the questionable reason on the error path', () => {
    const result = evaluateReading(reading('blood_pressure', 120, 'questionable'), hf('blood_pressure'), [], NOW);
    expect(result.level).toBe('review');
    expect(codes(result)).toEqual(['triage.error', 'triage.questionable']);
  });

  it('ignores a history entry outside every window even if its value is unreadable', () => {
    expect(levelOf('body_weight', 80, hf('body_weight'), past([[10, { systolic: 1, diastolic: 1 }]]))).toBe('green');
  });
});

describe('worstLevel', () => {
  it.each([
    [[], 'green'],
    [['green'], 'green'],
    [['green', 'yellow'], 'yellow'],
    [['yellow', 'questionable'], 'questionable'],
    [['questionable', 'review', 'yellow'], 'review'],
    [['review', 'red', 'green'], 'red'],
    [['red', 'red'], 'red'],
  ] as Array<[TriageLevel[], TriageLevel]>)('worst of %j is %s', (levels, worst) => {
    expect(worstLevel(levels)).toBe(worst);
  });
});

describe('patientMessage', () => {
  const levels: TriageLevel[] = ['green', 'yellow', 'red', 'questionable', 'review'];

  it.each(levels)('gives a short Danish and English message for %s', (level) => {
    const message = patientMessage(level);
    expect(message.da.length).toBeGreaterThan(0);
    expect(message.en.length).toBeGreaterThan(0);
    expect(message.da.length).toBeLessThan(120);
  });

  it('tells the patient on red that we will contact them today', () => {
    expect(patientMessage('red').da).toContain('Vi kontakter dig i dag');
    expect(patientMessage('red').en).toContain('contact you today');
  });

  it('tells the patient on yellow that we look at it at the next review', () => {
    expect(patientMessage('yellow').da).toContain('ved næste gennemgang');
  });

  it('tells the patient a nurse checks a questionable or unreviewed reading', () => {
    expect(patientMessage('questionable').da).toContain('sygeplejerske');
    expect(patientMessage('review').da).toContain('sygeplejerske');
  });

  it('says all is well only on green', () => {
    expect(patientMessage('green').da).toContain('Alt ser fint ud');
    for (const level of levels.filter((l) => l !== 'green')) expect(patientMessage(level).da).not.toContain('fint');
  });
});
