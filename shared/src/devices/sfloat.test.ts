import { describe, expect, it } from 'vitest';
import { sfloatRaw } from './fixtures';
import { scale } from './numbers';
import { decodeSfloat } from './sfloat';

describe('decodeSfloat', () => {
  it('divides by a power of ten for negative exponents, so 189 × 10^-1 is exactly 18.9', () => {
    expect(decodeSfloat(sfloatRaw(189, -1))).toEqual({ value: 18.9, mantissa: 189, exponent: -1 });
    expect(decodeSfloat(sfloatRaw(365, -1))).toMatchObject({ value: 36.5 });
    expect(decodeSfloat(sfloatRaw(1, -8))).toMatchObject({ value: 1e-8 });
  });

  it('reads the exponent and the mantissa as signed numbers', () => {
    expect(decodeSfloat(sfloatRaw(-1, 0))).toMatchObject({ value: -1, mantissa: -1, exponent: 0 });
    expect(decodeSfloat(sfloatRaw(-2045, 0))).toMatchObject({ value: -2045 });
    expect(decodeSfloat(sfloatRaw(-2048, 1))).toMatchObject({ value: -20480 });
    expect(decodeSfloat(sfloatRaw(2045, 7))).toMatchObject({ value: 20_450_000_000 });
    expect(decodeSfloat(sfloatRaw(-5, -8))).toMatchObject({ value: -5e-8, exponent: -8 });
  });

  it.each([
    [0x07ff, 'NaN'],
    [0x0800, 'NRes'],
    [0x07fe, '+INF'],
    [0x0802, '-INF'],
    [0x0801, 'reserved'],
  ] as const)('treats raw 0x%s as the special value %s, never a number', (raw, special) => {
    expect(decodeSfloat(raw)).toEqual({ special });
  });

  it('only the exact special words are special: the same mantissa with another exponent is a number', () => {
    expect(decodeSfloat(0x17ff)).toEqual({ value: 20470, mantissa: 2047, exponent: 1 });
    expect(decodeSfloat(0xf800)).toEqual({ value: -204.8, mantissa: -2048, exponent: -1 });
  });

  it('refuses a raw word outside 16 bits', () => {
    expect(() => decodeSfloat(0x10000)).toThrow(RangeError);
    expect(() => decodeSfloat(-1)).toThrow(RangeError);
  });
});

describe('scale', () => {
  it('gives the nearest double to mantissa × 10^exponent for every exponent', () => {
    for (let exponent = -30; exponent <= 30; exponent++) {
      expect(scale(12345, exponent)).toBe(Number(`12345e${exponent}`));
    }
  });
});
