import { describe, expect, it } from 'vitest';
import type { QuestionnaireList, ScheduleView } from '@naer/shared/contracts';
import { BUILT_IN_QUESTIONNAIRES, findQuestionnaire } from '@naer/shared/domain';
import type { MeasurementKind } from '@naer/shared/domain';
import { dayKey, nextEntry, todaysPlan } from './plan';

const PATIENT = '00000000-0000-4000-8000-0000000000aa';
// Tuesday 10 March 2026, 08:00 in Denmark (CET, UTC+1).
const NOW = new Date('2026-03-10T07:00:00.000Z');

function schedule(kinds: MeasurementKind[], phase: { timesPerWeek?: number; weekdays?: number[] } = { timesPerWeek: 7 }, extra: Partial<ScheduleView> = {}): ScheduleView {
  return {
    patientId: PATIENT,
    enrolments: [
      {
        id: '00000000-0000-4000-8000-000000000001',
        programme: 'copd',
        enrolledAt: '2026-02-01T10:00:00.000Z',
        schedule: { kinds, phases: [phase], timeOfDay: '09:00', graceHours: 4 },
      },
    ],
    pause: null,
    ...extra,
  } as ScheduleView;
}

function questionnaires(items: { id: string; due: boolean; answeredAt?: string }[]): QuestionnaireList {
  return {
    patientId: PATIENT,
    items: items.map(({ id, due, answeredAt }) => {
      const definition = findQuestionnaire(BUILT_IN_QUESTIONNAIRES, id);
      if (!definition) throw new Error(id);
      return { definition, due, lastResponse: answeredAt ? { id: '00000000-0000-4000-8000-0000000000bb', answeredAt, score: 0, band: null, triageLevel: 'green' as const } : null };
    }),
  };
}

const plan = (input: Partial<Parameters<typeof todaysPlan>[0]>) =>
  todaysPlan({ schedule: null, questionnaires: null, sentToday: [], waitingToday: [], now: NOW, lang: 'da', ...input });

describe('dayKey', () => {
  it('is the Danish calendar day, in winter and in summer time', () => {
    expect(dayKey(new Date('2026-03-09T22:59:00.000Z'))).toBe('2026-03-09'); // 23:59 CET
    expect(dayKey(new Date('2026-03-09T23:00:00.000Z'))).toBe('2026-03-10'); // 00:00 CET
    expect(dayKey(new Date('2026-07-01T21:59:00.000Z'))).toBe('2026-07-01'); // 23:59 CEST
    expect(dayKey(new Date('2026-07-01T22:00:00.000Z'))).toBe('2026-07-02'); // 00:00 CEST
  });
});

