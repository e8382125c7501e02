import { Router } from 'express';
import type { z } from 'zod';
import { PauseInputSchema, ReviewAllInputSchema, ReviewListQuerySchema } from '@naer/shared';
import { ValidationError } from '../../kernel/errors';
import { parseBody, parseQuery } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { MonitoringService } from './monitoring.service';

/** A body that may be left out entirely (read as `{}`), but when sent must match the contract. */
function parseOptionalBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}

/** Pauses, reviews and the schedule view: thin routes over the monitoring service. */
export function monitoringRoutes(service: MonitoringService): Router {
  const router = Router();

  router.get('/patients/:patientId/pauses', async (req, res) => {
    res.json({ items: await service.listPauses(requireActor(req), req.params.patientId) });
  });

  router.post('/patients/:patientId/pauses', async (req, res) => {
    const actor = requireActor(req);
    const input = parseBody(PauseInputSchema, req.body);
    res.status(201).json(await service.createPause(actor, req.params.patientId, input));
  });

  router.post('/pauses/:pauseId/cancel', async (req, res) => {
    res.json(await service.cancelPause(requireActor(req), req.params.pauseId));
  });

  router.post('/measurements/:measurementId/review', async (req, res) => {
    res.json(await service.review(requireActor(req), req.params.measurementId));
  });

  router.post('/patients/:patientId/measurements/review-all', async (req, res) => {
    const actor = requireActor(req);
    const input = parseOptionalBody(ReviewAllInputSchema, req.body);
    res.json(await service.reviewAll(actor, req.params.patientId, input));
  });

  router.get('/patients/:patientId/reviews', async (req, res) => {
    const actor = requireActor(req);
    const { from } = parseQuery(ReviewListQuerySchema, req.query);
    res.json(await service.listReviews(actor, req.params.patientId, from));
  });

  router.get('/patients/:patientId/schedule', async (req, res) => {
    res.json(await service.schedule(requireActor(req), req.params.patientId));
  });

  return router;
}
