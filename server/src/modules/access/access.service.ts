import { sql } from 'drizzle-orm';
import type { RelativeScope } from '@naer/shared';
import type { Database } from '../../db/client';
import { AppError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { assertAccess } from './access.policy';
import type { AccessMode } from './access.policy';
import type { PatientScope } from '../../kernel/patient-scope';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createAccessService(deps: { database: Database; audit: AuditRepository; clock: Clock }) {
  const { database, audit, clock } = deps;

  // Runs on every patient-scoped request: built once, prepared.
  const scopeOf = database.statement<{ id: string; org_ids: string[] | null; relative_scopes: RelativeScope[] | null }>(sql`
    select p.id, (select array_agg(c.organisation_id::text) from care_team_members c where c.patient_id = p.id) as org_ids,
      (select g.scopes from relative_grants g
        where g.patient_id = p.id and g.relative_user_id = ${sql.placeholder('relativeUserId')}::uuid and g.revoked_at is null) as relative_scopes
    from patients p where p.id = ${sql.placeholder('patientId')}::uuid`);

  async function loadScope(patientId: string, actor: Actor): Promise<PatientScope | undefined> {
    const relativeUserId = actor.role === 'relative' ? actor.userId : null;
    const [row] = await scopeOf({ patientId, relativeUserId });
    if (!row) return undefined;
    const scope: PatientScope = { id: row.id, careTeamOrgIds: row.org_ids ?? [] };
    if (relativeUserId) scope.relativeGrant = row.relative_scopes ? { scopes: row.relative_scopes } : null;
    return scope;
  }

  return {
    /** Decides access to one patient and audits the outcome, allowed or refused. */
    async checkPatient(actor: Actor, patientId: string, mode: AccessMode, resource: string): Promise<PatientScope> {
      const scope = await authorise(actor, patientId, mode, resource);
      await audit.record(database.db, { actor, patientId, resource, action: mode }, clock.now());
      return scope;
    },

    /**
     * Decides access (refusals audited) without auditing an allowed one, for a caller whose own write
     * records it. Never call it inside a transaction: a refusal's audit record must not roll back with it.
     */
    authorise,

    /**
     * A read of one patient's data: access decided first, then the read and its audit record run
     * side by side (one round trip less); the data is returned only once both have succeeded.
     */
    async readPatient<T>(actor: Actor, patientId: string, resource: string, read: (scope: PatientScope) => Promise<T>): Promise<T> {
      if (!UUID.test(patientId)) throw new AppError('not_found', `No patient with id ${patientId}.`);
      const scope = await decide(actor, patientId, await loadScope(patientId, actor), 'read', resource);
      const [, result] = await Promise.all([audit.record(database.db, { actor, patientId, resource, action: 'read' }, clock.now()), read(scope)]);
      return result;
    },

    /** The same decision when the caller already loaded the scope (in a combined query). */
    decide: (actor: Actor, patientId: string, scope: PatientScope | undefined, mode: AccessMode, resource: string) =>
      decide(actor, patientId, scope, mode, resource),
  };

  async function authorise(actor: Actor, patientId: string, mode: AccessMode, resource: string): Promise<PatientScope> {
    if (!UUID.test(patientId)) throw new AppError('not_found', `No patient with id ${patientId}.`);
    return decide(actor, patientId, await loadScope(patientId, actor), mode, resource);
  }

  async function decide(actor: Actor, patientId: string, scope: PatientScope | undefined, mode: AccessMode, resource: string): Promise<PatientScope> {
    // A scope loaded elsewhere does not carry the relative's grant: fetch it, never guess it.
    if (actor.role === 'relative' && scope && scope.relativeGrant === undefined) scope = await loadScope(patientId, actor);
    try {
      return assertAccess(actor, patientId, scope, mode, resource);
    } catch (error) {
      if (scope) await audit.record(database.db, { actor, patientId, resource, action: mode, outcome: 'refused' }, clock.now());
      throw error;
    }
  }
}

export type AccessService = ReturnType<typeof createAccessService>;
