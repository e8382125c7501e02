import { sql } from 'drizzle-orm';
import type { RelativeScope } from '@naer/shared';
import { param as v } from '../../db/client';
import type { Database } from '../../db/client';

/** What the access decision reads about one patient, for one actor. */
export interface ScopeRow {
  id: string;
  org_ids: string[] | null;
  /** The acting relative's active grant (null: none, or not a relative). */
  relative_scopes: RelativeScope[] | null;
  /** What the acting clinician's organisation answers for on the care team (null: not on it, or not a clinician). */
  responsibilities: string[] | null;
}

export function createAccessRepository(database: Database) {
  // Runs on every patient-scoped request: built once, prepared.
  const scopeOf = database.statement<ScopeRow>(sql`
    select p.id, (select array_agg(c.organisation_id::text) from care_team_members c where c.patient_id = p.id) as org_ids,
      (select g.scopes from relative_grants g
        where g.patient_id = p.id and g.relative_user_id = ${v('relativeUserId')}::uuid and g.revoked_at is null) as relative_scopes,
      (select c.responsibilities from care_team_members c where c.patient_id = p.id and c.organisation_id = ${v('organisationId')}::uuid) as responsibilities
    from patients p where p.id = ${v('patientId')}::uuid`);

  return {
    /** The patient's care team, and the acting relative's grant or clinician's responsibilities (pass null for the others). */
    async scope(patientId: string, relativeUserId: string | null, organisationId: string | null): Promise<ScopeRow | undefined> {
      const [row] = await scopeOf({ patientId, relativeUserId, organisationId });
      return row;
    },
  };
}

export type AccessRepository = ReturnType<typeof createAccessRepository>;
