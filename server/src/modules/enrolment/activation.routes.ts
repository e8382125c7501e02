import { declaredRoutes } from '../../kernel/routes';
import { SESSION_COOKIE, cookieOptions, sessionToken } from '../../kernel/session-cookie';
import type { ActivationService } from './activation.service';

/** Public: the patient's first visit, with the code from their letter; answers like a login. */
export function activationRoutes(service: ActivationService) {
  return declaredRoutes({
    'auth.activate': async ({ body, req, res }) => {
      const session = await service.activate(body, req.ip ?? null, sessionToken(req));
      res.cookie(SESSION_COOKIE, session.token, cookieOptions(req, session.expiresAt));
      return { user: session.user };
    },
  });
}
