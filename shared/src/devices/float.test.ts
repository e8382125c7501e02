import { describe, expect, it } from 'vitest';
import { decodeFloat } from './float';
import { floatRaw } from './fixtures';

describe('decodeFloat', () => {
  it('decodes body temperatures without floating-point noise', () => {
    expect(decodeFloat(floatRaw(368, -1))).toEqual({ value: 36.8, mantissa: 368, exponent: -1 });
    expect(decodeFloat(floatRaw(3712, -2))).toMatchObject({ value: 37.12 });
    expect(decodeFloat(floatRaw(986, -1))).toMatchObject({ value: 98.6 });
  });

  it('reads the 8-bit exponent and the 24-bit mantissa as signed numbers', () => {
    expect(decodeFloat(floatRaw(-1, 0))).toMatchObject({ value: -1, mantissa: -1 });
    expect(decodeFloat(floatRaw(-8_388_605, 0))).toMatchObject({ value: -8_388_605 });
    expect(decodeFloat(floatRaw(-8_388_608, 1))).toMatchObject({ value: -83_886_080 });
    expect(decodeFloat(floatRaw(5, 127))).toMatchObject({ value: 5e127, exponent: 127 });
    expect(decodeFloat(floatRaw(5, -128))).toMatchObject({ value: 5e-128, exponent: -128 });
  });

  it.each([
    [0x007fffff, 'NaN'],
    [0x00800000, 'NRes'],
    [0x007ffffe, '+INF'],
    [0x00800002, '-INF'],
    [0x00800001, 'reserved'],
  ] as const)('treats raw %i as the special value %s, never a number', (raw, special) => {
    expect(decodeFloat(raw)).toEqual({ special });
  });

  it('refuses a raw word outside 32 bits', () => {
    expect(() => decodeFloat(0x1_0000_0000)).toThrow(RangeError);
  });
});
