import { Reply, declaredRoutes } from '../../kernel/routes';
import type { MessageService } from './message.service';

export function messageRoutes(service: MessageService) {
  return declaredRoutes({
    'messages.thread': ({ actor, params, query }) => service.thread(actor, params.patientId, query),
    'messages.send': async ({ actor, params, body }) => {
      const { message, fresh } = await service.send(actor, params.patientId, body);
      return new Reply(fresh ? 201 : 200, message);
    },
    'messages.read': ({ actor, params, body }) => service.markRead(actor, params.patientId, body.upTo),
  });
}
