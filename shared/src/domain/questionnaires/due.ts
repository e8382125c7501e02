import { SERVICE_TIME_ZONE } from '../care-team';
import type { QuestionnaireCadence } from './definition';

const DAY_MS = 86_400_000;
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: SERVICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Year, month (1–12) and day of the Danish calendar date at an instant. */
function danishDate(at: Date): { year: number; month: number; day: number } {
  const p = Object.fromEntries(dateFormat.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  return { year: p.year ?? 1970, month: p.month ?? 1, day: p.day ?? 1 };
}

/** Days since 1970-01-01 of the Danish calendar date at an instant. */
function danishDay(at: Date): number {
  const d = danishDate(at);
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);
}

/** Months since January 1970 of the Danish calendar month at an instant (so December to January is one month). */
export function danishMonth(at: Date): number {
  const d = danishDate(at);
  return (d.year - 1970) * 12 + d.month - 1;
}

/**
 * Whether a questionnaire is due now, by the Danish calendar: daily when not yet answered today,
 * weekly when last answered 7 or more days ago, monthly when last answered in an earlier calendar
 * month, never when answered as needed. Never answered: due.
 */
export function isQuestionnaireDue(cadence: QuestionnaireCadence, lastAnsweredAt: Date | null, now: Date): boolean {
  if (cadence === 'as_needed') return false;
  if (lastAnsweredAt === null) return true;
  switch (cadence) {
    case 'daily':
      return danishDay(now) - danishDay(lastAnsweredAt) >= 1;
    case 'weekly':
      return danishDay(now) - danishDay(lastAnsweredAt) >= 7;
    case 'monthly':
      return danishMonth(now) > danishMonth(lastAnsweredAt);
  }
}
