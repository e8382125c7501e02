import { z } from 'zod';
import { IsoDateTimeSchema } from './common.contract';

/** Why monitoring is paused: admitted to hospital, on holiday, or another reason given in the note. */
export const PauseReasonSchema = z.enum(['admitted', 'holiday', 'other'], { error: 'reason must be one of admitted, holiday, other' });
export type PauseReason = z.infer<typeof PauseReasonSchema>;

/** Longest pause a clinician can set in one go. */
export const MAX_PAUSE_DAYS = 180;

/** `POST /api/patients/:id/pauses`: pause the patient's schedule (no missing-reading alerts) until `endsAt`. */
export const PauseInputSchema = z
  .strictObject({
    /** Defaults to now. */
    startsAt: IsoDateTimeSchema.optional(),
    endsAt: IsoDateTimeSchema,
    reason: PauseReasonSchema,
    note: z.string({ error: 'note must be text' }).trim().max(500, { error: 'note must be at most 500 characters' }).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.startsAt && new Date(input.endsAt) <= new Date(input.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
    }
    if (input.reason === 'other' && !input.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'note is required when reason is other: say why monitoring is paused' });
    }
  });
export type PauseInput = z.infer<typeof PauseInputSchema>;

/** scheduled: starts later; active: in force now; ended: over; cancelled: stopped by a clinician before its end. */
export const PauseStatusSchema = z.enum(['scheduled', 'active', 'ended', 'cancelled']);
export type PauseStatus = z.infer<typeof PauseStatusSchema>;

export const PauseSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  startsAt: IsoDateTimeSchema,
  /** The planned end; a cancelled pause ended at `cancelledAt`. */
  endsAt: IsoDateTimeSchema,
  reason: PauseReasonSchema,
  note: z.string().nullable(),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }),
  createdAt: IsoDateTimeSchema,
  cancelledAt: IsoDateTimeSchema.nullable(),
  status: PauseStatusSchema,
});
export type Pause = z.infer<typeof PauseSchema>;

export const PauseListSchema = z.object({ items: z.array(PauseSchema) });
export type PauseList = z.infer<typeof PauseListSchema>;
