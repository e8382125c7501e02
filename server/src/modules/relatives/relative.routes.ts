import { declaredRoutes } from '../../kernel/routes';
import { SESSION_COOKIE, cookieOptions } from '../../kernel/session-cookie';
import type { RelativeService } from './relative.service';

export function relativeRoutes(service: RelativeService) {
  return declaredRoutes({
    'relatives.invite': ({ actor, params, body }) => service.invite(actor, params.patientId, body),
    'relatives.cancelInvitation': ({ actor, params }) => service.cancelInvitation(actor, params.patientId, params.invitationId),
    'relatives.list': ({ actor, params }) => service.list(actor, params.patientId),
    'relatives.revoke': ({ actor, params }) => service.revoke(actor, params.grantId),
    'relatives.mine': async ({ actor }) => ({ items: await service.mine(actor) }),
    // Open without a session: this is where a relative's account is created.
    'relatives.accept': async ({ session, body, req, res }) => {
      const outcome = await service.accept(session, body, req.ip ?? null);
      if (outcome.session) res.cookie(SESSION_COOKIE, outcome.session.token, cookieOptions(req, outcome.session.expiresAt));
      return { user: outcome.user, shared: outcome.shared };
    },
  });
}
