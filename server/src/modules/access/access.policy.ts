import type { RelativeScope } from '@naer/shared';
import { ForbiddenError, NotFoundError } from '../../kernel/errors';
import type { Actor } from '../../kernel/actor';
import type { PatientScope } from '../../kernel/patient-scope';

/** The grant a relative needs for each kind of patient data; any other resource stays closed to relatives. */
export const RESOURCE_SCOPE: ReadonlyMap<string, RelativeScope> = new Map([
  ['measurement', 'readings'],
  ['questionnaire', 'readings'],
  ['alert', 'alerts'],
  ['alert_status', 'alerts'],
  ['message', 'messages'],
  ['consultation', 'consultations'],
]);

/** Relatives only read, except that the messages grant lets them write in the thread. */
const RELATIVE_WRITABLE: ReadonlySet<string> = new Set(['message']);

export type AccessMode = 'read' | 'write';

/**
 * The one rule for patient-scoped access: a patient reaches only themselves; a clinician only
 * through their organisation's place on the care team; an administrator reads; a relative reads
 * what the patient's active grant covers for this resource (and writes messages with that grant).
 */
export function canAccess(actor: Actor, patient: PatientScope, mode: AccessMode, resource?: string): boolean {
  switch (actor.role) {
    case 'patient':
      return actor.patientId === patient.id;
    case 'clinician':
      return actor.organisation !== null && patient.careTeamOrgIds.includes(actor.organisation.id);
    case 'admin':
      return mode === 'read';
    case 'relative': {
      const needed = resource === undefined ? undefined : RESOURCE_SCOPE.get(resource);
      if (!needed || !patient.relativeGrant?.scopes.includes(needed)) return false;
      return mode === 'read' || RELATIVE_WRITABLE.has(resource ?? '');
    }
  }
}

/** Throws 404 for an unknown patient and 403 when the actor may not reach them. */
export function assertAccess(actor: Actor, patientId: string, patient: PatientScope | undefined, mode: AccessMode, resource?: string): PatientScope {
  if (!patient) throw new NotFoundError('patient', patientId);
  if (canAccess(actor, patient, mode, resource)) return patient;
  if (actor.role === 'relative') {
    throw new ForbiddenError('The patient has not shared this with you, or has withdrawn your access. Ask them to share it with you again if you need it.');
  }
  throw new ForbiddenError('You are not on this patient\u2019s care team, so you cannot see or change their data.');
}
