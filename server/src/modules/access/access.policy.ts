import { ForbiddenError, NotFoundError } from '../../kernel/errors';
import type { Actor } from '../../kernel/actor';
import type { PatientScope } from '../../kernel/patient-scope';

export type AccessMode = 'read' | 'write';

export type Refusal = 'care_team' | 'responsibility' | 'relative_scope' | 'other';

/**
 * The one rule for patient-scoped access, following the endpoint's declared policy (`actor.permit`):
 * a patient reaches only themselves; a clinician through their organisation's place on the care
 * team, and for an action that needs a responsibility only when that place answers for it; an
 * administrator reads; a relative reaches what the endpoint's relative scope names and the patient's
 * active grant covers (no scope named: refused). Returns why it refuses, or undefined.
 */
export function refusal(actor: Actor, patient: PatientScope, mode: AccessMode): Refusal | undefined {
  switch (actor.role) {
    case 'patient':
      return actor.patientId === patient.id ? undefined : 'other';
    case 'clinician': {
      if (actor.organisation === null || !patient.careTeamOrgIds.includes(actor.organisation.id)) return 'care_team';
      const needed = actor.permit?.responsibility;
      if (!needed) return undefined;
      return needed.some((r) => patient.actingResponsibilities?.includes(r)) ? undefined : 'responsibility';
    }
    case 'admin':
      return mode === 'read' ? undefined : 'other';
    case 'relative': {
      const needed = actor.permit?.relativeScope;
      return needed && patient.relativeGrant?.scopes.includes(needed) ? undefined : 'relative_scope';
    }
  }
}

/** Throws 404 for an unknown patient and 403, saying why in plain words, when the actor may not reach them. */
export function assertAccess(actor: Actor, patientId: string, patient: PatientScope | undefined, mode: AccessMode): PatientScope {
  if (!patient) throw new NotFoundError('patient', patientId);
  switch (refusal(actor, patient, mode)) {
    case undefined:
      return patient;
    case 'relative_scope':
      throw new ForbiddenError('The patient has not shared this with you, or has withdrawn your access. Ask them to share it with you again if you need it.');
    case 'responsibility':
      throw new ForbiddenError(
        `Your organisation does not answer for ${(actor.permit?.responsibility ?? []).join(' or ')} on this patient\u2019s care team, so it cannot do this. Ask the organisation that does, or have the care team changed.`,
      );
    case 'care_team':
    case 'other':
      throw new ForbiddenError('You are not on this patient\u2019s care team, so you cannot see or change their data.');
  }
}