describe('todaysPlan', () => {
  it('lists each scheduled kind due today at the Danish time of day, all to do, and the first one is next', () => {
    const entries = plan({ schedule: schedule(['spo2', 'heart_rate']) });
    expect(entries).toEqual([
      { type: 'reading', kind: 'spo2', at: '2026-03-10T08:00:00.000Z', state: 'todo' },
      { type: 'reading', kind: 'heart_rate', at: '2026-03-10T08:00:00.000Z', state: 'todo' },
    ]);
    expect(nextEntry(entries)).toBe(entries[0]);
  });

  it('marks a kind done by a reading received today and waiting by one still on the device; next moves on', () => {
    const entries = plan({
      schedule: schedule(['spo2', 'heart_rate', 'body_temperature']),
      sentToday: [{ kind: 'spo2', measuredAt: '2026-03-10T06:30:00.000Z' }],
      waitingToday: [{ kind: 'heart_rate', measuredAt: '2026-03-10T06:45:00.000Z' }],
    });
    expect(entries.map((e) => e.state)).toEqual(['done', 'waiting', 'todo']);
    expect(nextEntry(entries)).toMatchObject({ type: 'reading', kind: 'body_temperature' });
  });

  it('counts a reading by the Danish day: 23:45 yesterday is not today, 00:15 today is', () => {
    const justAfterMidnight = new Date('2026-03-09T23:30:00.000Z'); // 00:30 on 10 March in Denmark
    const before = plan({ schedule: schedule(['spo2']), now: justAfterMidnight, sentToday: [{ kind: 'spo2', measuredAt: '2026-03-09T22:45:00.000Z' }] });
    expect(before).toEqual([{ type: 'reading', kind: 'spo2', at: '2026-03-10T08:00:00.000Z', state: 'todo' }]);
    const after = plan({ schedule: schedule(['spo2']), now: justAfterMidnight, sentToday: [{ kind: 'spo2', measuredAt: '2026-03-09T23:15:00.000Z' }] });
    expect(after[0]?.state).toBe('done');
  });

  it('uses Danish summer time for the time of day', () => {
    const summer = new Date('2026-07-01T05:00:00.000Z'); // Wednesday 07:00 CEST
    expect(plan({ schedule: schedule(['spo2']), now: summer })).toEqual([{ type: 'reading', kind: 'spo2', at: '2026-07-01T07:00:00.000Z', state: 'todo' }]);
  });

  it('has nothing to measure on a day the schedule skips (twice a week: Monday and Thursday), and no next step', () => {
    const twice = schedule(['spo2', 'heart_rate'], { timesPerWeek: 2 });
    const tuesday = plan({ schedule: twice });
    expect(tuesday).toEqual([]);
    expect(nextEntry(tuesday)).toBeNull();
    const thursday = plan({ schedule: twice, now: new Date('2026-03-12T07:00:00.000Z') });
    expect(thursday.map((e) => e.type === 'reading' && e.kind)).toEqual(['spo2', 'heart_rate']);
    expect(plan({ schedule: schedule(['spo2'], { weekdays: [2] }) })).toHaveLength(1); // Tuesday by name
  });

  it('plans no readings during a pause, before enrolment, or for an enrolment without a schedule', () => {
    const paused = schedule(['spo2'], { timesPerWeek: 7 }, { pause: { id: 'p' } as unknown as ScheduleView['pause'] });
    expect(plan({ schedule: paused })).toEqual([]);
    const future = schedule(['spo2']);
    future.enrolments[0] = { ...future.enrolments[0]!, enrolledAt: '2026-03-11T08:00:00.000Z' };
    expect(plan({ schedule: future })).toEqual([]);
    const none = schedule(['spo2']);
    none.enrolments[0] = { ...none.enrolments[0]!, schedule: null };
    expect(plan({ schedule: none })).toEqual([]);
  });

  it('lists a kind two programmes both schedule once', () => {
    const both = schedule(['spo2', 'heart_rate']);
    both.enrolments.push({ ...both.enrolments[0]!, id: '00000000-0000-4000-8000-000000000002', programme: 'heart_failure', schedule: { kinds: ['heart_rate', 'body_weight'], phases: [{ timesPerWeek: 7 }], timeOfDay: '09:00', graceHours: 4 } });
    expect(plan({ schedule: both }).map((e) => e.type === 'reading' && e.kind)).toEqual(['spo2', 'heart_rate', 'body_weight']);
  });

  it('adds questionnaires: due is to do, answered today is done, waiting on the device is waiting, others are left out', () => {
    const list = questionnaires([
      { id: 'copd-daily', due: true },
      { id: 'cat-weekly', due: false, answeredAt: '2026-03-10T06:00:00.000Z' },
      { id: 'hf-daily', due: false, answeredAt: '2026-03-08T06:00:00.000Z' },
    ]);
    const entries = plan({ schedule: schedule(['spo2']), questionnaires: list, sentToday: [{ kind: 'spo2', measuredAt: '2026-03-10T06:30:00.000Z' }] });
    expect(entries).toEqual([
      { type: 'reading', kind: 'spo2', at: '2026-03-10T08:00:00.000Z', state: 'done' },
      { type: 'questionnaire', id: 'copd-daily', name: 'Dagligt symptomtjek (KOL)', state: 'todo' },
      { type: 'questionnaire', id: 'cat-weekly', name: 'Ugentligt KOL-skema', state: 'done' },
    ]);
    expect(nextEntry(entries)).toMatchObject({ type: 'questionnaire', id: 'copd-daily' });

    const waiting = plan({ questionnaires: list, waitingAnswers: [{ questionnaireId: 'copd-daily', answeredAt: '2026-03-10T06:40:00.000Z' }] });
    expect(waiting[0]).toMatchObject({ id: 'copd-daily', state: 'waiting' });
    expect(nextEntry(waiting)).toBeNull();
    // Answers from yesterday still on the device do not answer today's check.
    const stale = plan({ questionnaires: list, waitingAnswers: [{ questionnaireId: 'copd-daily', answeredAt: '2026-03-09T06:40:00.000Z' }] });
    expect(stale[0]).toMatchObject({ id: 'copd-daily', state: 'todo' });
  });

  it('names questionnaires in the chosen language', () => {
    const entries = plan({ questionnaires: questionnaires([{ id: 'copd-daily', due: true }]), lang: 'en' });
    expect(entries[0]).toMatchObject({ name: 'Daily symptom check (COPD)' });
  });
});
