import { z } from 'zod';
import { OrganisationSchema } from './auth.contract';
import { IsoDateTimeSchema } from './common.contract';

/** Follow-up, the discharge talk (udskrivelsessamtale), or specialist advice for a municipal nurse. */
export const CONSULTATION_TYPES = ['follow_up', 'discharge', 'specialist_advice'] as const;
export type ConsultationType = (typeof CONSULTATION_TYPES)[number];

/** Most people in one call: a mesh of 2–4 (every browser sends its video to every other). */
export const MAX_PARTICIPANTS = 4;

const uuid = (field: string) => z.uuid({ error: `${field} must be an id (a UUID)` });
const startsAt = IsoDateTimeSchema;
const duration = z
  .number({ error: 'durationMinutes must be a number of minutes' })
  .int({ error: 'durationMinutes must be a whole number of minutes' })
  .min(5, { error: 'durationMinutes must be at least 5' })
  .max(180, { error: 'durationMinutes must be at most 180' });

/** `POST /api/consultations`: the organiser is a participant without being listed. */
export const ConsultationInputSchema = z.strictObject({
  patientId: uuid('patientId'),
  startsAt,
  durationMinutes: duration,
  type: z.enum(CONSULTATION_TYPES, { error: `type must be one of ${CONSULTATION_TYPES.join(', ')}` }),
  purpose: z.string({ error: 'purpose must be text' }).trim().min(1, { error: 'purpose is empty: write what the call is about' }).max(500, { error: 'purpose may be at most 500 characters' }),
  participantUserIds: z
    .array(uuid('participantUserIds[]'))
    .max(MAX_PARTICIPANTS - 1, { error: `participantUserIds may hold at most ${MAX_PARTICIPANTS - 1} people (a call has at most ${MAX_PARTICIPANTS})` }),
});
export type ConsultationInput = z.infer<typeof ConsultationInputSchema>;

/** `POST /api/consultations/:id/move`. */
export const ConsultationMoveSchema = z.strictObject({ startsAt, durationMinutes: duration.optional() });
export type ConsultationMove = z.infer<typeof ConsultationMoveSchema>;

/** `POST /api/consultations/:id/summary`: what was agreed, in plain language for the patient. */
export const ConsultationSummaryInputSchema = z.strictObject({
  summary: z.string({ error: 'summary must be text' }).trim().min(1, { error: 'summary is empty: write what was agreed' }).max(2000, { error: 'summary may be at most 2000 characters' }),
});

export const ConsultationListQuerySchema = z.object({ from: IsoDateTimeSchema.optional(), to: IsoDateTimeSchema.optional() });
export const ConsultationParamsSchema = z.object({ id: uuid('id') });

export const ConsultationParticipantSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  role: z.enum(['patient', 'relative', 'clinician']),
  organisation: OrganisationSchema.nullable(),
});
export type ConsultationParticipant = z.infer<typeof ConsultationParticipantSchema>;

export const ConsultationSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  patientName: z.string(),
  startsAt: IsoDateTimeSchema,
  durationMinutes: z.number().int(),
  type: z.enum(CONSULTATION_TYPES),
  purpose: z.string(),
  status: z.enum(['scheduled', 'cancelled', 'completed']),
  organiserId: z.uuid(),
  /** The organiser's organisation, e.g. "Lungeambulatoriet", for "Videosamtale med …". */
  organisation: OrganisationSchema.nullable(),
  participants: z.array(ConsultationParticipantSchema),
  /** What was agreed, written by the clinician afterwards; null until then. */
  summary: z.string().nullable(),
  /** An ad-hoc call to an organisation (specialist advice): which, and who took it (null while it rings). */
  call: z.object({ organisation: OrganisationSchema, takenBy: z.uuid().nullable() }).nullable(),
});
export type Consultation = z.infer<typeof ConsultationSchema>;

export const ConsultationCreatedSchema = z.object({ consultation: ConsultationSchema });
export const ConsultationListSchema = z.object({ consultations: z.array(ConsultationSchema) });

/** `GET /api/patients/:id/consultation-invitees`: who can be invited (the patient, relatives sharing consultations, clinicians on the care team). */
export const ConsultationInviteesSchema = z.object({ invitees: z.array(ConsultationParticipantSchema) });

/** `POST /api/patients/:id/calls`: call an organisation on the care team now (e.g. the acute nurse calling the hospital). */
export const AdHocCallInputSchema = z.strictObject({ organisationId: uuid('organisationId') });
