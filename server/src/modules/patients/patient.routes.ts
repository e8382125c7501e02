import { Router } from 'express';
import { PatientListQuerySchema } from '@naer/shared';
import { parseQuery } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { PatientService } from './patient.service';

export function patientRoutes(service: PatientService): Router {
  const router = Router();
  router.get('/patients', async (req, res) => {
    const actor = requireActor(req);
    res.json(await service.board(actor, parseQuery(PatientListQuerySchema, req.query)));
  });
  router.get('/patients/:patientId', async (req, res) => {
    res.json(await service.summary(requireActor(req), req.params.patientId));
  });
  return router;
}
