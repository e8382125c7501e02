import { z } from 'zod';
import { LoginResponseSchema, OrganisationSchema, OrganisationTypeSchema } from './auth.contract';
import { IsoDateTimeSchema } from './common.contract';
import { ProgrammeSchema } from './patient.contract';
import { DEFAULT_GRACE_HOURS, ScheduleSchema } from './schedule.contract';
import type { Schedule } from './schedule.contract';
import type { Programme } from './patient.contract';
import type { MeasurementKind } from '../domain/kinds';

/**
 * What an organisation on a care team answers for: triage colours (red, yellow, missing) and tasks
 * (limits, consultation, medication, home_visit, acute).
 */
export const CARE_TEAM_RESPONSIBILITIES = ['red', 'yellow', 'missing', 'limits', 'consultation', 'medication', 'home_visit', 'acute'] as const;
export const CareTeamResponsibilitySchema = z.enum(CARE_TEAM_RESPONSIBILITIES, {
  error: `responsibility must be one of ${CARE_TEAM_RESPONSIBILITIES.join(', ')}`,
});
export type CareTeamResponsibility = z.infer<typeof CareTeamResponsibilitySchema>;

/** Alert colours someone on every care team must answer for. */
export const REQUIRED_RESPONSIBILITIES = ['red', 'yellow', 'missing'] as const;

/** What each kind of organisation usually answers for on a care team: the enrolment form's defaults and the demo's teams. */
export const USUAL_RESPONSIBILITIES: Readonly<Record<z.infer<typeof OrganisationTypeSchema>, readonly CareTeamResponsibility[]>> = {
  hospital: ['red', 'yellow', 'limits', 'consultation'],
  gp: ['yellow', 'medication'],
  municipality: ['missing', 'home_visit', 'acute'],
};

/** Minutes an unclaimed red alert waits before it escalates, unless the care team says otherwise. */
export const DEFAULT_CLAIM_WITHIN_MINUTES = 30;

/** Days an activation code stays valid. */
export const ACTIVATION_CODE_TTL_DAYS = 14;

/** Shortest password a patient may choose. */
export const MIN_PASSWORD_LENGTH = 10;

/** Service hours of an organisation (Danish local time; days 1 = Monday .. 7 = Sunday); null = always open. */
export const ServiceHoursSchema = z.object({ days: z.array(z.number().int()), from: z.string(), to: z.string() });

/** An organisation as the care-team picker shows it. */
export const OrganisationOptionSchema = OrganisationSchema.extend({
  alwaysOpen: z.boolean(),
  serviceHours: ServiceHoursSchema.nullable(),
});
export type OrganisationOption = z.infer<typeof OrganisationOptionSchema>;

export const OrganisationListQuerySchema = z.object({ type: OrganisationTypeSchema.optional() });
export const OrganisationListSchema = z.object({ items: z.array(OrganisationOptionSchema) });
export type OrganisationList = z.infer<typeof OrganisationListSchema>;

const PROGRAMME_KINDS: Record<Programme, MeasurementKind[]> = {
  copd: ['spo2', 'heart_rate', 'body_temperature'],
  heart_failure: ['body_weight', 'blood_pressure', 'heart_rate', 'spo2'],
};

/** The usual schedule for a set of programmes: daily for 14 days, then twice a week, at 09:00, 4 hours' grace (domain.md §1, §3). */
export function defaultSchedule(programmes: Programme[]): Schedule {
  const kinds = [...new Set(programmes.flatMap((p) => PROGRAMME_KINDS[p]))];
  return { kinds, phases: [{ days: 14, timesPerWeek: 7 }, { timesPerWeek: 2 }], timeOfDay: '09:00', graceHours: DEFAULT_GRACE_HOURS };
}

// A CPR number (ddmmyy-xxxx) must never end up in a name field, and so in logs.
const CPR_LIKE = /\d{6}\s*-?\s*\d{4}/;

const birthDate = z.iso.date({ error: 'birthDate must be a date YYYY-MM-DD, e.g. 1948-03-12' }).refine((d) => d >= '1900-01-01', {
  error: 'birthDate must be after 1900-01-01: check the year',
});

/** One organisation on the new patient's care team; the list order is the escalation order unless given. */
export const CareTeamMemberInputSchema = z.strictObject({
  organisationId: z.uuid({ error: 'organisationId must be the id of an organisation from GET /api/organisations' }),
  responsibilities: z
    .array(CareTeamResponsibilitySchema)
    .min(1, { error: 'responsibilities: choose at least one thing this organisation answers for' })
    .refine((list) => new Set(list).size === list.length, { error: 'responsibilities: list each one once' }),
  /** Position in the escalation chain, lowest first; defaults to the position in the list. */
  escalationOrder: z.number({ error: 'escalationOrder must be a number' }).int({ error: 'escalationOrder must be a whole number' }).min(0).max(20).optional(),
  claimWithinMinutes: z
    .number({ error: 'claimWithinMinutes must be a number' })
    .int({ error: 'claimWithinMinutes must be a whole number of minutes' })
    .min(5, { error: 'claimWithinMinutes must be at least 5' })
    .max(1440, { error: 'claimWithinMinutes must be at most 1440 (24 hours)' })
    .default(DEFAULT_CLAIM_WITHIN_MINUTES),
});
export type CareTeamMemberInput = z.infer<typeof CareTeamMemberInputSchema>;

