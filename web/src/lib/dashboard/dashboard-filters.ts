import { MAX_DASHBOARD_DAYS } from '@naer/shared/contracts';
import type { DashboardQuery, Programme } from '@naer/shared/contracts';

/** Period presets: the last 7, 30 or 91 days ending today; `custom` takes the two dates. */
export const PERIOD_PRESETS = ['week', 'month', 'quarter', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
const PRESET_DAYS: Record<Exclude<PeriodPreset, 'custom'>, number> = { week: 7, month: 30, quarter: 91 };

/** The dashboard's filters as the URL keeps them, so a link can be shared and the back button works. */
export interface DashboardFilters {
  period: PeriodPreset;
  /** Only for `custom`: YYYY-MM-DD as typed (checked by `periodOf`). */
  from: string | null;
  to: string | null;
  programme: Programme | null;
  partner: string | null;
  /** An administrator's choice of organisation (all when null). */
  organisation: string | null;
}

export const DEFAULT_FILTERS: DashboardFilters = { period: 'quarter', from: null, to: null, programme: null, partner: null, organisation: null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | null => (value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null);
const uuidOrNull = (value: string | null) => (value && UUID.test(value) ? value : null);
const dateOrNull = (value: string | null) => (value && DATE.test(value) ? value : null);

/** Filters from a URL's query; anything unknown falls back to the default, so an old link still opens. */
export function filtersFromUrl(params: URLSearchParams): DashboardFilters {
  const from = dateOrNull(params.get('from'));
  const to = dateOrNull(params.get('to'));
  const custom = from !== null || to !== null;
  return {
    period: custom ? 'custom' : (oneOf(params.get('period'), ['week', 'month', 'quarter'] as const) ?? 'quarter'),
    from: custom ? from : null,
    to: custom ? to : null,
    programme: oneOf(params.get('programme'), ['copd', 'heart_failure'] as const),
    partner: uuidOrNull(params.get('partner')),
    organisation: uuidOrNull(params.get('organisation')),
  };
}

/** The filters as the URL's query: the defaults are left out, so the default view has one URL. */
export function filterParams(f: DashboardFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.period === 'custom') {
    if (f.from) out.from = f.from;
    if (f.to) out.to = f.to;
  } else if (f.period !== 'quarter') out.period = f.period;
  if (f.programme) out.programme = f.programme;
  if (f.partner) out.partner = f.partner;
  if (f.organisation) out.organisation = f.organisation;
  return out;
}

/** Today's date in Denmark, YYYY-MM-DD. */
export const danishDate = (now: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const dateOfDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const isCalendarDate = (text: string) => DATE.test(text) && !Number.isNaN(dayNumber(text)) && dateOfDay(dayNumber(text)) === text;

/** Why a custom period cannot be asked for; the page words each in the reader's language. */
export type PeriodProblem = 'missing' | 'invalid' | 'order' | 'tooLong';

/** The days a filter asks for, or what is wrong with them. */
export function periodOf(f: DashboardFilters, today: string): { from: string; to: string } | { problem: PeriodProblem } {
  if (f.period !== 'custom') return { from: dateOfDay(dayNumber(today) - PRESET_DAYS[f.period] + 1), to: today };
  if (!f.from || !f.to) return { problem: 'missing' };
  if (!isCalendarDate(f.from) || !isCalendarDate(f.to)) return { problem: 'invalid' };
  const days = dayNumber(f.to) - dayNumber(f.from) + 1;
  if (days < 1) return { problem: 'order' };
  if (days > MAX_DASHBOARD_DAYS) return { problem: 'tooLong' };
  return { from: f.from, to: f.to };
}

/** The API query of filters whose period is valid (the same for /api/dashboard and the CSV, which adds `lang`). */
export function queryOf(f: DashboardFilters, period: { from: string; to: string }): DashboardQuery {
  const query: DashboardQuery = { from: period.from, to: period.to };
  if (f.programme) query.programme = f.programme;
  if (f.partner) query.partner = f.partner;
  if (f.organisation) query.organisation = f.organisation;
  return query;
}
