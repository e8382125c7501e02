import { describe, expect, it } from 'vitest';
import { changeOf, formatPeriod, formatRowValue } from './dashboard-format';

describe('dashboard values as shown', () => {
  it('writes a decimal comma in Danish, keeps "< 5" and leaves no data to the page', () => {
    expect(formatRowValue(87.5, 'da')).toBe('87,5');
    expect(formatRowValue(87.5, 'en')).toBe('87.5');
    expect(formatRowValue('< 5', 'da')).toBe('< 5');
    expect(formatRowValue(null, 'da')).toBeNull();
  });

  it('compares only numbers, with a sign', () => {
    expect(changeOf(12.3, 10, 'da')).toEqual({ direction: 'up', delta: '+2,3' });
    expect(changeOf(0.1, 0.3, 'da')).toEqual({ direction: 'down', delta: '-0,2' });
    expect(changeOf(4, 4, 'da')).toEqual({ direction: 'same' });
    expect(changeOf('< 5', 7, 'da')).toEqual({ direction: 'none' });
    expect(changeOf(null, 7, 'da')).toEqual({ direction: 'none' });
  });

  it('writes a period in words, the year once when both days share it', () => {
    expect(formatPeriod('2026-09-01', '2026-11-30', 'da')).toBe('1. sep.–30. nov. 2026');
    expect(formatPeriod('2025-12-15', '2026-01-14', 'da')).toBe('15. dec. 2025–14. jan. 2026');
  });
});
