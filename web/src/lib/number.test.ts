import { describe, expect, it } from 'vitest';
import { formatNumber, parseDecimal } from './number';

describe('parseDecimal', () => {
  it('accepts a Danish decimal comma', () => {
    expect(parseDecimal('37,5')).toBe(37.5);
  });
  it('accepts a decimal point and surrounding spaces', () => {
    expect(parseDecimal(' 82.4 ')).toBe(82.4);
  });
  it('rejects empty input, letters and thousands separators', () => {
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('abc')).toBeNull();
    expect(parseDecimal('1.234,5')).toBeNull();
  });
});

describe('formatNumber', () => {
  it('writes a decimal comma in Danish and a point in English', () => {
    expect(formatNumber(37.5, 'da')).toBe('37,5');
    expect(formatNumber(37.5, 'en')).toBe('37.5');
  });
});
