import { CONSCIOUSNESS_LEVELS } from '@naer/shared/domain';
import type { Consciousness, Spo2Scale } from '@naer/shared/domain';
import { VisitInputSchema } from '@naer/shared/contracts';
import type { ErrorDetail, VisitInput } from '@naer/shared/contracts';
import { parseDecimal } from '../number';

/** The number fields of a visit, in the order the form shows them. */
export const VITAL_FIELDS = ['respiratoryRate', 'spo2', 'systolic', 'diastolic', 'pulse', 'temperature'] as const;
export type VitalField = (typeof VITAL_FIELDS)[number];
/** Every field of the form that can carry a problem. */
export type VisitField = VitalField | 'onOxygen' | 'consciousness' | 'measuredAt' | 'spo2Scale';

/** A field's problem; the page turns it into words in the reader's language. */
export type FieldProblem =
  | { code: 'required' | 'number' | 'whole' | 'choose' | 'time' | 'future' | 'tooOld' }
  | { code: 'range'; min: number; max: number };

export type FieldProblems = Partial<Record<VisitField, FieldProblem>>;

export interface VitalRange {
  min: number;
  max: number;
  whole: boolean;
  optional: boolean;
}

interface NumberRule {
  minValue: number | null;
  maxValue: number | null;
  isInt: boolean;
}

const rangeOf = (schema: NumberRule, optional = false): VitalRange => ({
  min: schema.minValue ?? Number.NEGATIVE_INFINITY,
  max: schema.maxValue ?? Number.POSITIVE_INFINITY,
  whole: schema.isInt,
  optional,
});

const shape = VisitInputSchema.shape;

/** Each sign's plausible range, read from the visit contract so the form and the server never disagree. */
export const VITAL_RANGES: Readonly<Record<VitalField, VitalRange>> = {
  respiratoryRate: rangeOf(shape.respiratoryRate),
  spo2: rangeOf(shape.spo2),
  systolic: rangeOf(shape.systolic),
  diastolic: rangeOf(shape.diastolic.unwrap(), true),
  pulse: rangeOf(shape.pulse),
  temperature: rangeOf(shape.temperature),
};

// The server's window for measuredAt (visit.service): a few minutes of clock skew ahead, a week back.
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const MAX_AGE_MS = 7 * 86_400_000;

/** One visit as the nurse fills it in: numbers stay text until sent; a choice is null until made. */
export interface VisitDraft {
  respiratoryRate: string;
  spo2: string;
  systolic: string;
  diastolic: string;
  pulse: string;
  temperature: string;
  onOxygen: boolean | null;
  consciousness: Consciousness | null;
  /** As an `<input type="datetime-local">` holds it: local time, `2026-03-01T09:30`. */
  measuredAt: string;
  spo2Scale: Spo2Scale;
}

