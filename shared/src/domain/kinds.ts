import { CONSCIOUSNESS_LEVELS } from './early-warning/consciousness';
import type { Consciousness } from './early-warning/consciousness';

/** Measurement kinds Naer accepts, their canonical UCUM unit, accepted input units and plausible ranges (domain.md §2). */
export const MEASUREMENT_KINDS = ['spo2', 'heart_rate', 'body_weight', 'blood_pressure', 'body_temperature', 'respiratory_rate', 'consciousness'] as const;
export type MeasurementKind = (typeof MEASUREMENT_KINDS)[number];

/** A blood pressure reading: systolic and diastolic always travel together. */
export interface BloodPressureValue {
  systolic: number;
  diastolic: number;
}
/** A reading's canonical value: a number, or a systolic/diastolic pair for blood pressure (consciousness is its level's rank, 0 = alert). */
export type MeasurementValue = number | BloodPressureValue;
/** A value as submitted: consciousness arrives as its level's name. */
export type MeasurementInputValue = MeasurementValue | Consciousness;

export interface Range {
  min: number;
  max: number;
}

interface KindInfo {
  canonicalUnit: string;
  /** Accepted units and how to convert each to the canonical unit. */
  units: Record<string, (value: number) => number>;
  /** Decimals kept after conversion to the canonical unit. */
  decimals: number;
  loinc: string;
  label: { da: string; en: string };
  plausible: Range | { systolic: Range; diastolic: Range };
}

const same = (value: number): number => value;

/** Per-kind facts; the single table every conversion and range check reads. */
export const KIND_INFO: Record<MeasurementKind, KindInfo> = {
  spo2: {
    canonicalUnit: '%',
    units: { '%': same },
    decimals: 0,
    loinc: '59408-5',
    label: { da: 'Iltmætning', en: 'Oxygen saturation' },
    plausible: { min: 50, max: 100 },
  },
  heart_rate: {
    canonicalUnit: '/min',
    units: { '/min': same },
    decimals: 0,
    loinc: '8867-4',
    label: { da: 'Puls', en: 'Pulse' },
    plausible: { min: 20, max: 250 },
  },
  body_weight: {
    canonicalUnit: 'kg',
    units: { kg: same, lb: (lb) => lb * 0.45359237 },
    decimals: 2,
    loinc: '29463-7',
    label: { da: 'Vægt', en: 'Weight' },
    plausible: { min: 20, max: 350 },
  },
  blood_pressure: {
    canonicalUnit: 'mm[Hg]',
    units: { 'mm[Hg]': same, kPa: (kpa) => kpa * 7.500615758 },
    decimals: 0,
    loinc: '85354-9',
    label: { da: 'Blodtryk', en: 'Blood pressure' },
    plausible: { systolic: { min: 50, max: 280 }, diastolic: { min: 20, max: 180 } },
  },
  body_temperature: {
    canonicalUnit: 'Cel',
    units: { Cel: same, '[degF]': (f) => ((f - 32) * 5) / 9 },
    decimals: 1,
    loinc: '8310-5',
    label: { da: 'Temperatur', en: 'Temperature' },
    plausible: { min: 30, max: 44 },
  },
  respiratory_rate: {
    canonicalUnit: '/min',
    units: { '/min': same },
    decimals: 0,
    loinc: '9279-1',
    label: { da: 'Respirationsfrekvens', en: 'Respiratory rate' },
    plausible: { min: 4, max: 60 },
  },
  consciousness: {
    // No verified LOINC code (domain.md §2); stored as the level's rank so it can be charted and compared.
    canonicalUnit: '{level}',
    units: { '{level}': same },
    decimals: 0,
    loinc: '',
    label: { da: 'Bevidsthedsniveau', en: 'Level of consciousness' },
    plausible: { min: 0, max: CONSCIOUSNESS_LEVELS.length - 1 },
  },
};

/** A consciousness rank's level name (ranks outside the list read as the worst level). */
export function consciousnessOf(rank: number): Consciousness {
  return CONSCIOUSNESS_LEVELS[rank] ?? 'unresponsive';
}

/** Units a person can read, for UI and messages. */
export const UNIT_LABEL: Record<string, string> = {
  '%': '%',
  '/min': 'slag/min',
  kg: 'kg',
  lb: 'lb',
  'mm[Hg]': 'mmHg',
  kPa: 'kPa',
  Cel: '°C',
  '[degF]': '°F',
  '{level}': '',
};

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Converts a value in an accepted unit to the kind's canonical unit; throws on an unknown unit. */
export function toCanonical(kind: MeasurementKind, value: MeasurementInputValue, unit: string): MeasurementValue {
  const info = KIND_INFO[kind];
  if (typeof value === 'string') {
    const rank = (CONSCIOUSNESS_LEVELS as readonly string[]).indexOf(value);
    if (kind !== 'consciousness' || rank < 0) throw new Error(`value ${value} is not accepted for ${kind}`);
    return rank;
  }
  const convert = info.units[unit];
  if (!convert) throw new Error(`unit ${unit} is not accepted for ${kind}`);
  if (typeof value === 'number') return round(convert(value), info.decimals);
  return { systolic: round(convert(value.systolic), info.decimals), diastolic: round(convert(value.diastolic), info.decimals) };
}

/** Problems with a canonical value against the plausible range, as [path, message] pairs; empty when plausible. */
export function implausibleParts(kind: MeasurementKind, value: MeasurementValue): Array<{ path: string[]; message: string }> {
  const plausible = KIND_INFO[kind].plausible;
  const unit = UNIT_LABEL[KIND_INFO[kind].canonicalUnit];
  const check = (path: string[], v: number, range: Range) =>
    v >= range.min && v <= range.max
      ? []
      : [{ path, message: `${path.join('.')} must be between ${range.min} and ${range.max} ${unit} (check for a typo or a device fault)` }];
  if ('min' in plausible) return typeof value === 'number' ? check(['value'], value, plausible) : [{ path: ['value'], message: 'value must be a number' }];
  if (typeof value === 'number') return [{ path: ['value'], message: 'value must be { systolic, diastolic }' }];
  return [
    ...check(['value', 'systolic'], value.systolic, plausible.systolic),
    ...check(['value', 'diastolic'], value.diastolic, plausible.diastolic),
  ];
}
