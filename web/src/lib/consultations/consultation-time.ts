import type { Lang } from '../i18n.svelte';

const MINUTE_MS = 60_000;
const QUARTER_MS = 15 * MINUTE_MS;
const DAY_MS = 86_400_000;

const localeOf = (lang: Lang) => (lang === 'da' ? 'da-DK' : 'en-GB');
const pad = (n: number) => String(n).padStart(2, '0');

/** The clock time, "10.30" in Danish and "10:30" in English (the device's time zone unless given). */
export function clockTime(at: Date | string, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(at));
}

/** The date without the year, "3. marts" in Danish and "3 March" in English. */
export function dayAndMonth(at: Date | string, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), { day: 'numeric', month: 'long', timeZone }).format(new Date(at));
}

/** The weekday and date, "tirsdag 3. marts" / "Tuesday 3 March", for lists that span weeks. */
export function weekdayDate(at: Date | string, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(new Date(at));
}

/** A moment's calendar day, "2026-03-03", in the time zone (the device's unless given). */
export function calendarDay(at: Date | string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(new Date(at));
}

/** Calendar days from `now`'s day to `at`'s day: 0 today, 1 tomorrow, -1 yesterday (DST days count as one). */
export function daysFrom(now: Date, at: Date | string, timeZone?: string): number {
  const midnight = (d: Date | string) => Date.parse(`${calendarDay(d, timeZone)}T00:00:00Z`);
  return Math.round((midnight(at) - midnight(now)) / DAY_MS);
}

/** The next quarter hour after `now` (10.07 → 10.15; 10.15 → 10.30): the booking form's first suggestion. */
export function nextQuarterHour(now: Date): Date {
  return new Date((Math.floor(now.getTime() / QUARTER_MS) + 1) * QUARTER_MS);
}

/** `at` minus some minutes. */
export function minutesBefore(at: Date | string, minutes: number): Date {
  return new Date(new Date(at).getTime() - minutes * MINUTE_MS);
}

/** A moment as the values of `<input type="date">` and `<input type="time">` on this device. */
export function toDateTimeInputs(at: Date | string): { date: string; time: string } {
  const d = new Date(at);
  return { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}` };
}

/** The moment a date and a time input name on this device; null when either is empty or not a real date or time. */
export function fromDateTimeInputs(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim());
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return null;
  const at = new Date(year, month - 1, day, hour, minute);
  // Date rolls 31 April over to 1 May: a day that does not exist is not a date.
  return at.getFullYear() === year && at.getMonth() === month - 1 && at.getDate() === day ? at : null;
}
