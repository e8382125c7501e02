import {
  NewWebhookSchema, WebhookDeliveryListSchema, WebhookDeliveryParamsSchema, WebhookDeliverySchema, WebhookListSchema, WebhookParamsSchema, WebhookRequestSchema, WebhookSchema,
} from '../contracts';
import { endpoint } from './endpoint';

const access = { resource: 'webhook', roles: ['admin'], target: 'none', refusal: 'Only administrators manage webhooks.' } as const;

export const webhooksApi = {
  'webhooks.list': endpoint({ method: 'GET', path: '/admin/webhooks', summary: 'Webhooks with their pending and failed deliveries', response: WebhookListSchema, access }),
  'webhooks.create': endpoint({
    method: 'POST', path: '/admin/webhooks', summary: 'Register a URL to be told of events for one organisation\u2019s patients; answers the signing secret once',
    body: WebhookRequestSchema, response: NewWebhookSchema, status: 201, access,
  }),
  'webhooks.disable': endpoint({ method: 'POST', path: '/admin/webhooks/:id/disable', summary: 'Stop sending to a webhook (waiting deliveries are kept)', params: WebhookParamsSchema, response: WebhookSchema, access }),
  'webhooks.deliveries': endpoint({ method: 'GET', path: '/admin/webhooks/:id/deliveries', summary: 'The newest deliveries of a webhook, failed ones first', params: WebhookParamsSchema, response: WebhookDeliveryListSchema, access }),
  'webhooks.resend': endpoint({
    method: 'POST', path: '/admin/webhook-deliveries/:id/resend', summary: 'Send a delivery again (a failed one, or any: the receiver drops repeats by event id)',
    params: WebhookDeliveryParamsSchema, response: WebhookDeliverySchema, access,
  }),
};
