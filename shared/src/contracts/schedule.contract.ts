import { z } from 'zod';
import { IsoDateTimeSchema } from './common.contract';
import { MeasurementKindSchema } from './measurement.contract';
import { PauseSchema } from './pause.contract';
import { ProgrammeSchema } from './patient.contract';

const weekday = z.number({ error: 'weekdays must be numbers 1 (Monday) to 7 (Sunday)' }).int().min(1, { error: 'weekdays must be 1 (Monday) to 7 (Sunday)' }).max(7, { error: 'weekdays must be 1 (Monday) to 7 (Sunday)' });

/**
 * One stretch of a schedule: measure on given weekdays (or N times a week, spread over the week)
 * for `days` days from the end of the previous phase; a phase without `days` lasts until the enrolment ends.
 */
export const SchedulePhaseSchema = z
  .strictObject({
    days: z.number({ error: 'days must be a whole number of days' }).int({ error: 'days must be a whole number of days' }).min(1, { error: 'days must be at least 1' }).max(3650, { error: 'days must be at most 3650 (ten years)' }).optional(),
    timesPerWeek: z.number({ error: 'timesPerWeek must be a number from 1 to 7' }).int({ error: 'timesPerWeek must be a whole number from 1 to 7' }).min(1, { error: 'timesPerWeek must be at least 1' }).max(7, { error: 'timesPerWeek must be at most 7 (daily)' }).optional(),
    /** 1 = Monday .. 7 = Sunday, Danish local time. */
    weekdays: z.array(weekday).min(1, { error: 'weekdays must name at least one day' }).max(7).optional(),
  })
  .superRefine((phase, ctx) => {
    if ((phase.timesPerWeek === undefined) === (phase.weekdays === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either timesPerWeek (e.g. 2) or weekdays (e.g. [1, 4]), not both and not neither' });
    }
    if (phase.weekdays && new Set(phase.weekdays).size !== phase.weekdays.length) {
      ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'weekdays must not repeat a day' });
    }
  });
export type SchedulePhase = z.infer<typeof SchedulePhaseSchema>;

/** Default hours after the scheduled time before a reading counts as missing (domain.md §3). */
export const DEFAULT_GRACE_HOURS = 4;

/**
 * A patient's measurement schedule within one enrolment, e.g. daily for 14 days, then twice a week,
 * at 09:00 Danish local time (Europe/Copenhagen), missing after 4 hours.
 */
export const ScheduleSchema = z
  .strictObject({
    kinds: z
      .array(MeasurementKindSchema)
      .min(1, { error: 'kinds must name at least one measurement kind' })
      .refine((kinds) => new Set(kinds).size === kinds.length, { error: 'kinds must not repeat a kind' }),
    phases: z.array(SchedulePhaseSchema).min(1, { error: 'phases must hold at least one phase' }).max(20, { error: 'phases may hold at most 20 phases' }),
    /** HH:MM in Danish local time. */
    timeOfDay: z
      .string({ error: 'timeOfDay must be HH:MM in Danish local time, e.g. 09:00' })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'timeOfDay must be HH:MM in Danish local time, e.g. 09:00' })
      .default('09:00'),
    graceHours: z
      .number({ error: 'graceHours must be a number of hours, e.g. 4' })
      .min(1, { error: 'graceHours must be at least 1 hour' })
      .max(72, { error: 'graceHours must be at most 72 hours' })
      .default(DEFAULT_GRACE_HOURS),
  })
  .superRefine((schedule, ctx) => {
    schedule.phases.forEach((phase, i) => {
      if (i < schedule.phases.length - 1 && phase.days === undefined) {
        ctx.addIssue({ code: 'custom', path: ['phases', i, 'days'], message: `phases.${i}.days: is required; only the last phase may run without an end` });
      }
    });
  });
/** A schedule as stored and used (defaults applied). */
export type Schedule = z.infer<typeof ScheduleSchema>;
/** A schedule as a client may send it (timeOfDay and graceHours optional). */
export type ScheduleInput = z.input<typeof ScheduleSchema>;

/** `GET /api/patients/:id/schedule`: what the patient is expected to measure, and whether a reading is overdue. */
export const ScheduleViewSchema = z.object({
  patientId: z.uuid(),
  enrolments: z.array(
    z.object({
      id: z.uuid(),
      programme: ProgrammeSchema,
      enrolledAt: IsoDateTimeSchema,
      /** Null when the enrolment has no (valid) schedule: no missing-reading alerts for it. */
      schedule: ScheduleSchema.nullable(),
    }),
  ),
  /** The pause in force now, if any. */
  pause: PauseSchema.nullable(),
  /** Scheduled times in the next 7 days that are not paused. */
  nextSlots: z.array(IsoDateTimeSchema),
  /** The latest scheduled time whose grace has passed without a reading, if any. */
  overdue: z.object({ slot: IsoDateTimeSchema, deadline: IsoDateTimeSchema }).nullable(),
  /** Latest reading of a scheduled kind. */
  lastReadingAt: IsoDateTimeSchema.nullable(),
});
export type ScheduleView = z.infer<typeof ScheduleViewSchema>;