/** POST /api/enrolments: a hospital clinician enrols a new patient. */
export const EnrolmentRequestSchema = z
  .strictObject({
    patient: z.strictObject({
      name: z
        .string({ error: 'name is required' })
        .trim()
        .min(2, { error: 'name: write the patient\u2019s full name' })
        .max(200, { error: 'name must be at most 200 characters' })
        .refine((name) => !CPR_LIKE.test(name), { error: 'name: write the name only, without a CPR number (Naer does not store CPR numbers)' }),
      birthDate,
    }),
    programmes: z
      .array(ProgrammeSchema, { error: 'programmes must be a list: copd, heart_failure or both' })
      .min(1, { error: 'programmes: choose at least one programme (copd or heart_failure)' })
      .refine((list) => new Set(list).size === list.length, { error: 'programmes: list each programme once' }),
    careTeam: z
      .array(CareTeamMemberInputSchema, { error: 'careTeam must be a list of organisations' })
      .min(1, { error: 'careTeam: add at least the hospital department' })
      .max(10, { error: 'careTeam: at most 10 organisations' }),
    /** Omitted: the programmes' usual schedule (`defaultSchedule`). */
    schedule: ScheduleSchema.optional(),
  })
  .superRefine((input, ctx) => {
    const ids = input.careTeam.map((m) => m.organisationId);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['careTeam', i, 'organisationId'], message: 'this organisation is already on the care team: add it once' });
    });
    const orders = input.careTeam.map((m, i) => m.escalationOrder ?? i);
    orders.forEach((order, i) => {
      if (orders.indexOf(order) !== i) ctx.addIssue({ code: 'custom', path: ['careTeam', i, 'escalationOrder'], message: 'two organisations have the same escalationOrder: give each its own place' });
    });
    for (const needed of REQUIRED_RESPONSIBILITIES) {
      if (!input.careTeam.some((m) => m.responsibilities.includes(needed))) {
        ctx.addIssue({ code: 'custom', path: ['careTeam'], message: `careTeam: nobody answers for ${needed} alerts; give that responsibility to one organisation` });
      }
    }
  });
export type EnrolmentRequest = z.input<typeof EnrolmentRequestSchema>;
export type EnrolmentInput = z.output<typeof EnrolmentRequestSchema>;

export const CareTeamMemberSchema = z.object({
  organisation: OrganisationOptionSchema,
  responsibilities: z.array(z.string()),
  escalationOrder: z.number().int(),
  claimWithinMinutes: z.number().int(),
});
export type CareTeamMember = z.infer<typeof CareTeamMemberSchema>;

/** The one-time code the patient activates their account with; shown once, only its hash is stored. */
export const ActivationCodeSchema = z.object({
  code: z.string(),
  expiresAt: IsoDateTimeSchema,
});
export type ActivationCode = z.infer<typeof ActivationCodeSchema>;

/** POST /api/patients/:id/activation-code: a new code for a patient who has not activated yet; earlier codes stop working. */
export const ReissuedActivationSchema = ActivationCodeSchema.extend({ patient: z.object({ id: z.uuid(), name: z.string() }) });
export type ReissuedActivation = z.infer<typeof ReissuedActivationSchema>;

export const EnrolmentResponseSchema = z.object({
  patient: z.object({ id: z.uuid(), name: z.string(), birthDate: z.string().nullable(), programmes: z.array(ProgrammeSchema) }),
  careTeam: z.array(CareTeamMemberSchema),
  schedule: ScheduleSchema,
  activation: ActivationCodeSchema,
});
export type EnrolmentResponse = z.infer<typeof EnrolmentResponseSchema>;

/** Upper-cases and strips spaces and dashes, so "abcd-efgh jkmn" and "ABCDEFGHJKMN" are the same code. */
export const normaliseActivationCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

/** POST /api/auth/activate: the patient sets their e-mail and password with the code from their letter. */
export const ActivationRequestSchema = z.strictObject({
  code: z
    .string({ error: 'code is required: type the code from your letter' })
    .max(40, { error: 'code is too long: type the code from your letter' })
    .refine((code) => normaliseActivationCode(code).length > 0, { error: 'code is required: type the code from your letter' }),
  email: z.email({ error: 'email must be an e-mail address, e.g. name@example.dk' }).max(254),
  password: z
    .string({ error: 'password is required' })
    .min(MIN_PASSWORD_LENGTH, { error: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(200, { error: 'password must be at most 200 characters' }),
});
export type ActivationRequest = z.infer<typeof ActivationRequestSchema>;

export const ActivationResponseSchema = LoginResponseSchema;
export type ActivationResponse = z.infer<typeof ActivationResponseSchema>;

/**
 * Why a code was refused, as the `message` of the error detail at path `code`, so the app can say
 * what to do in the reader's language.
 */
export const ActivationProblem = {
  unknown: 'code not recognised',
  used: 'code already used',
  expired: 'code expired',
  emailTaken: 'e-mail already in use',
} as const;
export type ActivationProblem = (typeof ActivationProblem)[keyof typeof ActivationProblem];
