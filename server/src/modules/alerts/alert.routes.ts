import { Router } from 'express';
import { AlertListQuerySchema } from '@naer/shared';
import { parseQuery } from '../../http/parse';
import { requireActor } from '../auth/auth.routes';
import type { AlertService } from './alert.service';

export function alertRoutes(service: AlertService): Router {
  const router = Router();
  router.get('/alerts', async (req, res) => {
    const actor = requireActor(req);
    const { after } = parseQuery(AlertListQuerySchema, req.query);
    res.json(await service.list(actor, after));
  });
  return router;
}
