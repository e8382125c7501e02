import { Router } from 'express';
import { ActivationRequestSchema } from '@naer/shared';
import { readCookie } from '../../kernel/session-cookie';
import { parseBody } from '../../http/parse';
import { SESSION_COOKIE, cookieOptions } from '../../kernel/session-cookie';
import type { ActivationService } from './activation.service';

/** Public: the patient's first visit, with the code from their letter; answers like a login. */
export function activationRoutes(service: ActivationService): Router {
  const router = Router();
  router.post('/auth/activate', async (req, res) => {
    const input = parseBody(ActivationRequestSchema, req.body);
    const session = await service.activate(input, req.ip ?? null, readCookie(req.headers.cookie, SESSION_COOKIE));
    res.cookie(SESSION_COOKIE, session.token, cookieOptions(req, session.expiresAt));
    res.status(201).json({ user: session.user });
  });
  return router;
}
