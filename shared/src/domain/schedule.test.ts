import { describe, expect, it } from 'vitest';
import { ScheduleSchema } from '../contracts/schedule.contract';
import type { ScheduleInput } from '../contracts/schedule.contract';
import { danishDayNumber, dueSlots, isPausedAt, latestOverdue, overdueSlot, phaseWeekdays, scheduledDays, slotDeadline } from './schedule';

const HOUR = 3_600_000;
const schedule = (input: Partial<ScheduleInput> = {}) => ScheduleSchema.parse({ kinds: ['spo2'], phases: [{ timesPerWeek: 7 }], ...input });
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('ScheduleSchema', () => {
  it('accepts the demo seed shape and fills in 09:00 and a 4-hour grace', () => {
    const parsed = ScheduleSchema.parse({ kinds: ['spo2', 'heart_rate'], phases: [{ days: 14, timesPerWeek: 7 }, { timesPerWeek: 2 }], timeOfDay: '09:00', graceHours: 4 });
    expect(parsed.phases).toHaveLength(2);
    expect(ScheduleSchema.parse({ kinds: ['spo2'], phases: [{ weekdays: [1, 4] }] })).toMatchObject({ timeOfDay: '09:00', graceHours: 4 });
  });

  it('names the field and what to do for a bad schedule', () => {
    const messages = (input: unknown) => {
      const result = ScheduleSchema.safeParse(input);
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(messages({ kinds: ['spo2'], phases: [{ timesPerWeek: 2 }, { timesPerWeek: 7 }] }).join()).toMatch(/phases\.0\.days.*only the last phase/);
    expect(messages({ kinds: ['spo2'], phases: [{ days: 3 }] }).join()).toMatch(/either timesPerWeek .* or weekdays/);
    expect(messages({ kinds: ['spo2'], phases: [{ timesPerWeek: 8 }] }).join()).toMatch(/timesPerWeek must be at most 7/);
    expect(messages({ kinds: ['spo2'], phases: [{ weekdays: [1, 1] }] }).join()).toMatch(/weekdays must not repeat/);
    expect(messages({ kinds: [], phases: [{ timesPerWeek: 1 }] }).join()).toMatch(/kinds must name at least one/);
    expect(messages({ kinds: ['spo2'], phases: [{ timesPerWeek: 1 }], timeOfDay: '9:00' }).join()).toMatch(/timeOfDay must be HH:MM/);
    expect(messages({ kinds: ['spo2'], phases: [{ timesPerWeek: 1 }], graceHours: 0 }).join()).toMatch(/graceHours must be at least 1/);
    expect(messages({ kinds: ['spo2'], phases: [{ timesPerWeek: 1 }], extra: true }).join()).toMatch(/extra/);
  });
});

describe('dueSlots', () => {
  it('puts 09:00 Danish time at 08:00 UTC in winter and 07:00 UTC in summer across the March change', () => {
    // Daylight saving time starts Sunday 2026-03-29 at 02:00 local.
    const slots = dueSlots(schedule(), new Date('2026-03-27T00:00:00Z'), new Date('2026-03-27T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
    expect(iso(slots)).toEqual(['2026-03-27T08:00:00.000Z', '2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('keeps 09:00 local across the October change', () => {
    // Daylight saving time ends Sunday 2026-10-25 at 03:00 local.
    const slots = dueSlots(schedule(), new Date('2026-10-24T00:00:00Z'), new Date('2026-10-24T00:00:00Z'), new Date('2026-10-26T23:00:00Z'));
    expect(iso(slots)).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z']);
  });

  it('moves a time inside the skipped spring hour one hour later, and takes the later of a doubled autumn hour', () => {
    const early = schedule({ timeOfDay: '02:30' });
    const spring = dueSlots(early, new Date('2026-03-28T00:00:00Z'), new Date('2026-03-29T00:00:00Z'), new Date('2026-03-30T00:00:00Z'));
    expect(iso(spring)).toEqual(['2026-03-29T01:30:00.000Z']); // 03:30 summer time
    const autumn = dueSlots(early, new Date('2026-10-20T00:00:00Z'), new Date('2026-10-25T00:00:00Z'), new Date('2026-10-26T00:00:00Z'));
    expect(iso(autumn)).toEqual(['2026-10-25T01:30:00.000Z']); // 02:30 winter time
  });

  it('uses the local date for a late-evening slot (23:30 local is the previous UTC day)', () => {
    const late = schedule({ timeOfDay: '23:30', phases: [{ weekdays: [1] }] });
    // Monday 2026-11-23 23:30 local = 22:30 UTC the same day; Sunday 22 Nov must not get one.
    const slots = dueSlots(late, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-22T00:00:00Z'), new Date('2026-11-25T00:00:00Z'));
    expect(iso(slots)).toEqual(['2026-11-23T22:30:00.000Z']);
  });

  it('measures daily for 14 days from the enrolment day, then on Monday and Thursday', () => {
    // Enrolled Monday 2026-11-02 at 08:00 local, so the first slot is that morning at 09:00.
    const enrolledAt = new Date('2026-11-02T07:00:00Z');
    const seed = schedule({ phases: [{ days: 14, timesPerWeek: 7 }, { timesPerWeek: 2 }] });
    const slots = dueSlots(seed, enrolledAt, enrolledAt, new Date('2026-11-30T00:00:00Z'));
    const days = slots.map((s) => s.toISOString().slice(0, 10));
    expect(days.slice(0, 14)).toEqual(Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2026, 10, 2 + i)).toISOString().slice(0, 10)));
    expect(days.slice(14)).toEqual(['2026-11-16', '2026-11-19', '2026-11-23', '2026-11-26']);
  });

  it('never puts a slot before the enrolment, and stops after a last phase with an end', () => {
    const enrolledAt = new Date('2026-11-02T09:00:00Z'); // 10:00 local, after that day's 09:00
    const finite = schedule({ phases: [{ days: 3, timesPerWeek: 7 }] });
    expect(iso(dueSlots(finite, enrolledAt, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-10T00:00:00Z')))).toEqual([
      '2026-11-03T08:00:00.000Z',
      '2026-11-04T08:00:00.000Z',
    ]);
  });

  it('spreads N times a week over the week', () => {
    expect(phaseWeekdays({ timesPerWeek: 2 })).toEqual([1, 4]);
    expect(phaseWeekdays({ timesPerWeek: 3 })).toEqual([1, 3, 5]);
    expect(phaseWeekdays({ timesPerWeek: 7 })).toHaveLength(7);
    expect(phaseWeekdays({ weekdays: [5, 2] })).toEqual([2, 5]);
  });
});

describe('overdueSlot', () => {
  const enrolledAt = new Date('2026-11-01T00:00:00Z');
  const daily = schedule();
  // Monday 2026-11-23: 09:00 local = 08:00 UTC, deadline 13:00 local = 12:00 UTC.
  const slot = new Date('2026-11-23T08:00:00Z');
  const deadline = new Date('2026-11-23T12:00:00Z');
  const readSunday = new Date('2026-11-22T09:10:00Z');

  it('is overdue exactly at the end of the grace period, not a millisecond before', () => {
    expect(overdueSlot(daily, enrolledAt, readSunday, [], deadline)).toEqual({ slot, deadline });
    // A millisecond earlier the latest passed slot is Sunday's, which was met.
    expect(overdueSlot(daily, enrolledAt, readSunday, [], new Date(deadline.getTime() - 1))).toBeNull();
  });

  it('honours a longer grace period', () => {
    const patient = schedule({ graceHours: 6 });
    expect(overdueSlot(patient, enrolledAt, readSunday, [], deadline)).toBeNull();
    expect(overdueSlot(patient, enrolledAt, readSunday, [], new Date('2026-11-23T14:00:00Z'))).toEqual({ slot, deadline: new Date('2026-11-23T14:00:00Z') });
  });

  it('counts a reading from earlier the same local day, but not one from the evening before', () => {
    expect(overdueSlot(daily, enrolledAt, new Date('2026-11-23T05:30:00Z'), [], deadline)).toBeNull();
    // 23:30 UTC on Sunday is 00:30 Monday local: the same local day.
    expect(overdueSlot(daily, enrolledAt, new Date('2026-11-22T23:30:00Z'), [], deadline)).toBeNull();
    expect(overdueSlot(daily, enrolledAt, new Date('2026-11-22T22:30:00Z'), [], deadline)).toEqual({ slot, deadline });
  });

  it('counts a late reading after the deadline', () => {
    expect(overdueSlot(daily, enrolledAt, new Date('2026-11-23T15:00:00Z'), [], new Date('2026-11-23T16:00:00Z'))).toBeNull();
  });

  it('reports only the latest passed slot when readings stopped days ago', () => {
    const now = new Date('2026-11-26T12:30:00Z');
    expect(overdueSlot(daily, enrolledAt, readSunday, [], now)).toEqual({ slot: new Date('2026-11-26T08:00:00Z'), deadline: new Date('2026-11-26T12:00:00Z') });
    expect(overdueSlot(daily, enrolledAt, null, [], now)?.slot).toEqual(new Date('2026-11-26T08:00:00Z'));
  });

  it('uses the summer offset for a deadline on the day the clocks go forward', () => {
    const spring = new Date('2026-03-29T11:00:00Z'); // 13:00 summer time = 09:00 + 4 h
    expect(overdueSlot(daily, new Date('2026-03-01T00:00:00Z'), null, [], spring)).toEqual({ slot: new Date('2026-03-29T07:00:00Z'), deadline: spring });
    expect(overdueSlot(daily, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-28T09:00:00Z'), [], new Date(spring.getTime() - 1))).toBeNull();
  });

  it('raises nothing while paused, nor for a slot inside a pause once it has ended', () => {
    const pause = { startsAt: new Date('2026-11-23T06:00:00Z'), endsAt: new Date('2026-11-24T10:00:00Z') };
    expect(overdueSlot(daily, enrolledAt, readSunday, [pause], deadline)).toBeNull();
    expect(isPausedAt([pause], pause.endsAt)).toBe(false);
    // Pause over at 11:00 on Tuesday; Tuesday's slot (08:00 UTC) fell inside it.
    expect(overdueSlot(daily, enrolledAt, readSunday, [pause], new Date('2026-11-24T12:30:00Z'))).toBeNull();
    // Wednesday's slot is the first one after the pause.
    expect(overdueSlot(daily, enrolledAt, readSunday, [pause], new Date('2026-11-25T12:00:00Z'))?.slot).toEqual(new Date('2026-11-25T08:00:00Z'));
  });

  it('waits for the next scheduled day on a twice-weekly phase', () => {
    const twice = schedule({ phases: [{ timesPerWeek: 2 }] });
    // Tuesday 24 Nov: the latest slot is Monday's; a reading on Monday meets it.
    expect(overdueSlot(twice, enrolledAt, new Date('2026-11-23T08:30:00Z'), [], new Date('2026-11-25T20:00:00Z'))).toBeNull();
    expect(overdueSlot(twice, enrolledAt, new Date('2026-11-20T08:30:00Z'), [], new Date('2026-11-25T20:00:00Z'))?.slot).toEqual(slot);
  });

  it('has nothing overdue before the first slot after enrolment', () => {
    const justEnrolled = new Date('2026-11-23T10:00:00Z'); // after Monday's 09:00 local
    expect(overdueSlot(daily, justEnrolled, null, [], new Date('2026-11-24T11:59:00Z'))).toBeNull();
    expect(overdueSlot(daily, justEnrolled, null, [], new Date('2026-11-24T12:00:00Z'))?.slot).toEqual(new Date('2026-11-24T08:00:00Z'));
  });

  it('computes the deadline from the grace hours', () => {
    expect(slotDeadline({ graceHours: 4 }, slot)).toEqual(new Date(slot.getTime() + 4 * HOUR));
  });
});

describe('latestOverdue', () => {
  const enrolledAt = new Date('2026-11-01T00:00:00Z');
  const now = new Date('2026-11-23T12:00:00Z'); // Monday 13:00 local: the 09:00 slot is just past its grace
  const copd = { enrolledAt, schedule: schedule({ kinds: ['spo2', 'heart_rate'] }) };

  it('is met by a reading of any scheduled kind, not only all of them', () => {
    expect(latestOverdue([copd], [{ kind: 'heart_rate', measuredAt: new Date('2026-11-23T07:00:00Z') }], [], now)).toBeNull();
  });

  it('ignores readings of kinds the schedule does not name', () => {
    const found = latestOverdue([copd], [{ kind: 'body_weight', measuredAt: new Date('2026-11-23T07:00:00Z') }], [], now);
    expect(found).toEqual({ overdue: { slot: new Date('2026-11-23T08:00:00Z'), deadline: now }, lastReadingAt: null });
  });

  it('takes the latest overdue slot over several enrolments', () => {
    const weekly = { enrolledAt, schedule: schedule({ kinds: ['body_weight'], phases: [{ weekdays: [3] }] }) };
    const found = latestOverdue([weekly, copd], [], [], now);
    expect(found?.overdue.slot).toEqual(new Date('2026-11-23T08:00:00Z'));
    expect(latestOverdue([], [], [], now)).toBeNull();
  });
});

describe('scheduledDays', () => {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  it('counts the phase weekdays from the enrolment day, phase by phase, within the range', () => {
    // Enrolled Monday 2026-11-02: daily for 7 days, then Monday and Thursday.
    const schedule = { phases: [{ days: 7, timesPerWeek: 7 }, { weekdays: [1, 4] }] };
    const days = scheduledDays(schedule, day('2026-11-02'), day('2026-10-01'), day('2026-11-19'));
    expect(days.map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10))).toEqual([
      '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09', '2026-11-12', '2026-11-16', '2026-11-19',
    ]);
  });
  it('stops when the last phase ends', () => {
    expect(scheduledDays({ phases: [{ days: 3, timesPerWeek: 7 }] }, day('2026-11-02'), day('2026-11-01'), day('2026-11-30'))).toHaveLength(3);
  });
  it('reads the Danish date of an instant', () => {
    expect(danishDayNumber(new Date('2026-11-30T23:30:00Z'))).toBe(day('2026-12-01'));
  });
});
