import { z } from 'zod';
import { IsoDateTimeSchema } from './common.contract';
import { AlertSeveritySchema } from './alert.contract';
import { MeasurementKindSchema, MeasurementValueSchema } from './measurement.contract';
import { TriageLevelSchema } from './triage.contract';

export const ProgrammeSchema = z.enum(['copd', 'heart_failure']);
export type Programme = z.infer<typeof ProgrammeSchema>;

export const LatestValueSchema = z.object({
  kind: MeasurementKindSchema,
  value: MeasurementValueSchema,
  unit: z.string(),
  measuredAt: IsoDateTimeSchema,
  level: TriageLevelSchema,
});
export type LatestValue = z.infer<typeof LatestValueSchema>;

/** One row of the clinician's board. */
export const PatientSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  programmes: z.array(ProgrammeSchema),
  /** Most urgent open alert, or green when none is open. */
  status: z.union([AlertSeveritySchema, z.literal('green')]),
  openAlerts: z.number().int(),
  /** Monitoring is paused until then (no missing-reading alerts); null when not paused now. */
  pausedUntil: IsoDateTimeSchema.nullable(),
  /** Messages from the patient or a relative not yet read by anyone of the reader's organisation (see message.repository). */
  unreadMessages: z.number().int(),
  latest: z.array(LatestValueSchema),
});
export type PatientSummary = z.infer<typeof PatientSummarySchema>;

/** Board page size when the client names none: the urgent patients at once, the rest on demand. */
export const BOARD_DEFAULT_LIMIT = 100;

/** `GET /api/patients`: one page of the board, most urgent first (status, then name). */
export const PatientListQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(500, { error: 'limit must be at most 500' })
    .default(BOARD_DEFAULT_LIMIT),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(400).optional(),
  /** Search: part of the patient's name (any case), or the start of the patient's id. */
  q: z.string().trim().max(100, { error: 'q must be at most 100 characters' }).optional(),
});
export type PatientListQuery = z.infer<typeof PatientListQuerySchema>;

/** How many patients the list (after `q`) holds per status, whatever page is shown. */
export const BoardCountsSchema = z.object({
  red: z.number().int(),
  review: z.number().int(),
  yellow: z.number().int(),
  missing: z.number().int(),
  green: z.number().int(),
  total: z.number().int(),
});
export type BoardCounts = z.infer<typeof BoardCountsSchema>;

export const PatientListSchema = z.object({
  items: z.array(PatientSummarySchema),
  /** Pass as `?cursor=` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  counts: BoardCountsSchema,
});
export type PatientList = z.infer<typeof PatientListSchema>;
