import { z } from 'zod';
import { IsoDateTimeSchema } from './common.contract';
import { SessionUserSchema } from './auth.contract';

/** What a patient can share with a relative. */
export const RELATIVE_SCOPES = ['readings', 'alerts', 'consultations', 'messages'] as const;
export const RelativeScopeSchema = z.enum(RELATIVE_SCOPES, { error: `each scope must be one of ${RELATIVE_SCOPES.join(', ')}` });
export type RelativeScope = z.infer<typeof RelativeScopeSchema>;

/** A patient invites a relative: what they will see, and whether they hear about red alerts. */
export const RelativeInvitationInputSchema = z.strictObject({
  scopes: z
    .array(RelativeScopeSchema, { error: `scopes must be a list, e.g. ["readings", "messages"]` })
    .max(RELATIVE_SCOPES.length)
    .refine((s) => new Set(s).size === s.length, { error: 'scopes lists a scope twice: name each once' }),
  notifyRed: z.boolean({ error: 'notifyRed must be true or false' }).default(false),
}).refine((i) => i.scopes.length > 0 || i.notifyRed, { error: 'scopes is empty: choose at least one thing to share, or notifyRed', path: ['scopes'] });
export type RelativeInvitationInput = z.infer<typeof RelativeInvitationInputSchema>;

/** The one-time code, shown once to the patient; only its hash is stored. */
export const RelativeInvitationCodeSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  expiresAt: IsoDateTimeSchema,
  scopes: z.array(RelativeScopeSchema),
  notifyRed: z.boolean(),
});
export type RelativeInvitationCode = z.infer<typeof RelativeInvitationCodeSchema>;

/** An invitation not yet used, withdrawn or expired (never the code). */
export const PendingInvitationSchema = z.object({
  id: z.uuid(),
  createdAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
  scopes: z.array(RelativeScopeSchema),
  notifyRed: z.boolean(),
});
export type PendingInvitation = z.infer<typeof PendingInvitationSchema>;

/** A relative with active access to a patient's data. */
export const RelativeGrantSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  relative: z.object({ id: z.uuid(), displayName: z.string(), email: z.string() }),
  scopes: z.array(RelativeScopeSchema),
  notifyRed: z.boolean(),
  since: IsoDateTimeSchema,
  revokedAt: IsoDateTimeSchema.nullable(),
});
export type RelativeGrant = z.infer<typeof RelativeGrantSchema>;

export const RelativeListSchema = z.object({ relatives: z.array(RelativeGrantSchema), invitations: z.array(PendingInvitationSchema) });
export type RelativeList = z.infer<typeof RelativeListSchema>;

/** Invitation codes are typed by people: spaces, dashes and case are ignored. */
export const InvitationCodeSchema = z
  .string({ error: 'code must be the invitation code you were given' })
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[A-Z0-9]{12}$/, { error: 'code must be the 12 letters and digits of the invitation, e.g. ABCD-EFGH-JKLM' }));

/**
 * Accepting an invitation: a signed-in relative sends only the code; someone new sends an e-mail,
 * a password and their name; an existing relative account sends its e-mail and password.
 */
export const RelativeAcceptSchema = z.strictObject({
  code: InvitationCodeSchema,
  email: z.email({ error: 'email must be an e-mail address, e.g. name@example.dk' }).max(254).optional(),
  password: z.string({ error: 'password must be text' }).max(200, { error: 'password must be at most 200 characters' }).optional(),
  /** Your name as the patient and the care team will see it (new accounts only). */
  name: z.string({ error: 'name must be text' }).trim().min(1, { error: 'name is empty: write your name' }).max(120, { error: 'name must be at most 120 characters' }).optional(),
});
export type RelativeAccept = z.infer<typeof RelativeAcceptSchema>;

/** A patient whose data the signed-in relative may see, and what. */
export const SharedPatientSchema = z.object({
  grantId: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string() }),
  scopes: z.array(RelativeScopeSchema),
  notifyRed: z.boolean(),
  since: IsoDateTimeSchema,
});
export type SharedPatient = z.infer<typeof SharedPatientSchema>;

export const SharedPatientListSchema = z.object({ items: z.array(SharedPatientSchema) });
export type SharedPatientList = z.infer<typeof SharedPatientListSchema>;

export const RelativeAcceptResultSchema = z.object({ user: SessionUserSchema, shared: SharedPatientSchema });
export type RelativeAcceptResult = z.infer<typeof RelativeAcceptResultSchema>;
