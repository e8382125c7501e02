import { Router } from 'express';
import { AlertIdParamsSchema, AlertListQuerySchema, CareTeamParamsSchema, PatientStatusQuerySchema, ResolveAlertSchema } from '@naer/shared';
import { parseBody, parseQuery } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { AlertLifecycleService } from './alert-lifecycle.service';
import type { AlertService } from './alert.service';

// Path parameters are parsed with the same contract helper as queries: both are flat string records.
export function alertRoutes(service: AlertService, lifecycle: AlertLifecycleService): Router {
  const router = Router();
  router.get('/alerts', async (req, res) => {
    const actor = requireActor(req);
    const { after } = parseQuery(AlertListQuerySchema, req.query);
    res.json(await service.list(actor, after));
  });
  router.get('/alerts/:id', async (req, res) => {
    const actor = requireActor(req);
    const { id } = parseQuery(AlertIdParamsSchema, req.params);
    res.json(await lifecycle.detail(actor, id));
  });
  router.post('/alerts/:id/claim', async (req, res) => {
    const actor = requireActor(req);
    const { id } = parseQuery(AlertIdParamsSchema, req.params);
    res.json(await lifecycle.claim(actor, id));
  });
  router.post('/alerts/:id/release', async (req, res) => {
    const actor = requireActor(req);
    const { id } = parseQuery(AlertIdParamsSchema, req.params);
    res.json(await lifecycle.release(actor, id));
  });
  router.post('/alerts/:id/resolve', async (req, res) => {
    const actor = requireActor(req);
    const { id } = parseQuery(AlertIdParamsSchema, req.params);
    const input = parseBody(ResolveAlertSchema, req.body);
    res.json(await lifecycle.resolve(actor, id, input));
  });
  router.get('/patients/:patientId/status', async (req, res) => {
    const actor = requireActor(req);
    const { patientId } = parseQuery(CareTeamParamsSchema, req.params);
    const { days } = parseQuery(PatientStatusQuerySchema, req.query);
    res.json(await lifecycle.patientStatus(actor, patientId, days));
  });
  return router;
}
