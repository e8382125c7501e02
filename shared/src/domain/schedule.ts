import type { Schedule, SchedulePhase } from '../contracts/schedule.contract';
import { SERVICE_TIME_ZONE } from './care-team';

/** A period without missing-reading alerts, with its effective end (a cancelled pause ends when cancelled). */
export interface PauseWindow {
  startsAt: Date;
  endsAt: Date;
}

/** A scheduled reading whose grace period has passed without a reading. */
export interface OverdueSlot {
  slot: Date;
  deadline: Date;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Longest gap between two slot days (one reading a week), with room for a phase change and a long grace. */
const LOOKBACK_DAYS = 14;
/** Guard against a caller asking for decades of slots. */
const MAX_RANGE_DAYS = 3_700;

/**
 * Weekdays (1 = Monday .. 7 = Sunday) for "N times a week": spread over the week so readings are
 * evenly apart, and on working days where that is as even (five a week = Monday to Friday).
 */
const SPREAD: Record<number, number[]> = {
  1: [1],
  2: [1, 4],
  3: [1, 3, 5],
  4: [1, 3, 5, 7],
  5: [1, 2, 3, 4, 5],
  6: [1, 2, 3, 4, 5, 6],
  7: [1, 2, 3, 4, 5, 6, 7],
};

/** The weekdays a phase measures on. */
export function phaseWeekdays(phase: SchedulePhase): number[] {
  if (phase.weekdays) return [...phase.weekdays].sort((a, b) => a - b);
  return SPREAD[phase.timesPerWeek ?? 7] ?? SPREAD[7] ?? [];
}

const wallClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: SERVICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Danish wall-clock time at an instant, as if it were UTC (so calendar arithmetic is plain arithmetic). */
function wallClockAsUtc(at: number): number {
  const p = Object.fromEntries(wallClockFormat.formatToParts(new Date(at)).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

/** Offset of Danish time from UTC at an instant, in ms (+1 h in winter, +2 h in summer). */
const offsetAt = (at: number) => wallClockAsUtc(at) - Math.floor(at / 1000) * 1000;

/** A local calendar day as a day number (days since 1970-01-01). */
const localDay = (at: number) => Math.floor(wallClockAsUtc(at) / DAY_MS);

/** ISO weekday (1 = Monday .. 7 = Sunday) of a day number. */
// Day 0, 1970-01-01, was a Thursday (ISO 4); plain arithmetic, no Date per day.
const weekdayOf = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

/**
 * The instant of a Danish local time on a day. A time that does not exist (the spring-forward hour)
 * moves one hour later; a time that happens twice (the autumn hour) is the later of the two.
 */
function localInstant(day: number, minutes: number): number {
  const asUtc = day * DAY_MS + minutes * 60_000;
  const first = asUtc - offsetAt(asUtc);
  const second = offsetAt(first);
  return second === offsetAt(asUtc) ? first : asUtc - second;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The phase in force on the `index`-th day of the enrolment (0 = enrolment day), or undefined once the schedule has ended. */
function phaseOnDay(schedule: Schedule, index: number): SchedulePhase | undefined {
  if (index < 0) return undefined;
  let start = 0;
  for (const phase of schedule.phases) {
    if (phase.days === undefined) return phase;
    if (index < start + phase.days) return phase;
    start += phase.days;
  }
  return undefined;
}

/** The slot on a local day, or undefined when the schedule has no reading that day. */
function slotOnDay(schedule: Schedule, enrolDay: number, day: number): number | undefined {
  const phase = phaseOnDay(schedule, day - enrolDay);
  if (!phase || !phaseWeekdays(phase).includes(weekdayOf(day))) return undefined;
  return localInstant(day, minutesOf(schedule.timeOfDay));
}

/** Days since 1970-01-01 of the Danish calendar date at an instant. */
export const danishDayNumber = (at: Date): number => localDay(at.getTime());

/**
 * The Danish calendar days in [fromDay, toDay] (day numbers, both included) on which the schedule
 * asks for a reading, never before the enrolment day. Plain day arithmetic: fast for a population.
 */
export function scheduledDays(schedule: Pick<Schedule, 'phases'>, enrolDay: number, fromDay: number, toDay: number): number[] {
  const days: number[] = [];
  let start = enrolDay;
  for (const phase of schedule.phases) {
    const end = phase.days === undefined ? Number.POSITIVE_INFINITY : start + phase.days;
    const weekdays = new Set(phaseWeekdays(phase));
    for (let day = Math.max(start, fromDay); day < end && day <= toDay; day++) {
      if (weekdays.has(weekdayOf(day))) days.push(day);
    }
    if (end > toDay) break;
    start = end;
  }
  return days;
}

/** Whether a pause is in force at `at` (start inclusive, end exclusive). */
export function isPausedAt(pauses: readonly PauseWindow[], at: Date): boolean {
  const t = at.getTime();
  return pauses.some((p) => p.startsAt.getTime() <= t && t < p.endsAt.getTime());
}

/** The time a reading scheduled at `slot` becomes missing. */
export function slotDeadline(schedule: Pick<Schedule, 'graceHours'>, slot: Date): Date {
  return new Date(slot.getTime() + schedule.graceHours * HOUR_MS);
}

/**
 * Scheduled reading times in [from, to), never before enrolment. Slots are at `timeOfDay` Danish
 * local time on the phase's weekdays; the first phase starts on the (local) enrolment day.
 */
export function dueSlots(schedule: Schedule, enrolledAt: Date, from: Date, to: Date): Date[] {
  const start = Math.max(from.getTime(), enrolledAt.getTime());
  const end = to.getTime();
  if (end <= start) return [];
  const enrolDay = localDay(enrolledAt.getTime());
  const lastDay = Math.min(localDay(end), localDay(start) + MAX_RANGE_DAYS);
  const slots: Date[] = [];
  for (let day = localDay(start); day <= lastDay; day++) {
    const slot = slotOnDay(schedule, enrolDay, day);
    if (slot !== undefined && slot >= start && slot < end) slots.push(new Date(slot));
  }
  return slots;
}

/**
 * The latest scheduled reading whose grace period has passed (deadline <= now) without a reading,
 * or null. A slot is met by any reading of a scheduled kind measured on or after the start of the
 * slot's local day (an early-morning reading counts for the 09:00 slot). No slot is overdue while a
 * pause is in force, nor one whose [slot, deadline) overlaps a pause; only the latest slot counts,
 * so the end of a pause never raises an alert for a time inside it.
 */
export function overdueSlot(schedule: Schedule, enrolledAt: Date, lastReadingAt: Date | null, pauses: readonly PauseWindow[], now: Date): OverdueSlot | null {
  if (isPausedAt(pauses, now)) return null;
  const graceMs = schedule.graceHours * HOUR_MS;
  const latestSlot = now.getTime() - graceMs;
  const enrolDay = localDay(enrolledAt.getTime());
  const firstDay = localDay(latestSlot);
  for (let day = firstDay; day >= Math.max(enrolDay, firstDay - LOOKBACK_DAYS); day--) {
    const slot = slotOnDay(schedule, enrolDay, day);
    if (slot === undefined || slot > latestSlot) continue;
    if (slot < enrolledAt.getTime()) return null;
    const deadline = slot + graceMs;
    if (pauses.some((p) => p.startsAt.getTime() < deadline && p.endsAt.getTime() > slot)) return null;
    if (lastReadingAt && lastReadingAt.getTime() >= localInstant(day, 0)) return null;
    return { slot: new Date(slot), deadline: new Date(deadline) };
  }
  return null;
}

/** One enrolment's schedule, as the missing-reading check needs it. */
export interface ScheduledEnrolment {
  enrolledAt: Date;
  schedule: Schedule;
}

/** When a patient last measured a kind (the latest reading per kind is enough). */
export interface LatestReading {
  kind: string;
  measuredAt: Date;
}

/**
 * The most recent overdue slot over all of a patient's scheduled enrolments, with the last reading
 * that counted for it. A slot is met by any reading of a kind its schedule names, not one of each
 * kind: the missing alert is for patients who stop measuring, and a kind left out of a day's readings
 * already shows on the board.
 */
export function latestOverdue(
  enrolments: readonly ScheduledEnrolment[],
  latest: readonly LatestReading[],
  pauses: readonly PauseWindow[],
  now: Date,
): { overdue: OverdueSlot; lastReadingAt: Date | null } | null {
  let worst: { overdue: OverdueSlot; lastReadingAt: Date | null } | null = null;
  for (const { enrolledAt, schedule } of enrolments) {
    const kinds: readonly string[] = schedule.kinds;
    const times = latest.filter((l) => kinds.includes(l.kind)).map((l) => l.measuredAt.getTime());
    const lastReadingAt = times.length > 0 ? new Date(Math.max(...times)) : null;
    const overdue = overdueSlot(schedule, enrolledAt, lastReadingAt, pauses, now);
    if (overdue && (!worst || overdue.slot > worst.overdue.slot)) worst = { overdue, lastReadingAt };
  }
  return worst;
}
