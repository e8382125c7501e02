import { Router } from 'express';
import { LimitPreviewRequestSchema, LimitUpdateSchema } from '@naer/shared';
import { parseBody } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { LimitService } from './limit.service';

export function limitRoutes(service: LimitService): Router {
  const router = Router();

  router.get('/patients/:patientId/limits', async (req, res) => {
    res.json(await service.list(requireActor(req), req.params.patientId));
  });

  router.put('/patients/:patientId/limits/:kind', async (req, res) => {
    const actor = requireActor(req);
    const input = parseBody(LimitUpdateSchema, req.body);
    res.json(await service.update(actor, req.params.patientId, req.params.kind, input));
  });

  router.post('/patients/:patientId/limits/:kind/preview', async (req, res) => {
    const actor = requireActor(req);
    const { rules } = parseBody(LimitPreviewRequestSchema, req.body);
    res.json(await service.preview(actor, req.params.patientId, req.params.kind, rules));
  });

  return router;
}
