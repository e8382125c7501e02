import { describe, expect, it } from 'vitest';
import { calendarDay, clockTime, dayAndMonth, daysFrom, fromDateTimeInputs, nextQuarterHour, toDateTimeInputs } from './consultation-time';

const CPH = 'Europe/Copenhagen';

describe('clockTime', () => {
  it('writes half past ten as "10.30" in Danish and "10:30" in English', () => {
    const at = '2026-03-03T09:30:00Z';
    expect(clockTime(at, 'da', CPH)).toBe('10.30');
    expect(clockTime(at, 'en', CPH)).toBe('10:30');
  });

  it('uses summer time in Copenhagen in July', () => {
    expect(clockTime('2026-07-01T08:05:00Z', 'da', CPH)).toBe('10.05');
  });
});

describe('dayAndMonth', () => {
  it('names the day and the month without the year', () => {
    expect(dayAndMonth('2026-03-03T09:30:00Z', 'da', CPH)).toBe('3. marts');
    expect(dayAndMonth('2026-03-03T09:30:00Z', 'en', CPH)).toBe('3 March');
  });
});

describe('daysFrom', () => {
  it('counts calendar days in the local zone, not 24-hour periods', () => {
    const now = new Date('2026-03-03T22:30:00Z'); // 23.30 in Copenhagen
    expect(daysFrom(now, '2026-03-03T22:45:00Z', CPH)).toBe(0);
    expect(daysFrom(now, '2026-03-03T23:15:00Z', CPH)).toBe(1); // 00.15 the next day
    expect(daysFrom(now, '2026-03-02T08:00:00Z', CPH)).toBe(-1);
  });

  it('counts the day the clocks go back as one day', () => {
    const now = new Date('2026-10-24T22:30:00Z'); // 00.30 on the 25-hour day
    expect(daysFrom(now, '2026-10-25T22:30:00Z', CPH)).toBe(0); // 23.30 the same day
    expect(daysFrom(now, '2026-10-25T23:30:00Z', CPH)).toBe(1);
    expect(calendarDay('2026-10-25T22:30:00Z', CPH)).toBe('2026-10-25');
  });
});

describe('nextQuarterHour', () => {
  it('rounds up to the next quarter hour', () => {
    expect(nextQuarterHour(new Date('2026-03-03T09:07:12Z')).toISOString()).toBe('2026-03-03T09:15:00.000Z');
  });

  it('moves on a whole quarter when now is exactly on one', () => {
    expect(nextQuarterHour(new Date('2026-03-03T09:15:00Z')).toISOString()).toBe('2026-03-03T09:30:00.000Z');
  });
});

describe('date and time inputs', () => {
  it('round-trips a moment through the inputs on this device', () => {
    const at = new Date(2026, 2, 3, 10, 30);
    const inputs = toDateTimeInputs(at);
    expect(inputs).toEqual({ date: '2026-03-03', time: '10:30' });
    expect(fromDateTimeInputs(inputs.date, inputs.time)?.getTime()).toBe(at.getTime());
  });

  it('accepts a time typed with a full stop, as Danes write it', () => {
    expect(fromDateTimeInputs('2026-03-03', '9.05')?.getTime()).toBe(new Date(2026, 2, 3, 9, 5).getTime());
  });

  it('refuses empty inputs and dates or times that do not exist', () => {
    expect(fromDateTimeInputs('', '10:30')).toBeNull();
    expect(fromDateTimeInputs('2026-03-03', '')).toBeNull();
    expect(fromDateTimeInputs('2026-04-31', '10:30')).toBeNull();
    expect(fromDateTimeInputs('2026-03-03', '24:00')).toBeNull();
    expect(fromDateTimeInputs('3/3/2026', '10:30')).toBeNull();
  });
});
