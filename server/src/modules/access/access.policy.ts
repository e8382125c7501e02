import { ForbiddenError, NotFoundError } from '../../errors';
import type { Actor } from '../auth/actor';

/** What the access decision needs to know about a patient. */
export interface PatientScope {
  id: string;
  careTeamOrgIds: string[];
}

export type AccessMode = 'read' | 'write';

/**
 * The one rule for patient-scoped access: a patient reaches only themselves; a clinician only
 * through their organisation's place on the care team; an administrator reads.
 */
export function canAccess(actor: Actor, patient: PatientScope, mode: AccessMode): boolean {
  switch (actor.role) {
    case 'patient':
      return actor.patientId === patient.id;
    case 'clinician':
      return actor.organisation !== null && patient.careTeamOrgIds.includes(actor.organisation.id);
    case 'admin':
      return mode === 'read';
    case 'relative':
      // Relatives' grants arrive with the relatives feature; until then they reach no one.
      return false;
  }
}

/** Throws 404 for an unknown patient and 403 when the actor may not reach them. */
export function assertAccess(actor: Actor, patientId: string, patient: PatientScope | undefined, mode: AccessMode): PatientScope {
  if (!patient) throw new NotFoundError('patient', patientId);
  if (!canAccess(actor, patient, mode)) throw new ForbiddenError('You are not on this patient\u2019s care team, so you cannot see or change their data.');
  return patient;
}
