import type { OrganisationType, UserRole } from '@naer/shared';
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
