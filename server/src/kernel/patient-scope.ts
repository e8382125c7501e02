import type { RelativeScope } from '@naer/shared';

/** What the access decision needs to know about a patient. */
export interface PatientScope {
  id: string;
  careTeamOrgIds: string[];
  /** The acting relative's active grant on this patient; loaded only when the actor is a relative (null: none). */
  relativeGrant?: { scopes: RelativeScope[] } | null;
  /** What the acting clinician's organisation answers for on this care team; loaded only when an action needs a responsibility. */
  actingResponsibilities?: string[];
}
