import { z } from 'zod';
import { OrganisationSchema, UserRoleSchema } from './auth.contract';
import { IsoDateTimeSchema } from './common.contract';

export const AccessLogQuerySchema = z.object({
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200, { error: 'cursor must be a cursor from an earlier page' }).optional(),
  /** Include the patient's own use of the app (hidden by default, so others' access stands out). */
  includeOwn: z
    .enum(['true', 'false'], { error: 'includeOwn must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});
export type AccessLogQuery = z.infer<typeof AccessLogQuerySchema>;

/**
 * Accesses by one person to one kind of data on one day (Danish time), grouped so that a
 * clinician's board refreshes do not bury everything else.
 */
export const AccessLogEntrySchema = z.object({
  /** The calendar day in Danish time, YYYY-MM-DD. */
  day: z.string(),
  who: z.object({
    userId: z.uuid().nullable(),
    /** Null for the system itself (e.g. an automatic escalation). */
    name: z.string().nullable(),
    role: UserRoleSchema.nullable(),
    jobTitle: z.string().nullable(),
    organisation: OrganisationSchema.nullable(),
    /** The patient themselves. */
    isPatient: z.boolean(),
  }),
  /** What was touched, e.g. measurement, alert, message, patient, socket. */
  resource: z.string(),
  /** read, write, create, subscribe, ... */
  action: z.string(),
  /** refused: they tried but had no access. */
  outcome: z.enum(['allowed', 'refused', 'failed']),
  count: z.number().int(),
  firstAt: IsoDateTimeSchema,
  lastAt: IsoDateTimeSchema,
});
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

/** Newest day first; each page holds up to a week of days with entries. */
export const AccessLogPageSchema = z.object({ items: z.array(AccessLogEntrySchema), nextCursor: z.string().nullable() });
export type AccessLogPage = z.infer<typeof AccessLogPageSchema>;
