import { UUID_PATTERN } from '@naer/shared/api';
import type { Database } from '../../db/client';
import { ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { assertAccess } from './access.policy';
import { createAccessRepository } from './access.repository';
import type { AccessMode } from './access.policy';
import type { PatientScope } from '../../kernel/patient-scope';

/** Path ids are checked by their declaration; this guards ids that reach access from elsewhere. */
function checkId(patientId: string): void {
  if (!UUID_PATTERN.test(patientId)) throw new ValidationError('patientId: must be a patient id (a UUID).', [{ path: 'patientId', message: 'must be a patient id (a UUID)' }]);
}

export function createAccessService(deps: { database: Database; audit: AuditRepository; clock: Clock }) {
  const { database, audit, clock } = deps;

  const repository = createAccessRepository(database);

  async function loadScope(patientId: string, actor: Actor): Promise<PatientScope | undefined> {
    const relativeUserId = actor.role === 'relative' ? actor.userId : null;
    const organisationId = actor.role === 'clinician' ? (actor.organisation?.id ?? null) : null;
    const row = await repository.scope(patientId, relativeUserId, organisationId);
    if (!row) return undefined;
    const scope: PatientScope = { id: row.id, careTeamOrgIds: row.org_ids ?? [] };
    if (relativeUserId) scope.relativeGrant = row.relative_scopes ? { scopes: row.relative_scopes } : null;
    if (organisationId) scope.actingResponsibilities = row.responsibilities ?? [];
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
      checkId(patientId);
      const scope = await decide(actor, patientId, await loadScope(patientId, actor), 'read', resource);
      const [, result] = await Promise.all([audit.record(database.db, { actor, patientId, resource, action: 'read' }, clock.now()), read(scope)]);
      return result;
    },

    /** The same decision when the caller already loaded the scope (in a combined query). */
    decide: (actor: Actor, patientId: string, scope: PatientScope | undefined, mode: AccessMode, resource: string) =>
      decide(actor, patientId, scope, mode, resource),
  };

  async function authorise(actor: Actor, patientId: string, mode: AccessMode, resource: string): Promise<PatientScope> {
    checkId(patientId);
    return decide(actor, patientId, await loadScope(patientId, actor), mode, resource);
  }

  async function decide(actor: Actor, patientId: string, scope: PatientScope | undefined, mode: AccessMode, resource: string): Promise<PatientScope> {
    // A scope loaded elsewhere may not carry the relative's grant or the clinician's responsibilities: fetch them, never guess.
    const unknownGrant = actor.role === 'relative' && scope?.relativeGrant === undefined;
    const unknownResponsibilities = actor.role === 'clinician' && actor.permit?.responsibility && scope?.actingResponsibilities === undefined;
    if (scope && (unknownGrant || unknownResponsibilities)) scope = await loadScope(patientId, actor);
    try {
      return assertAccess(actor, patientId, scope, mode);
    } catch (error) {
      if (scope) await audit.record(database.db, { actor, patientId, resource, action: mode, outcome: 'refused' }, clock.now());
      throw error;
    }
  }
}

export type AccessService = ReturnType<typeof createAccessService>;