/** The signs the draft holds so far: each number or choice once it is valid, null before. */
export type DraftSigns = Record<VitalField, number | null> & { onOxygen: boolean | null; consciousness: Consciousness | null };

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment (ms since the epoch) as a datetime-local value in the device's time zone, to the minute. */
export function toLocalInput(at: number): string {
  const date = new Date(at);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (device time zone) as a moment; null when it is not one. */
export function fromLocalInput(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  // new Date rolls 31 February over into March: such a value is not a date.
  return date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/** An empty visit measured `now` (ms since the epoch), on the given SpO2 scale. */
export function newDraft(now: number, spo2Scale: Spo2Scale): VisitDraft {
  return { respiratoryRate: '', spo2: '', systolic: '', diastolic: '', pulse: '', temperature: '', onOxygen: null, consciousness: null, measuredAt: toLocalInput(now), spo2Scale };
}

function readVital(text: string, range: VitalRange): { value: number | null; problem?: FieldProblem } {
  if (text.trim() === '') return range.optional ? { value: null } : { value: null, problem: { code: 'required' } };
  const value = parseDecimal(text);
  if (value === null) return { value: null, problem: { code: 'number' } };
  if (range.whole && !Number.isInteger(value)) return { value: null, problem: { code: 'whole' } };
  if (value < range.min || value > range.max) return { value: null, problem: { code: 'range', min: range.min, max: range.max } };
  return { value };
}

function readTime(text: string, now: number): { value: Date | null; problem?: FieldProblem } {
  const value = fromLocalInput(text);
  if (!value) return { value: null, problem: { code: 'time' } };
  if (value.getTime() > now + FUTURE_TOLERANCE_MS) return { value: null, problem: { code: 'future' } };
  if (value.getTime() < now - MAX_AGE_MS) return { value: null, problem: { code: 'tooOld' } };
  return { value };
}

/** What the draft says so far, and every field that still needs fixing (required ones left empty included); `now` in ms. */
export function readDraft(draft: VisitDraft, now: number): { signs: DraftSigns; measuredAt: Date | null; problems: FieldProblems } {
  const problems: FieldProblems = {};
  const vital = (field: VitalField) => {
    const { value, problem } = readVital(draft[field], VITAL_RANGES[field]);
    if (problem) problems[field] = problem;
    return value;
  };
  const signs: DraftSigns = {
    respiratoryRate: vital('respiratoryRate'),
    spo2: vital('spo2'),
    systolic: vital('systolic'),
    diastolic: vital('diastolic'),
    pulse: vital('pulse'),
    temperature: vital('temperature'),
    onOxygen: draft.onOxygen,
    consciousness: draft.consciousness !== null && CONSCIOUSNESS_LEVELS.includes(draft.consciousness) ? draft.consciousness : null,
  };
  if (signs.onOxygen === null) problems.onOxygen = { code: 'choose' };
  if (signs.consciousness === null) problems.consciousness = { code: 'choose' };
  const time = readTime(draft.measuredAt, now);
  if (time.problem) problems.measuredAt = time.problem;
  return { signs, measuredAt: time.value, problems };
}

/** The draft as the body of `visits.record` with the given client id, or the problems that stop it. */
export function toVisitInput(id: string, draft: VisitDraft, now: number): { input: VisitInput; problems: null } | { input: null; problems: FieldProblems } {
  const { signs, measuredAt, problems } = readDraft(draft, now);
  const { respiratoryRate, spo2, systolic, diastolic, pulse, temperature, onOxygen, consciousness } = signs;
  if (
    Object.keys(problems).length > 0 || measuredAt === null || respiratoryRate === null || spo2 === null || systolic === null ||
    pulse === null || temperature === null || onOxygen === null || consciousness === null
  ) {
    return { input: null, problems };
  }
  const input: VisitInput = {
    id, measuredAt: measuredAt.toISOString(), respiratoryRate, spo2, onOxygen, systolic, pulse, temperature, consciousness, spo2Scale: draft.spo2Scale,
    ...(diastolic === null ? {} : { diastolic }),
  };
  return { input, problems: null };
}

const isField = (path: string): path is VisitField =>
  (VITAL_FIELDS as readonly string[]).includes(path) || ['onOxygen', 'consciousness', 'measuredAt', 'spo2Scale'].includes(path);

function serverProblem(field: VisitField, message: string): FieldProblem {
  if (field === 'measuredAt') {
    if (/future/i.test(message)) return { code: 'future' };
    return /week/i.test(message) ? { code: 'tooOld' } : { code: 'time' };
  }
  if (field === 'onOxygen' || field === 'consciousness' || field === 'spo2Scale') return { code: 'choose' };
  const range = VITAL_RANGES[field];
  if (/whole/i.test(message)) return { code: 'whole' };
  return { code: 'range', min: range.min, max: range.max };
}

/**
 * A 400's details placed on the fields they name, in the form's own words (the server's are English);
 * details on anything else come back as `other`, with the server's message.
 */
export function serverProblems(details: readonly ErrorDetail[]): { fields: FieldProblems; other: string[] } {
  const fields: FieldProblems = {};
  const other: string[] = [];
  for (const detail of details) {
    if (isField(detail.path)) fields[detail.path] = serverProblem(detail.path, detail.message);
    else other.push(detail.message);
  }
  return { fields, other };
}
