import { describe, expect, it } from 'vitest';
import { CLINICIAN_JOIN_LEAD_MINUTES, OVERRUN_MINUTES, PATIENT_JOIN_LEAD_MINUTES, endsAt, hasEnded, joinWindow } from './join-window';

const call = { startsAt: '2026-03-03T09:30:00.000Z', durationMinutes: 30, status: 'scheduled' as const };
const at = (iso: string) => new Date(iso);

describe('joinWindow', () => {
  it('opens for the patient 5 minutes before and says when before that', () => {
    expect(PATIENT_JOIN_LEAD_MINUTES).toBe(5);
    expect(joinWindow(call, at('2026-03-03T09:24:59Z'), PATIENT_JOIN_LEAD_MINUTES)).toEqual({ state: 'early', opensAt: at('2026-03-03T09:25:00Z') });
    expect(joinWindow(call, at('2026-03-03T09:25:00Z'), PATIENT_JOIN_LEAD_MINUTES)).toEqual({ state: 'open' });
  });

  it('opens for the clinician 10 minutes before', () => {
    expect(joinWindow(call, at('2026-03-03T09:20:00Z'), CLINICIAN_JOIN_LEAD_MINUTES)).toEqual({ state: 'open' });
    expect(joinWindow(call, at('2026-03-03T09:20:00Z'), PATIENT_JOIN_LEAD_MINUTES).state).toBe('early');
  });

  it('stays open while a call runs over, then closes', () => {
    const end = endsAt(call).getTime();
    expect(joinWindow(call, new Date(end + (OVERRUN_MINUTES - 1) * 60_000), PATIENT_JOIN_LEAD_MINUTES)).toEqual({ state: 'open' });
    expect(joinWindow(call, new Date(end + OVERRUN_MINUTES * 60_000), PATIENT_JOIN_LEAD_MINUTES)).toEqual({ state: 'over' });
  });

  it('never opens a cancelled call, and a summarised one is over', () => {
    expect(joinWindow({ ...call, status: 'cancelled' }, at('2026-03-03T09:30:00Z'), PATIENT_JOIN_LEAD_MINUTES)).toEqual({ state: 'cancelled' });
    expect(joinWindow({ ...call, status: 'completed' }, at('2026-03-03T09:30:00Z'), PATIENT_JOIN_LEAD_MINUTES)).toEqual({ state: 'over' });
  });
});

describe('hasEnded', () => {
  it('is true from the planned end', () => {
    expect(hasEnded(call, at('2026-03-03T09:59:59Z'))).toBe(false);
    expect(hasEnded(call, at('2026-03-03T10:00:00Z'))).toBe(true);
  });
});
