import { z } from 'zod';
import { OrganisationSchema } from './auth.contract';
import { IsoDateTimeSchema } from './common.contract';

/** What a webhook can be told of. */
export const WEBHOOK_EVENTS = ['alert.raised', 'alert.updated', 'reading.received'] as const;
export const WebhookEventSchema = z.enum(WEBHOOK_EVENTS, { error: `events must be among ${WEBHOOK_EVENTS.join(', ')}` });
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

export const WebhookSchema = z.object({
  id: z.uuid(),
  organisation: OrganisationSchema,
  url: z.string(),
  events: z.array(WebhookEventSchema),
  createdAt: IsoDateTimeSchema,
  disabledAt: IsoDateTimeSchema.nullable(),
  /** Deliveries waiting (first try or a retry) and given up. */
  pending: z.number().int(),
  failed: z.number().int(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const WebhookListSchema = z.object({ items: z.array(WebhookSchema) });

/** POST /api/admin/webhooks. */
export const WebhookRequestSchema = z.strictObject({
  organisationId: z.uuid({ error: 'organisationId must be the id of the organisation whose patients the events are about' }),
  url: z
    .url({ error: 'url must be an https:// address (http:// only for localhost)' })
    .refine((u) => u.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(u), { error: 'url must be an https:// address (http:// only for localhost)' }),
  events: z.array(WebhookEventSchema).min(1, { error: 'events must name at least one event' }),
});
export type WebhookRequest = z.infer<typeof WebhookRequestSchema>;

/** The new webhook with its signing secret: shown this once. */
export const NewWebhookSchema = z.object({ webhook: WebhookSchema, secret: z.string() });
export type NewWebhook = z.infer<typeof NewWebhookSchema>;

export const WebhookParamsSchema = z.object({ id: z.uuid({ error: 'id must be a webhook id (a UUID)' }) });
export const WebhookDeliveryParamsSchema = z.object({ id: z.coerce.number({ error: 'id must be a delivery number' }).int().positive({ error: 'id must be a delivery number' }) });

export const WebhookDeliverySchema = z.object({
  id: z.number().int(),
  eventId: z.uuid(),
  event: WebhookEventSchema,
  createdAt: IsoDateTimeSchema,
  attempts: z.number().int(),
  status: z.enum(['pending', 'delivered', 'failed']),
  deliveredAt: IsoDateTimeSchema.nullable(),
  nextAttemptAt: IsoDateTimeSchema.nullable(),
  lastError: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export const WebhookDeliveryListSchema = z.object({ items: z.array(WebhookDeliverySchema) });
