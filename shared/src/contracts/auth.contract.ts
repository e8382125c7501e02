import { z } from 'zod';

export const UserRoleSchema = z.enum(['patient', 'relative', 'clinician', 'admin']);
export type UserRole = z.infer<typeof UserRoleSchema>;

export const OrganisationTypeSchema = z.enum(['hospital', 'gp', 'municipality']);
export type OrganisationType = z.infer<typeof OrganisationTypeSchema>;

export const OrganisationSchema = z.object({ id: z.uuid(), name: z.string(), type: OrganisationTypeSchema });
export type Organisation = z.infer<typeof OrganisationSchema>;

export const LoginRequestSchema = z.object({
  email: z.email({ error: 'email must be an e-mail address, e.g. name@example.dk' }).max(254),
  password: z.string({ error: 'password is required' }).min(1, { error: 'password is required' }).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** The signed-in user as the client sees them. */
export const SessionUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: UserRoleSchema,
  organisation: OrganisationSchema.nullable(),
  /** Set for a patient: the patient record they are. */
  patientId: z.uuid().nullable(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const LoginResponseSchema = z.object({ user: SessionUserSchema });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const PASSWORD_MIN_LENGTH = 10;

/** `POST /api/auth/password`: the current password proves it is the user, not just their open session. */
export const ChangePasswordRequestSchema = z
  .object({
    currentPassword: z.string({ error: 'currentPassword is required' }).min(1, { error: 'currentPassword is required' }).max(200),
    newPassword: z
      .string({ error: 'newPassword is required' })
      .min(PASSWORD_MIN_LENGTH, { error: `newPassword must be at least ${PASSWORD_MIN_LENGTH} characters: a short sentence is easy to remember` })
      .max(200, { error: 'newPassword must be at most 200 characters' }),
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ['newPassword'],
    error: 'newPassword must differ from the current password',
  });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;
