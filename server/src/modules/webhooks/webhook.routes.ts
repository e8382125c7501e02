import { Reply, declaredRoutes } from '../../kernel/routes';
import type { WebhookService } from './webhook.service';

export function webhookRoutes(service: WebhookService) {
  return declaredRoutes({
    'webhooks.list': ({ actor }) => service.list(actor),
    'webhooks.create': async ({ actor, body }) => new Reply(201, await service.create(actor, body)),
    'webhooks.disable': ({ actor, params }) => service.disable(actor, params.id),
    'webhooks.deliveries': ({ actor, params }) => service.deliveries(actor, params.id),
    'webhooks.resend': ({ actor, params }) => service.resend(actor, params.id),
  });
}
