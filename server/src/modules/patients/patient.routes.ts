import { Router } from 'express';
import { requireActor } from '../auth/auth.routes';
import type { PatientService } from './patient.service';

export function patientRoutes(service: PatientService): Router {
  const router = Router();
  router.get('/patients', async (req, res) => {
    res.json({ items: await service.board(requireActor(req)) });
  });
  router.get('/patients/:patientId', async (req, res) => {
    res.json(await service.summary(requireActor(req), req.params.patientId));
  });
  return router;
}
