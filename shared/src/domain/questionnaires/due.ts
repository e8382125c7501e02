import { SERVICE_TIME_ZONE } from '../care-team';
import type { QuestionnaireCadence } from './definition';

const DAY_MS = 86_400_000;
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: SERVICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Days since 1970-01-01 of the Danish calendar date at an instant. */
function danishDay(at: Date): number {
  const p = Object.fromEntries(dateFormat.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  return Math.round(Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1) / DAY_MS);
}

/**
 * Whether a questionnaire is due now, by Danish calendar days: daily when not yet answered today,
 * weekly when last answered 7 or more days ago, never when answered as needed. Never answered: due.
 */
export function isQuestionnaireDue(cadence: QuestionnaireCadence, lastAnsweredAt: Date | null, now: Date): boolean {
  if (cadence === 'as_needed') return false;
  if (lastAnsweredAt === null) return true;
  const days = danishDay(now) - danishDay(lastAnsweredAt);
  return cadence === 'daily' ? days >= 1 : days >= 7;
}
