import type { OrganisationType, UserRole } from '@naer/shared';
import type { AccessPolicy } from '@naer/shared/api';
import type { Request } from 'express';
import { UnauthenticatedError } from './errors';

/** Who is acting: resolved once per request (or socket) from the session. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  role: UserRole;
  organisation: { id: string; name: string; type: OrganisationType } | null;
  /** The patient record this user is (patients only). */
  patientId: string | null;
  ip: string | null;
  /** The access policy of the endpoint being served: which relative grant and care-team responsibility it needs. */
  permit?: Pick<AccessPolicy, 'relativeScope' | 'responsibility'>;
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

/** The signed-in actor, or a 401. */
export function requireActor(req: Request): Actor {
  if (!req.actor) throw new UnauthenticatedError();
  return req.actor;
}
