import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { CareTeamEntry } from '@naer/shared/domain';
import { jsonObjectText } from '../../db/json-text';
import type { PatientScope } from '../../kernel/patient-scope';

/** One care-team entry (CareTeamEntry) as JSON text: concatenated, because this runs on every submission. */
const CARE_TEAM_ENTRY_JSON = jsonObjectText({
  organisationId: ['string', sql`c.organisation_id`],
  escalationOrder: ['json', sql`c.escalation_order`],
  claimWithinMinutes: ['json', sql`c.claim_within_minutes`],
  alwaysOpen: ['json', sql`o.always_open`],
  serviceHours: ['json', sql`o.service_hours`],
  responsibilities: ['json', sql`c.responsibilities`],
});

/** A patient's care team as a JSON array of `CareTeamEntry` in escalation order (null when empty), for routing inside one query. */
export const careTeamJson = (patientId: SQL): SQL => sql`
  (select ('[' || string_agg(${CARE_TEAM_ENTRY_JSON}, ',' order by c.escalation_order) || ']')::json
     from care_team_members c join organisations o on o.id = c.organisation_id where c.patient_id = ${patientId})`;

/** Who hears about a change to the patient: every organisation on the care team (and the patient). */
export const scopeOf = (patientId: string, team: CareTeamEntry[] | null): PatientScope => ({
  id: patientId,
  careTeamOrgIds: (team ?? []).map((entry) => entry.organisationId),
});
