import { UUID_PATTERN } from '@naer/shared/api';
import { ValidationError } from '../../kernel/errors';
import type { PageCursor, TimeBound } from './fhir.repository';

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 500;

const ZONE = 'Europe/Copenhagen';
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const PREFIXES = ['eq', 'ge', 'gt', 'le', 'lt'] as const;
type Prefix = (typeof PREFIXES)[number];

const bad = (param: string, message: string) => new ValidationError(`${param}: ${message}`, [{ path: param, message }]);

/** One query parameter's values: a repeated parameter arrives as an array, a missing one as []. */
export function values(query: Record<string, unknown>, name: string): string[] {
  const raw = query[name];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  if (!list.every((v): v is string => typeof v === 'string')) throw bad(name, 'give it once per condition, as plain text');
  return list;
}

/** The single value of a parameter that may appear at most once. */
export function single(query: Record<string, unknown>, name: string): string | undefined {
  const list = values(query, name);
  if (list.length > 1) throw bad(name, 'give it at most once');
  return list[0];
}

/** `patient=<id>` or `patient=Patient/<id>`: required, as every search reads one patient's data. */
export function patientParam(query: Record<string, unknown>): string {
  const raw = single(query, 'patient') ?? single(query, 'subject');
  if (raw === undefined) throw bad('patient', 'required: search one patient\u2019s data with patient=<id>');
  const id = raw.startsWith('Patient/') ? raw.slice('Patient/'.length) : raw;
  if (!UUID_PATTERN.test(id)) throw bad('patient', 'must be a patient id (a UUID), optionally as Patient/<id>');
  return id;
}

/** `_count`: page size, 1–500 (50 when absent). */
export function countParam(query: Record<string, unknown>): number {
  const raw = single(query, '_count');
  if (raw === undefined) return DEFAULT_COUNT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT) throw bad('_count', `must be a whole number from 1 to ${MAX_COUNT}`);
  return n;
}

/** Milliseconds Copenhagen is ahead of UTC at an instant. */
function zoneOffset(at: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - Math.floor(at / 1000) * 1000;
}

/** Midnight starting a Danish calendar day (month and day may overflow, as Date.UTC allows). */
function danishMidnight(year: number, month: number, day: number): Date {
  const utc = Date.UTC(year, month - 1, day);
  return new Date(utc - zoneOffset(utc));
}

/** A date or date-time as the interval it denotes: a day, month or year in Danish time, or an instant. */
function interval(param: string, text: string): { start: Date; end: Date } {
  const date = DATE.exec(text);
  if (date) {
    const [y, m, d] = [Number(date[1]), date[2] ? Number(date[2]) : undefined, date[3] ? Number(date[3]) : undefined];
    if (m === undefined) return { start: danishMidnight(y, 1, 1), end: danishMidnight(y + 1, 1, 1) };
    if (d === undefined) return { start: danishMidnight(y, m, 1), end: danishMidnight(y, m + 1, 1) };
    return { start: danishMidnight(y, m, d), end: danishMidnight(y, m, d + 1) };
  }
  const at = DATE_TIME.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw bad(param, 'must be a date (2026-03-01) or a date-time with a time zone (2026-03-01T08:00:00+01:00), with an optional prefix eq, ge, gt, le or lt');
  return { start: at, end: new Date(at.getTime() + 1) };
}

/** Every `date=` condition (ANDed) as half-open bounds: ge/lt on the start or end of the interval given. */
export function dateBounds(query: Record<string, unknown>): TimeBound[] {
  return values(query, 'date').flatMap((raw): TimeBound[] => {
    const prefix = (PREFIXES as readonly string[]).includes(raw.slice(0, 2)) ? (raw.slice(0, 2) as Prefix) : undefined;
    if (!prefix && /^[a-z]{2}/.test(raw)) throw bad('date', `prefix ${raw.slice(0, 2)} is not supported; use eq, ge, gt, le or lt`);
    const { start, end } = interval('date', prefix ? raw.slice(2) : raw);
    switch (prefix ?? 'eq') {
      case 'eq':
        return [{ op: 'ge', at: start }, { op: 'lt', at: end }];
      case 'ge':
        return [{ op: 'ge', at: start }];
      case 'gt':
        return [{ op: 'ge', at: end }];
      case 'le':
        return [{ op: 'lt', at: end }];
      case 'lt':
        return [{ op: 'lt', at: start }];
    }
  });
}

/** `code=` tokens (comma means or): `system|code` or a bare `code`. */
export function codeTokens(query: Record<string, unknown>): Array<{ system: string | undefined; code: string }> | undefined {
  const raw = values(query, 'code');
  if (raw.length === 0) return undefined;
  if (raw.length > 1) throw bad('code', 'give one code parameter; separate alternatives with commas');
  return (raw[0] ?? '').split(',').map((token) => {
    const bar = token.indexOf('|');
    return bar < 0 ? { system: undefined, code: token } : { system: token.slice(0, bar) || undefined, code: token.slice(bar + 1) };
  });
}

/** The opaque `_cursor` of a next link. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

export function cursorParam(query: Record<string, unknown>): PageCursor | undefined {
  const raw = single(query, '_cursor');
  if (raw === undefined) return undefined;
  const [at, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || !/^[A-Za-z0-9\-.]{1,64}$/.test(id) || Number.isNaN(date.getTime())) throw bad('_cursor', 'is not one this server gave out: follow the Bundle\u2019s next link as it is');
  return { at: date, id };
}

/** Only the parameters each search declares: an unknown one is an error rather than silently ignored (a filter the client thinks applies). */
export function onlyParams(query: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k) && k !== '_format');
  if (unknown.length > 0) throw bad(unknown[0] ?? '', `is not a supported search parameter here; supported: ${allowed.join(', ')}`);
}
