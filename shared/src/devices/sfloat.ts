import { scale } from './numbers';
import type { SpecialValue } from './numbers';

/** A decoded 16-bit SFLOAT: the number with its parts, or a special value. */
export type Sfloat = { value: number; mantissa: number; exponent: number } | { special: SpecialValue };

const SFLOAT_SPECIALS: ReadonlyMap<number, SpecialValue> = new Map([
  [0x07ff, 'NaN'],
  [0x0800, 'NRes'],
  [0x07fe, '+INF'],
  [0x0802, '-INF'],
  [0x0801, 'reserved'],
]);

/**
 * Decodes an IEEE-11073 16-bit SFLOAT (4-bit signed exponent, 12-bit signed mantissa).
 * Special values are recognised on the raw word before any arithmetic.
 */
export function decodeSfloat(raw: number): Sfloat {
  if (!Number.isInteger(raw) || raw < 0 || raw > 0xffff) throw new RangeError(`SFLOAT raw word must be 0..0xFFFF, got ${raw}`);
  const special = SFLOAT_SPECIALS.get(raw);
  if (special) return { special };
  let exponent = raw >> 12;
  if (exponent >= 0x8) exponent -= 0x10;
  let mantissa = raw & 0x0fff;
  if (mantissa >= 0x800) mantissa -= 0x1000;
  return { value: scale(mantissa, exponent), mantissa, exponent };
}
