import { z } from 'zod';
import { OrganisationSchema } from './auth.contract';
import { IsoDateTimeSchema, MAX_BIGINT } from './common.contract';
import { TriageReasonSchema } from './triage.contract';

/** red: act today; yellow: next working-day review; missing: an overdue reading; review: triage could not run. */
export const AlertSeveritySchema = z.enum(['red', 'yellow', 'missing', 'review']);
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

export const AlertStatusSchema = z.enum(['open', 'claimed', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/** A clinician as others see them on an alert: name, job and organisation. */
export const ClinicianRefSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** E.g. Sygeplejerske; null when the account has none. */
  jobTitle: z.string().nullable(),
  organisation: OrganisationSchema.nullable(),
});
export type ClinicianRef = z.infer<typeof ClinicianRefSchema>;

/** The handover waiting for the receiving organisation to accept; the sender stays responsible meanwhile. */
export const PendingHandoverRefSchema = z.object({
  id: z.uuid(),
  from: OrganisationSchema,
  fromUser: ClinicianRefSchema,
  to: OrganisationSchema,
  message: z.string(),
  createdAt: IsoDateTimeSchema,
});
export type PendingHandoverRef = z.infer<typeof PendingHandoverRefSchema>;

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
  /** This version's order among the alert's versions: keep the highest. (To resync, pass the list's `cursor`, not this.) */
  cursor: z.string(),
  /** The patient's name, looked up by the alert API; absent in events from the measurement path. */
  patientName: z.string().optional(),
  /**
   * Who answers for it, looked up by the alert API. Absent (not null) in events from the
   * measurement path, which does not look them up: a client then keeps what it knew or resyncs.
   */
  owner: ClinicianRefSchema.nullable().optional(),
  responsibleOrganisation: OrganisationSchema.nullable().optional(),
  pendingHandover: PendingHandoverRefSchema.nullable().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const AlertListQuerySchema = z.object({
  after: z
    .string()
    // The cursor is a bigint in the database: digits only, and no larger than one.
    .refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= MAX_BIGINT, { error: 'after must be a cursor from an earlier alert list' })
    .optional(),
});

export const AlertListSchema = z.object({ items: z.array(AlertSchema), cursor: z.string() });
export type AlertList = z.infer<typeof AlertListSchema>;


/** What a clinician did about an alert when resolving it. */
export const ALERT_OUTCOMES = ['contacted_patient', 'home_visit', 'medication_changed', 'referred_to_hospital', 'admitted', 'no_action_needed'] as const;
export const AlertOutcomeSchema = z.enum(ALERT_OUTCOMES, { error: `outcome must be one of ${ALERT_OUTCOMES.join(', ')}` });
export type AlertOutcome = z.infer<typeof AlertOutcomeSchema>;

export const AlertIdParamsSchema = z.object({ id: z.uuid({ error: 'id must be an alert id (a UUID)' }) });

export const ResolveAlertSchema = z.strictObject({
  outcome: AlertOutcomeSchema,
  note: z.string({ error: 'note must be text' }).trim().max(2000, { error: 'note may be at most 2000 characters' }).optional(),
});
export type ResolveAlert = z.infer<typeof ResolveAlertSchema>;

/** One step in an alert's life: raised, breach, claimed, released, resolved, escalated, handover_*. */
export const AlertTimelineEventSchema = z.object({
  id: z.string(),
  /** Open-ended: other features add types (e.g. escalated); show unknown ones generically. */
  type: z.string(),
  at: IsoDateTimeSchema,
  /** Who did it; null for the system (e.g. an escalation job). */
  actor: ClinicianRefSchema.extend({ role: z.string() }).nullable(),
  /** Plain values only (outcome, note, message, reason, organisation ids, ...). */
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AlertTimelineEvent = z.infer<typeof AlertTimelineEventSchema>;

/** One organisation on a patient's care team. */
export const CareTeamOrganisationSchema = OrganisationSchema.extend({
  /** What it answers for: red, yellow, missing, home_visit, ... */
  responsibilities: z.array(z.string()),
  escalationOrder: z.number().int(),
  /** Open around the clock, or the weekdays (1 Monday … 7 Sunday) and hours it answers. */
  alwaysOpen: z.boolean(),
  serviceHours: z.object({ days: z.array(z.number().int()), from: z.string(), to: z.string() }).nullable(),
});
export type CareTeamOrganisation = z.infer<typeof CareTeamOrganisationSchema>;

/** `GET /api/alerts/:id`: the alert, its patient, its timeline (oldest first) and the care team. */
export const AlertDetailSchema = z.object({
  alert: AlertSchema,
  patient: z.object({ id: z.uuid(), name: z.string() }),
  events: z.array(AlertTimelineEventSchema),
  careTeam: z.array(CareTeamOrganisationSchema),
});
export type AlertDetail = z.infer<typeof AlertDetailSchema>;

/** What the patient sees about one of their alerts: plain facts, turned into words by the client. */
export const PatientAlertStatusSchema = z.object({
  alertId: z.uuid(),
  /** What it is about, e.g. spo2. */
  rule: z.string(),
  severity: AlertSeveritySchema,
  status: AlertStatusSchema,
  receivedAt: IsoDateTimeSchema,
  /** The first clinician who looked at or took the alert: job and organisation, never the record itself. */
  seenBy: z.object({ jobTitle: z.string().nullable(), organisation: z.string(), at: IsoDateTimeSchema }).nullable(),
  /** Who is handling it now (after a claim or an accepted handover). */
  handledBy: z.object({ name: z.string(), jobTitle: z.string().nullable(), organisation: z.string() }).nullable(),
  /** A red alert someone is handling: the patient will be called today. */
  callToday: z.boolean(),
  resolvedAt: IsoDateTimeSchema.nullable(),
  outcome: z.string().nullable(),
});
export type PatientAlertStatus = z.infer<typeof PatientAlertStatusSchema>;

export const PatientStatusSchema = z.object({ items: z.array(PatientAlertStatusSchema) });

/** `GET /api/patients/:id/status`: open alerts, and those resolved within the last `days` (1: today's, on /today; more for the history). */
export const PatientStatusQuerySchema = z.object({
  days: z.coerce
    .number({ error: 'days must be a number of days' })
    .int({ error: 'days must be a whole number' })
    .min(1, { error: 'days must be at least 1' })
    .max(365, { error: 'days must be at most 365' })
    .default(1),
});
export type PatientStatusQuery = z.infer<typeof PatientStatusQuerySchema>;
export type PatientStatus = z.infer<typeof PatientStatusSchema>;
