import { describe, expect, it } from 'vitest';
import { danishMonth, isQuestionnaireDue } from './due';

describe('a monthly questionnaire is due once per Danish calendar month', () => {
  it('is due when never answered', () => {
    expect(isQuestionnaireDue('monthly', null, new Date('2026-03-10T09:00:00Z'))).toBe(true);
  });

  it('is not due again later the same month, up to its last Danish minute', () => {
    const answered = new Date('2026-03-02T08:00:00Z');
    expect(isQuestionnaireDue('monthly', answered, new Date('2026-03-02T08:05:00Z'))).toBe(false);
    expect(isQuestionnaireDue('monthly', answered, new Date('2026-03-20T12:00:00Z'))).toBe(false);
    // Summer time from 29 March: 21:59 UTC on 31 March is 23:59 in Copenhagen, 22:00 UTC is midnight on 1 April.
    expect(isQuestionnaireDue('monthly', answered, new Date('2026-03-31T21:59:00Z'))).toBe(false);
    expect(isQuestionnaireDue('monthly', answered, new Date('2026-03-31T22:00:00Z'))).toBe(true);
  });

  it('counts an answer at 23:30 Danish time on the last day of a month in that month, and is due from Danish midnight', () => {
    // 22:30 UTC on 28 February is 23:30 in Copenhagen, still February; 23:10 UTC is 00:10 on 1 March.
    const lateFebruary = new Date('2026-02-28T22:30:00Z');
    expect(isQuestionnaireDue('monthly', lateFebruary, new Date('2026-02-28T22:50:00Z'))).toBe(false);
    expect(isQuestionnaireDue('monthly', lateFebruary, new Date('2026-02-28T23:10:00Z'))).toBe(true);
  });

  it('counts an answer just after Danish midnight on the 1st in the new month, though UTC still says the month before', () => {
    // 23:30 UTC on 30 April is 01:30 on 1 May in Copenhagen (summer time).
    const firstOfMay = new Date('2026-04-30T23:30:00Z');
    expect(isQuestionnaireDue('monthly', firstOfMay, new Date('2026-05-31T21:00:00Z'))).toBe(false);
    expect(isQuestionnaireDue('monthly', firstOfMay, new Date('2026-05-31T22:30:00Z'))).toBe(true);
  });

  it('is due in January after an answer in December', () => {
    // 22:30 UTC on 31 December is 23:30 in Copenhagen (winter time).
    const newYearsEve = new Date('2026-12-31T22:30:00Z');
    expect(isQuestionnaireDue('monthly', newYearsEve, new Date('2026-12-31T22:59:00Z'))).toBe(false);
    expect(isQuestionnaireDue('monthly', newYearsEve, new Date('2026-12-31T23:01:00Z'))).toBe(true);
    expect(danishMonth(new Date('2026-12-31T23:01:00Z')) - danishMonth(newYearsEve)).toBe(1);
  });

  it('is due after a skipped month, and not for an answer dated after now (a device clock ahead)', () => {
    expect(isQuestionnaireDue('monthly', new Date('2026-01-15T10:00:00Z'), new Date('2026-03-01T10:00:00Z'))).toBe(true);
    expect(isQuestionnaireDue('monthly', new Date('2026-04-01T10:00:00Z'), new Date('2026-03-31T10:00:00Z'))).toBe(false);
  });
});
