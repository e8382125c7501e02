import { Router } from 'express';
import { RelativeAcceptSchema, RelativeInvitationInputSchema } from '@naer/shared';
import { parseBody } from '../../http/parse';
import { SESSION_COOKIE, cookieOptions } from '../../kernel/session-cookie';
import { requireActor } from '../../kernel/actor';
import type { RelativeService } from './relative.service';

export function relativeRoutes(service: RelativeService): Router {
  const router = Router();

  router.post('/patients/:patientId/relatives/invitations', async (req, res) => {
    const actor = requireActor(req);
    const input = parseBody(RelativeInvitationInputSchema, req.body);
    res.status(201).json(await service.invite(actor, req.params.patientId, input));
  });

  router.post('/patients/:patientId/relatives/invitations/:invitationId/revoke', async (req, res) => {
    await service.cancelInvitation(requireActor(req), req.params.patientId, req.params.invitationId);
    res.status(204).end();
  });

  router.get('/patients/:patientId/relatives', async (req, res) => {
    res.json(await service.list(requireActor(req), req.params.patientId));
  });

  router.post('/relatives/:grantId/revoke', async (req, res) => {
    await service.revoke(requireActor(req), req.params.grantId);
    res.status(204).end();
  });

  router.get('/relatives/me', async (req, res) => {
    res.json({ items: await service.mine(requireActor(req)) });
  });

  // Open without a session: this is where a relative's account is created.
  router.post('/relatives/accept', async (req, res) => {
    const input = parseBody(RelativeAcceptSchema, req.body);
    const outcome = await service.accept(req.actor, input, req.ip ?? null);
    if (outcome.session) res.cookie(SESSION_COOKIE, outcome.session.token, cookieOptions(req, outcome.session.expiresAt));
    res.status(201).json({ user: outcome.user, shared: outcome.shared });
  });

  return router;
}
