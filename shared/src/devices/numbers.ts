/** IEEE-11073 special values: "no reading", never a number. */
export const SPECIAL_VALUES = ['NaN', 'NRes', '+INF', '-INF', 'reserved'] as const;
export type SpecialValue = (typeof SPECIAL_VALUES)[number];

/** A field the device sent without a number: an IEEE-11073 special, or a profile's own "unsuccessful" code. */
export interface NoReading {
  special: SpecialValue | 'unsuccessful';
}

/** A decoded numeric field: a number in the device's unit, or why there is none. */
export type Numeric = number | NoReading;

/** True when the field holds a number (not a special value). */
export function isNumber(field: Numeric | null | undefined): field is number {
  return typeof field === 'number';
}

/**
 * mantissa × 10^exponent as the nearest double. Negative exponents divide by an exact power of ten
 * (`189 * 10 ** -1` would give 18.900000000000002); beyond 10^22 powers of ten are inexact, so the
 * decimal string is parsed instead, which rounds correctly.
 */
export function scale(mantissa: number, exponent: number): number {
  if (exponent === 0) return mantissa;
  if (exponent < 0 && exponent >= -22) return mantissa / 10 ** -exponent;
  if (exponent > 0 && exponent <= 22) return mantissa * 10 ** exponent;
  return Number(`${mantissa}e${exponent}`);
}

/** A decimal integer field with a fixed resolution, e.g. weight × 0.005 kg = raw × 5 / 10^3. */
export function fixedPoint(raw: number, multiplier: number, decimals: number): number {
  return scale(raw * multiplier, -decimals);
}
