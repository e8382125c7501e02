import { z } from 'zod';
import { AlertSeveritySchema, AlertStatusSchema, AlertTimelineEventSchema } from './alert.contract';
import { IsoDateTimeSchema } from './common.contract';
import { MeasurementKindSchema, MeasurementQualitySchema, MeasurementSourceSchema } from './measurement.contract';
import { TriageLevelSchema } from './triage.contract';

/** Periods the patient overview shows, in days. */
export const OVERVIEW_PERIODS = [7, 30, 90] as const;

export const PatientOverviewQuerySchema = z.object({
  days: z.coerce
    .number({ error: 'days must be 7, 30 or 90' })
    .refine((d) => (OVERVIEW_PERIODS as readonly number[]).includes(d), { error: 'days must be 7, 30 or 90' })
    .default(30),
});

/** One reading as a chart and the raw table need it: canonical value (blood pressure: systolic, value2 diastolic). */
export const OverviewReadingSchema = z.object({
  id: z.uuid(),
  kind: MeasurementKindSchema,
  value: z.number(),
  value2: z.number().nullable(),
  measuredAt: IsoDateTimeSchema,
  level: TriageLevelSchema,
  quality: MeasurementQualitySchema,
  source: MeasurementSourceSchema,
  /** Who entered it when not the patient's own app (a nurse), by name. */
  enteredByName: z.string().nullable(),
  /** The limit version that judged it. */
  limitId: z.uuid().nullable(),
});
export type OverviewReading = z.infer<typeof OverviewReadingSchema>;

export const OverviewQuestionnaireSchema = z.object({
  id: z.uuid(),
  questionnaireId: z.string(),
  version: z.number().int(),
  answeredAt: IsoDateTimeSchema,
  score: z.number().nullable(),
  level: TriageLevelSchema,
  answers: z.record(z.string(), z.unknown()),
});
export type OverviewQuestionnaire = z.infer<typeof OverviewQuestionnaireSchema>;

export const OverviewAlertSchema = z.object({
  id: z.uuid(),
  rule: z.string(),
  severity: AlertSeveritySchema,
  status: AlertStatusSchema,
  openedAt: IsoDateTimeSchema,
  resolvedAt: IsoDateTimeSchema.nullable(),
  outcome: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  owner: z.string().nullable(),
  responsibleOrganisation: z.string().nullable(),
  /** Every step, oldest first: raised, breach, claimed, handed over, escalated, resolved, by whom. */
  events: z.array(AlertTimelineEventSchema),
});
export type OverviewAlert = z.infer<typeof OverviewAlertSchema>;

/** `GET /api/patients/:id/overview`: the period's readings of every kind, questionnaire answers and alert timeline, oldest first. */
export const PatientOverviewSchema = z.object({
  patientId: z.uuid(),
  from: IsoDateTimeSchema,
  to: IsoDateTimeSchema,
  /** From two weeks before `from`: the charts draw the period, and limits relative to earlier readings need their window. */
  readings: z.array(OverviewReadingSchema),
  questionnaires: z.array(OverviewQuestionnaireSchema),
  alerts: z.array(OverviewAlertSchema),
});
export type PatientOverview = z.infer<typeof PatientOverviewSchema>;
