import type { RowValue } from '@naer/shared/domain';

type Lang = 'da' | 'en';

const numberFormats = new Map<string, Intl.NumberFormat>();
const numberFormat = (lang: Lang, signed: boolean) => {
  const key = `${lang}${signed ? '+' : ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1, signDisplay: signed ? 'exceptZero' : 'auto' });
    numberFormats.set(key, format);
  }
  return format;
};

/** A table value as shown: Danish decimal comma, "< 5" as it is; null (nothing to measure) stays null for the page to word. */
export function formatRowValue(value: RowValue, lang: Lang): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  return numberFormat(lang, false).format(value);
}

/** A number with the reader's decimal separator, e.g. a chart tick. */
export const formatNumberIn = (value: number, lang: Lang): string => numberFormat(lang, false).format(value);

/** How this period compares with the previous one; `none` when either side is not a number ("< 5" or no data). */
export type Change = { direction: 'up' | 'down'; delta: string } | { direction: 'same' | 'none' };

export function changeOf(current: RowValue, previous: RowValue, lang: Lang): Change {
  if (typeof current !== 'number' || typeof previous !== 'number') return { direction: 'none' };
  // Both are already rounded to one decimal; rounding again keeps 0.1 + 0.2 from showing as 0.30000000000000004.
  const delta = Math.round((current - previous) * 10) / 10;
  if (delta === 0) return { direction: 'same' };
  return { direction: delta > 0 ? 'up' : 'down', delta: numberFormat(lang, true).format(delta) };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormat = (lang: Lang, withYear: boolean) => {
  const key = `${lang}${withYear ? 'y' : ''}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format;
};
const atDate = (date: string) => new Date(`${date}T00:00:00Z`);

/** A day, e.g. "1. sep." (with the year when asked). */
export const formatDay = (date: string, lang: Lang, withYear = false): string => dateFormat(lang, withYear).format(atDate(date));

/** A period in words, e.g. "1. sep.–30. nov. 2026"; the year is written once when both days share it. */
export function formatPeriod(from: string, to: string, lang: Lang): string {
  if (from === to) return formatDay(to, lang, true);
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `${formatDay(from, lang, !sameYear)}–${formatDay(to, lang, true)}`;
}
