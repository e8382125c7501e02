import { Router } from 'express';
import { MessageInputSchema, MessageListQuerySchema, MessageReadInputSchema } from '@naer/shared';
import { parseBody, parseQuery } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { MessageService } from './message.service';

export function messageRoutes(service: MessageService): Router {
  const router = Router();

  router.get('/patients/:patientId/messages', async (req, res) => {
    const actor = requireActor(req);
    const query = parseQuery(MessageListQuerySchema, req.query);
    res.json(await service.thread(actor, req.params.patientId, query));
  });

  router.post('/patients/:patientId/messages', async (req, res) => {
    const actor = requireActor(req);
    const input = parseBody(MessageInputSchema, req.body);
    const { message, fresh } = await service.send(actor, req.params.patientId, input);
    res.status(fresh ? 201 : 200).json(message);
  });

  router.post('/patients/:patientId/messages/read', async (req, res) => {
    const actor = requireActor(req);
    const { upTo } = parseBody(MessageReadInputSchema, req.body);
    res.json(await service.markRead(actor, req.params.patientId, upTo));
  });

  return router;
}
