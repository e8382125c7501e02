import { z } from 'zod';
import { AlertSeveritySchema, AlertStatusSchema, CareTeamOrganisationSchema, ClinicianRefSchema } from './alert.contract';
import { OrganisationSchema } from './auth.contract';
import { IsoDateTimeSchema } from './common.contract';
import { TriageReasonSchema } from './triage.contract';

/** pending until the receiver decides; the sender stays responsible until it is accepted. */
export const HandoverStatusSchema = z.enum(['pending', 'accepted', 'declined', 'cancelled'], {
  error: 'status must be one of pending, accepted, declined, cancelled',
});
export type HandoverStatus = z.infer<typeof HandoverStatusSchema>;

const message = (field: string, what: string) =>
  z
    .string({ error: `${field} is required: ${what}` })
    .trim()
    .min(1, { error: `${field} is required: ${what}` })
    .max(2000, { error: `${field} may be at most 2000 characters` });

/** `POST /api/alerts/:id/handover` and `POST /api/patients/:id/handover`. */
export const HandoverRequestSchema = z.strictObject({
  toOrganisationId: z.uuid({ error: 'toOrganisationId must be the id of an organisation on the patient\u2019s care team' }),
  message: message('message', 'tell the receiver what they take over and what has been done'),
});
export type HandoverRequest = z.infer<typeof HandoverRequestSchema>;

/** `POST /api/handovers/:id/decline`. */
export const DeclineHandoverSchema = z.strictObject({
  reason: message('reason', 'tell the sender why, so they can find someone else'),
});
export type DeclineHandover = z.infer<typeof DeclineHandoverSchema>;

export const HandoverIdParamsSchema = z.object({ id: z.uuid({ error: 'id must be a handover id (a UUID)' }) });
export const CareTeamParamsSchema = z.object({ patientId: z.uuid({ error: 'patientId must be a patient id (a UUID)' }) });

export const HandoverListQuerySchema = z.object({ status: HandoverStatusSchema.default('pending') });

/** A request to hand an alert, or the patient's whole follow-up (alert null), to another organisation. */
export const HandoverSchema = z.object({
  id: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string() }),
  /** Null when the patient's follow-up is handed over, not one alert. */
  alert: z
    .object({ id: z.uuid(), rule: z.string(), severity: AlertSeveritySchema, status: AlertStatusSchema, reasons: z.array(TriageReasonSchema) })
    .nullable(),
  from: OrganisationSchema,
  fromUser: ClinicianRefSchema,
  to: OrganisationSchema,
  message: z.string(),
  status: HandoverStatusSchema,
  createdAt: IsoDateTimeSchema,
  decidedAt: IsoDateTimeSchema.nullable(),
  decidedBy: ClinicianRefSchema.nullable(),
  declineReason: z.string().nullable(),
});
export type Handover = z.infer<typeof HandoverSchema>;

export const HandoverListSchema = z.object({ items: z.array(HandoverSchema) });
export type HandoverList = z.infer<typeof HandoverListSchema>;

/** `GET /api/patients/:id/care-team`: the organisations and who owns the patient's follow-up. */
export const CareTeamSchema = z.object({
  patientId: z.uuid(),
  organisations: z.array(CareTeamOrganisationSchema),
  /** The organisation (and clinician, once someone accepted it) answering for the follow-up. */
  followUpOwner: z.object({ organisation: OrganisationSchema, userId: z.uuid().nullable(), since: IsoDateTimeSchema.nullable() }).nullable(),
});
export type CareTeam = z.infer<typeof CareTeamSchema>;
