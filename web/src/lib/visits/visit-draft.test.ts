import { describe, expect, it } from 'vitest';
import type { VisitDraft } from './visit-draft';
import { VITAL_RANGES, fromLocalInput, newDraft, readDraft, serverProblems, toLocalInput, toVisitInput } from './visit-draft';

const NOW_DATE = new Date(2026, 2, 10, 14, 30);
const NOW = NOW_DATE.getTime();
const ID = '0b7d8c7e-3f3a-4a51-9a53-4d8f0c1e2a11';

// RR 22, SpO2 91 on air, systolic 105, pulse 112, 38.4 °C, alert: the e2e spec's visit.
const filled = (change: Partial<VisitDraft> = {}): VisitDraft => ({
  ...newDraft(NOW, 1),
  respiratoryRate: '22',
  spo2: '91',
  onOxygen: false,
  systolic: '105',
  pulse: '112',
  temperature: '38,4',
  consciousness: 'alert',
  ...change,
});

describe('VITAL_RANGES', () => {
  it('reads the plausible ranges from the visit contract', () => {
    expect(VITAL_RANGES).toEqual({
      respiratoryRate: { min: 4, max: 60, whole: true, optional: false },
      spo2: { min: 50, max: 100, whole: false, optional: false },
      systolic: { min: 50, max: 280, whole: false, optional: false },
      diastolic: { min: 20, max: 180, whole: false, optional: true },
      pulse: { min: 20, max: 250, whole: false, optional: false },
      temperature: { min: 30, max: 44, whole: false, optional: false },
    });
  });
});

describe('local time fields', () => {
  it('writes a moment as a datetime-local value in the device time zone and reads it back', () => {
    expect(toLocalInput(NOW)).toBe('2026-03-10T14:30');
    expect(fromLocalInput('2026-03-10T14:30')).toEqual(NOW_DATE);
  });

  it.each(['', '10-03-2026 14:30', '2026-02-31T10:00', '2026-03-10'])('reads %j as no moment', (value) => {
    expect(fromLocalInput(value)).toBeNull();
  });
});

describe('toVisitInput', () => {
  it('turns a filled draft into the body of visits.record, Danish decimal comma included', () => {
    expect(toVisitInput(ID, filled(), NOW)).toEqual({
      input: {
        id: ID,
        measuredAt: NOW_DATE.toISOString(),
        respiratoryRate: 22,
        spo2: 91,
        onOxygen: false,
        systolic: 105,
        pulse: 112,
        temperature: 38.4,
        consciousness: 'alert',
        spo2Scale: 1,
      },
      problems: null,
    });
  });

  it('sends the diastolic only when it was entered, and the scale the nurse chose', () => {
    const result = toVisitInput(ID, filled({ diastolic: '68', spo2Scale: 2, onOxygen: true }), NOW);
    expect(result.input).toMatchObject({ diastolic: 68, spo2Scale: 2, onOxygen: true });
  });

  it('names every empty required field and every unanswered choice', () => {
    const result = toVisitInput(ID, newDraft(NOW, 1), NOW);
    expect(result.input).toBeNull();
    expect(result.problems).toEqual({
      respiratoryRate: { code: 'required' },
      spo2: { code: 'required' },
      systolic: { code: 'required' },
      pulse: { code: 'required' },
      temperature: { code: 'required' },
      onOxygen: { code: 'choose' },
      consciousness: { code: 'choose' },
    });
  });
});

describe('readDraft problems', () => {
  it.each<[keyof VisitDraft, string, unknown]>([
    ['respiratoryRate', '3', { code: 'range', min: 4, max: 60 }],
    ['respiratoryRate', '61', { code: 'range', min: 4, max: 60 }],
    ['respiratoryRate', '18,5', { code: 'whole' }],
    ['spo2', '49', { code: 'range', min: 50, max: 100 }],
    ['spo2', '101', { code: 'range', min: 50, max: 100 }],
    ['systolic', '49', { code: 'range', min: 50, max: 280 }],
    ['systolic', '1200', { code: 'range', min: 50, max: 280 }],
    ['diastolic', '19', { code: 'range', min: 20, max: 180 }],
    ['diastolic', '181', { code: 'range', min: 20, max: 180 }],
    ['pulse', '19', { code: 'range', min: 20, max: 250 }],
    ['pulse', '251', { code: 'range', min: 20, max: 250 }],
    ['temperature', '29,9', { code: 'range', min: 30, max: 44 }],
    ['temperature', '384', { code: 'range', min: 30, max: 44 }],
    ['temperature', 'feber', { code: 'number' }],
    ['pulse', '1.234,5', { code: 'number' }],
  ])('finds %s %j wrong: %o', (field, value, problem) => {
    const { signs, problems } = readDraft(filled({ [field]: value }), NOW);
    expect(problems).toEqual({ [field]: problem });
    expect(signs[field as keyof typeof signs]).toBeNull();
  });

  it.each([
    ['respiratoryRate', '4'],
    ['respiratoryRate', '60'],
    ['spo2', '50'],
    ['spo2', '100'],
    ['systolic', '280'],
    ['diastolic', '20'],
    ['pulse', '250'],
    ['temperature', '30'],
    ['temperature', '44,0'],
  ])('accepts %s %j at the edge of its range', (field, value) => {
    expect(readDraft(filled({ [field]: value }), NOW).problems).toEqual({});
  });

  it('accepts a time up to 5 minutes ahead (clock skew) and up to a week back', () => {
    expect(readDraft(filled({ measuredAt: '2026-03-10T14:35' }), NOW).problems).toEqual({});
    expect(readDraft(filled({ measuredAt: '2026-03-03T14:30' }), NOW).problems).toEqual({});
  });

  it.each([
    ['2026-03-10T14:36', 'future'],
    ['2026-03-03T14:29', 'tooOld'],
    ['', 'time'],
  ])('refuses the time %j as %s', (measuredAt, code) => {
    expect(readDraft(filled({ measuredAt }), NOW).problems).toEqual({ measuredAt: { code } });
  });
});

describe('serverProblems', () => {
  it('puts each 400 detail on the field it names, in the form\u2019s own words', () => {
    expect(
      serverProblems([
        { path: 'spo2', message: 'spo2 must be between 50 and 100 % (check for a typo or a device fault)' },
        { path: 'respiratoryRate', message: 'respiratoryRate must be a whole number of breaths per minute' },
        { path: 'measuredAt', message: 'measuredAt: lies in the future; check the date and the tablet\u2019s clock.' },
        { path: 'consciousness', message: 'consciousness must be one of alert, …' },
      ]),
    ).toEqual({
      fields: {
        spo2: { code: 'range', min: 50, max: 100 },
        respiratoryRate: { code: 'whole' },
        measuredAt: { code: 'future' },
        consciousness: { code: 'choose' },
      },
      other: [],
    });
  });

  it('reads a measuredAt more than a week old as tooOld', () => {
    expect(serverProblems([{ path: 'measuredAt', message: 'measuredAt: is more than a week old; a visit is recorded on the day.' }]).fields).toEqual({ measuredAt: { code: 'tooOld' } });
  });

  it('keeps details on other paths as they are', () => {
    expect(serverProblems([{ path: 'id', message: 'id must be a UUID generated by the client' }])).toEqual({ fields: {}, other: ['id must be a UUID generated by the client'] });
  });
});
