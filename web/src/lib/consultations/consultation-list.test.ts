import { describe, expect, it } from 'vitest';
import type { Consultation } from '@naer/shared/contracts';
import { changeOf, clinicianGroups, reminderFor, upcoming, upsertConsultation } from './consultation-list';

const CPH = 'Europe/Copenhagen';
const PATIENT = '44444444-4444-4444-8444-444444444441';
const OTHER_PATIENT = '44444444-4444-4444-8444-444444444442';
let next = 0;

// `call` is for an ad-hoc call to an organisation; a booked consultation has none.
const consultation = (change: Partial<Consultation> = {}): Consultation => ({
  id: `66666666-6666-4666-8666-${String(++next).padStart(12, '0')}`,
  patientId: PATIENT,
  patientName: 'Knud Møller',
  startsAt: '2026-03-03T09:30:00.000Z',
  durationMinutes: 30,
  type: 'follow_up',
  purpose: 'Opfølgning',
  status: 'scheduled',
  organiserId: '55555555-5555-4555-8555-555555555551',
  organisation: { id: '11111111-1111-4111-8111-111111111111', name: 'Lungeambulatoriet', type: 'hospital' },
  participants: [],
  summary: null,
  call: null,
  ...change,
});

// 10.00 in Copenhagen on 3 March.
const now = new Date('2026-03-03T09:00:00Z');

describe('upsertConsultation', () => {
  it('replaces the older copy and keeps the list soonest first', () => {
    const a = consultation({ startsAt: '2026-03-03T12:00:00.000Z' });
    const b = consultation({ startsAt: '2026-03-03T13:00:00.000Z' });
    const moved = { ...b, startsAt: '2026-03-03T11:00:00.000Z' };
    expect(upsertConsultation([a, b], moved)).toEqual([moved, a]);
  });
});

describe('upcoming', () => {
  it('leaves out cancelled, summarised and long-finished calls but keeps one running over', () => {
    const running = consultation({ startsAt: '2026-03-03T08:00:00.000Z' }); // ended 08.30 UTC, within the overrun
    const old = consultation({ startsAt: '2026-03-02T08:00:00.000Z' });
    const cancelled = consultation({ status: 'cancelled' });
    const done = consultation({ status: 'completed', summary: 'Aftalt' });
    const coming = consultation();
    expect(upcoming([coming, running, old, cancelled, done], now)).toEqual([running, coming]);
  });
});

describe('clinicianGroups', () => {
  it('splits today, later days, and past calls without a summary (newest first)', () => {
    const today = consultation({ startsAt: '2026-03-03T13:00:00.000Z' });
    const tomorrow = consultation({ startsAt: '2026-03-04T08:00:00.000Z' });
    const pastA = consultation({ startsAt: '2026-03-02T08:00:00.000Z' });
    const pastB = consultation({ startsAt: '2026-03-03T07:00:00.000Z' });
    const summarised = consultation({ startsAt: '2026-03-03T07:30:00.000Z', status: 'completed', summary: 'Aftalt' });
    const cancelled = consultation({ startsAt: '2026-03-03T14:00:00.000Z', status: 'cancelled' });
    expect(clinicianGroups([tomorrow, today, pastA, pastB, summarised, cancelled], now, CPH)).toEqual({ today: [today], later: [tomorrow], needsSummary: [pastB, pastA] });
  });
});

describe('reminderFor', () => {
  it('reminds of the next call today or tomorrow, not one later in the week', () => {
    const tomorrow = consultation({ startsAt: '2026-03-04T09:00:00.000Z' });
    const nextWeek = consultation({ startsAt: '2026-03-10T09:00:00.000Z' });
    expect(reminderFor([nextWeek, tomorrow], now, PATIENT, CPH).next).toEqual(tomorrow);
    expect(reminderFor([nextWeek], now, PATIENT, CPH).next).toBeNull();
  });

  it('shows only the chosen patient\u2019s calls (a relative may follow several)', () => {
    const other = consultation({ patientId: OTHER_PATIENT });
    expect(reminderFor([other], now, PATIENT, CPH).next).toBeNull();
  });

  it('lists a call cancelled today until its time has passed', () => {
    const cancelled = consultation({ status: 'cancelled' });
    expect(reminderFor([cancelled], now, PATIENT, CPH)).toEqual({ next: null, cancelled: [cancelled], lastSummary: null });
    expect(reminderFor([cancelled], new Date('2026-03-03T10:00:00Z'), PATIENT, CPH).cancelled).toEqual([]);
  });

  it('gives the latest summary of the last two weeks', () => {
    const older = consultation({ startsAt: '2026-02-25T09:00:00.000Z', status: 'completed', summary: 'Vægt hver dag' });
    const newer = consultation({ startsAt: '2026-03-02T09:00:00.000Z', status: 'completed', summary: 'Ny dosis vanddrivende' });
    const tooOld = consultation({ startsAt: '2026-02-10T09:00:00.000Z', status: 'completed', summary: 'Gammel' });
    expect(reminderFor([older, newer, tooOld], now, PATIENT, CPH).lastSummary).toEqual(newer);
    expect(reminderFor([tooOld], now, PATIENT, CPH).lastSummary).toBeNull();
  });
});

describe('changeOf', () => {
  it('says booked, moved, cancelled or summarised, and nothing for an update already shown', () => {
    const c = consultation();
    expect(changeOf(undefined, c)).toBe('booked');
    expect(changeOf(c, { ...c, startsAt: '2026-03-03T10:30:00.000Z' })).toBe('moved');
    expect(changeOf(c, { ...c, durationMinutes: 45 })).toBe('moved');
    expect(changeOf(c, { ...c, status: 'cancelled' })).toBe('cancelled');
    expect(changeOf(c, { ...c, status: 'completed', summary: 'Aftalt' })).toBe('summarised');
    expect(changeOf(c, { ...c })).toBeNull();
  });
});
