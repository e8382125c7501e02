import { z } from 'zod';
import { IsoDateTimeSchema } from './common.contract';
import { TriageReasonSchema } from './triage.contract';

/** red: act today; yellow: next working-day review; missing: an overdue reading; review: triage could not run. */
export const AlertSeveritySchema = z.enum(['red', 'yellow', 'missing', 'review']);
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

export const AlertStatusSchema = z.enum(['open', 'claimed', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

export const AlertSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  /** What the alert is about (one open alert per patient per rule), e.g. `spo2`, `review`. */
  rule: z.string(),
  severity: AlertSeveritySchema,
  status: AlertStatusSchema,
  reasons: z.array(TriageReasonSchema),
  openedAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  lastMeasurementId: z.uuid().nullable(),
  /** How many breaches this alert has gathered. */
  breaches: z.number().int(),
  ownerId: z.uuid().nullable(),
  /** The organisation answering for the alert now. */
  responsibleOrgId: z.uuid().nullable(),
  /** Red alerts: claim before this time or it escalates. */
  claimDueAt: IsoDateTimeSchema.nullable(),
  escalationLevel: z.number().int(),
  claimedAt: IsoDateTimeSchema.nullable(),
  resolvedAt: IsoDateTimeSchema.nullable(),
  outcome: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  /** Position in the change feed; pass as `?after=` to resync. */
  cursor: z.string(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const AlertListQuerySchema = z.object({
  after: z.string().regex(/^\d{1,19}$/, { error: 'after must be a cursor from an earlier alert list' }).optional(),
});

export const AlertListSchema = z.object({ items: z.array(AlertSchema), cursor: z.string() });
export type AlertList = z.infer<typeof AlertListSchema>;

/** Severity order for sorting: most urgent first. */
export const SEVERITY_RANK: Record<AlertSeverity | 'green', number> = { red: 0, review: 1, yellow: 2, missing: 3, green: 4 };
