import { Router } from 'express';
import { AccessLogQuerySchema } from '@naer/shared';
import { parseQuery } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { AccessLogService } from './access-log.service';

export function accessLogRoutes(service: AccessLogService): Router {
  const router = Router();
  router.get('/patients/:patientId/access-log', async (req, res) => {
    const actor = requireActor(req);
    const query = parseQuery(AccessLogQuerySchema, req.query);
    res.json(await service.page(actor, req.params.patientId, query));
  });
  return router;
}
