import type { RequestHandler } from 'express';
import { UnauthenticatedError } from '../../kernel/errors';
import { declaredRoutes } from '../../kernel/routes';
import type { SystemClientService } from './system-client.service';

export function systemClientRoutes(service: SystemClientService) {
  return declaredRoutes({
    'systemClients.list': ({ actor }) => service.list(actor),
    'systemClients.create': ({ actor, body }) => service.create(actor, body),
    'systemClients.revoke': ({ actor, params }) => service.revoke(actor, params.id),
  });
}

/**
 * Resolves `Authorization: Bearer <credential>` to the external system's actor (for the FHIR API).
 * A credential that is unknown or revoked is a 401, never a fall-back to a session.
 */
export function systemClientMiddleware(service: SystemClientService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      next();
      return;
    }
    const actor = await service.authenticate(header.slice('Bearer '.length).trim(), req.ip ?? null);
    if (!actor) throw new UnauthenticatedError('The system credential is unknown or was revoked. Ask an administrator for a new one.');
    req.actor = actor;
    next();
  };
}
