import type { Consultation } from '@naer/shared/contracts';
import { daysFrom } from './consultation-time';
import { OVERRUN_MINUTES, endsAt, hasEnded } from './join-window';

const MINUTE_MS = 60_000;
/** A summary stays on the patient's "I dag" this long after the call. */
export const SUMMARY_SHOWN_DAYS = 14;

const soonestFirst = (a: Consultation, b: Consultation) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id);

/** The list with `consultation` in it (replacing an older copy), soonest first: how a live update is applied. */
export function upsertConsultation(list: readonly Consultation[], consultation: Consultation): Consultation[] {
  return [...list.filter((c) => c.id !== consultation.id), consultation].sort(soonestFirst);
}

/** Scheduled and not yet over (a call running over still counts), soonest first. */
export function upcoming(list: readonly Consultation[], now: Date): Consultation[] {
  const over = (c: Consultation) => now.getTime() >= endsAt(c).getTime() + OVERRUN_MINUTES * MINUTE_MS;
  return list.filter((c) => c.status === 'scheduled' && !over(c)).sort(soonestFirst);
}

/** The clinician's list: today's and later calls still to come, and past ones waiting for their summary. */
export function clinicianGroups(list: readonly Consultation[], now: Date, timeZone?: string): { today: Consultation[]; later: Consultation[]; needsSummary: Consultation[] } {
  const coming = list.filter((c) => c.status === 'scheduled' && !hasEnded(c, now)).sort(soonestFirst);
  return {
    today: coming.filter((c) => daysFrom(now, c.startsAt, timeZone) <= 0),
    later: coming.filter((c) => daysFrom(now, c.startsAt, timeZone) > 0),
    needsSummary: list.filter((c) => c.status === 'scheduled' && hasEnded(c, now) && c.summary === null).sort(soonestFirst).reverse(),
  };
}

/** What the patient's "I dag" shows: the next call today or tomorrow, those cancelled, and the last summary. */
export interface Reminder {
  next: Consultation | null;
  cancelled: Consultation[];
  lastSummary: Consultation | null;
}

/** The reminder for one patient's consultations (a relative sees several patients' calls; `patientId` picks one). */
export function reminderFor(list: readonly Consultation[], now: Date, patientId: string | null, timeZone?: string): Reminder {
  const mine = list.filter((c) => patientId === null || c.patientId === patientId);
  const soon = (c: Consultation) => {
    const days = daysFrom(now, c.startsAt, timeZone);
    return days >= 0 && days <= 1;
  };
  const summarised = mine
    .filter((c) => c.summary !== null && c.status !== 'cancelled' && now.getTime() - endsAt(c).getTime() < SUMMARY_SHOWN_DAYS * 86_400_000)
    .sort(soonestFirst);
  return {
    next: upcoming(mine, now).find(soon) ?? null,
    cancelled: mine.filter((c) => c.status === 'cancelled' && soon(c) && !hasEnded(c, now)).sort(soonestFirst),
    lastSummary: summarised.at(-1) ?? null,
  };
}

export type ConsultationChange = 'booked' | 'moved' | 'cancelled' | 'summarised';

/** What an update changed, to announce it; null when nothing a person would notice (e.g. one's own change coming back). */
export function changeOf(before: Consultation | undefined, after: Consultation): ConsultationChange | null {
  if (!before) return after.status === 'scheduled' ? 'booked' : null;
  if (before.status !== 'cancelled' && after.status === 'cancelled') return 'cancelled';
  if (before.summary === null && after.summary !== null) return 'summarised';
  if (before.startsAt !== after.startsAt || before.durationMinutes !== after.durationMinutes) return 'moved';
  return null;
}
