import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { AppError } from '../../errors';
import type { Clock } from '../../clock';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import { assertAccess } from './access.policy';
import type { AccessMode, PatientScope } from './access.policy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createAccessService(deps: { database: Database; audit: AuditRepository; clock: Clock }) {
  const { database, audit, clock } = deps;

  async function loadScope(patientId: string): Promise<PatientScope | undefined> {
    const [row] = await database.rows<{ id: string; org_ids: string[] | null }>(sql`
      select p.id, (select array_agg(c.organisation_id::text) from care_team_members c where c.patient_id = p.id) as org_ids
      from patients p where p.id = ${patientId}`);
    return row ? { id: row.id, careTeamOrgIds: row.org_ids ?? [] } : undefined;
  }

  return {
    /** Decides access to one patient and audits the outcome, allowed or refused. */
    async checkPatient(actor: Actor, patientId: string, mode: AccessMode, resource: string): Promise<PatientScope> {
      if (!UUID.test(patientId)) throw new AppError('not_found', `No patient with id ${patientId}.`);
      const scope = await decide(actor, patientId, await loadScope(patientId), mode, resource);
      await audit.record(database.db, { actor, patientId, resource, action: mode }, clock.now());
      return scope;
    },

    /** The same decision when the caller already loaded the scope (in a combined query). */
    decide: (actor: Actor, patientId: string, scope: PatientScope | undefined, mode: AccessMode, resource: string) =>
      decide(actor, patientId, scope, mode, resource),
  };

  async function decide(actor: Actor, patientId: string, scope: PatientScope | undefined, mode: AccessMode, resource: string): Promise<PatientScope> {
    try {
      return assertAccess(actor, patientId, scope, mode);
    } catch (error) {
      if (scope) await audit.record(database.db, { actor, patientId, resource, action: mode, outcome: 'refused' }, clock.now());
      throw error;
    }
  }
}

export type AccessService = ReturnType<typeof createAccessService>;
