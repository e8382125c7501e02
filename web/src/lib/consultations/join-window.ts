import type { Consultation } from '@naer/shared/contracts';

/** Clinicians may go into the call this many minutes before it starts (to be there first). */
export const CLINICIAN_JOIN_LEAD_MINUTES = 10;
/** Patients and relatives: "tryk her 5 minutter før". */
export const PATIENT_JOIN_LEAD_MINUTES = 5;
/** A call may run over: the link stays this long after the planned end (the server keeps the call open an hour). */
export const OVERRUN_MINUTES = 60;

const MINUTE_MS = 60_000;

export type JoinWindow = { state: 'early'; opensAt: Date } | { state: 'open' } | { state: 'over' } | { state: 'cancelled' };

type Timed = Pick<Consultation, 'startsAt' | 'durationMinutes' | 'status'>;

/** When the planned time is up. */
export function endsAt(consultation: Pick<Consultation, 'startsAt' | 'durationMinutes'>): Date {
  return new Date(Date.parse(consultation.startsAt) + consultation.durationMinutes * MINUTE_MS);
}

/** Whether the planned time is up at `now`. */
export function hasEnded(consultation: Pick<Consultation, 'startsAt' | 'durationMinutes'>, now: Date): boolean {
  return now.getTime() >= endsAt(consultation).getTime();
}

/** Whether the "Deltag" link works at `now`: from `leadMinutes` before the start until a while after the planned end. */
export function joinWindow(consultation: Timed, now: Date, leadMinutes: number): JoinWindow {
  if (consultation.status === 'cancelled') return { state: 'cancelled' };
  if (consultation.status === 'completed') return { state: 'over' };
  const opensAt = new Date(Date.parse(consultation.startsAt) - leadMinutes * MINUTE_MS);
  if (now.getTime() < opensAt.getTime()) return { state: 'early', opensAt };
  return now.getTime() < endsAt(consultation).getTime() + OVERRUN_MINUTES * MINUTE_MS ? { state: 'open' } : { state: 'over' };
}
