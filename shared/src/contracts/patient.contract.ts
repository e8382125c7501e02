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

export const PatientListSchema = z.object({ items: z.array(PatientSummarySchema) });
