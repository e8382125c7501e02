import { z } from 'zod';
import { OrganisationSchema } from './auth.contract';
import { IsoDateTimeSchema } from './common.contract';

/**
 * An external system (an EHR, a municipal care system, a device hub) acting for one organisation:
 * it sees what that organisation's clinicians may see, and its reads are audited in its own name.
 */
export const SystemClientSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  organisation: OrganisationSchema,
  createdAt: IsoDateTimeSchema,
  /** Null while the credential works. */
  revokedAt: IsoDateTimeSchema.nullable(),
});
export type SystemClient = z.infer<typeof SystemClientSchema>;

export const SystemClientListSchema = z.object({ items: z.array(SystemClientSchema) });
export type SystemClientList = z.infer<typeof SystemClientListSchema>;

/** POST /api/admin/system-clients. */
export const SystemClientRequestSchema = z.strictObject({
  name: z
    .string({ error: 'name is required: what the system is called, e.g. "EPJ Nord"' })
    .trim()
    .min(2, { error: 'name is required: what the system is called, e.g. "EPJ Nord"' })
    .max(120, { error: 'name may be at most 120 characters' }),
  organisationId: z.uuid({ error: 'organisationId must be the id of the organisation the system acts for' }),
});
export type SystemClientRequest = z.infer<typeof SystemClientRequestSchema>;

/** The new client with its credential: shown this once, stored only as a hash. */
export const NewSystemClientSchema = z.object({ client: SystemClientSchema, token: z.string() });
export type NewSystemClient = z.infer<typeof NewSystemClientSchema>;

export const SystemClientParamsSchema = z.object({ id: z.uuid({ error: 'id must be a system client id (a UUID)' }) });
