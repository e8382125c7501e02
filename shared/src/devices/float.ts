import { scale } from './numbers';
import type { SpecialValue } from './numbers';

/** A decoded 32-bit FLOAT: the number with its parts, or a special value. */
export type Float = { value: number; mantissa: number; exponent: number } | { special: SpecialValue };

const FLOAT_SPECIALS: ReadonlyMap<number, SpecialValue> = new Map([
  [0x007fffff, 'NaN'],
  [0x00800000, 'NRes'],
  [0x007ffffe, '+INF'],
  [0x00800002, '-INF'],
  [0x00800001, 'reserved'],
]);

/**
 * Decodes an IEEE-11073 32-bit FLOAT (8-bit signed exponent, 24-bit signed mantissa).
 * Special values are recognised on the raw word before any arithmetic.
 */
export function decodeFloat(raw: number): Float {
  if (!Number.isInteger(raw) || raw < 0 || raw > 0xffffffff) throw new RangeError(`FLOAT raw word must be 0..0xFFFFFFFF, got ${raw}`);
  const special = FLOAT_SPECIALS.get(raw);
  if (special) return { special };
  let exponent = raw >>> 24;
  if (exponent >= 0x80) exponent -= 0x100;
  let mantissa = raw & 0x00ffffff;
  if (mantissa >= 0x800000) mantissa -= 0x1000000;
  return { value: scale(mantissa, exponent), mantissa, exponent };
}
