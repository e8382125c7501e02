import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { CareTeamEntry } from '@naer/shared/domain';
import type { PatientScope } from '../kernel/patient-scope';

/** A patient's care team as a JSON array of `CareTeamEntry` (null when empty), for routing and escalation inside one query. */
export const careTeamJson = (patientId: SQL): SQL => sql`
  (select json_agg(json_build_object('organisationId', c.organisation_id, 'escalationOrder', c.escalation_order,
          'claimWithinMinutes', c.claim_within_minutes, 'alwaysOpen', o.always_open, 'serviceHours', o.service_hours,
          'responsibilities', c.responsibilities) order by c.escalation_order)
     from care_team_members c join organisations o on o.id = c.organisation_id where c.patient_id = ${patientId})`;

/** Who hears about a change to the patient: every organisation on the care team (and the patient). */
export const scopeOf = (patientId: string, team: CareTeamEntry[] | null): PatientScope => ({
  id: patientId,
  careTeamOrgIds: (team ?? []).map((entry) => entry.organisationId),
});
