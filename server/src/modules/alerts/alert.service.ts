import type { AlertList } from '@naer/shared';
import type { Database } from '../../db/client';
import { ForbiddenError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { toOwnedAlert } from './alert.mapper';
import { createAlertRepository } from './alert.repository';
import type { AlertScope } from './alert.repository';

/** Patients whose alerts an actor may see: their organisation's care-team patients, their own record, or all. */
function alertScope(actor: Actor): AlertScope {
  switch (actor.role) {
    case 'clinician':
      if (!actor.organisation) throw new ForbiddenError('Your account is not linked to an organisation; ask an administrator.');
      return { organisationId: actor.organisation.id };
    case 'patient':
      if (!actor.patientId) throw new ForbiddenError('Your account is not linked to a patient record.');
      return { patientId: actor.patientId };
    case 'admin':
      return 'all';
    case 'relative':
      throw new ForbiddenError('Relatives see alerts only when the patient shares them (coming with invitations).');
  }
}

/** At most this many alerts (rounded up to a whole transaction) per resync answer; the cursor continues. */
const RESYNC_PAGE = 1000;

const min = (a: bigint, b: bigint) => (a < b ? a : b);

export function createAlertService(deps: { database: Database; audit: AuditRepository; clock: Clock }) {
  const { database, audit, clock } = deps;
  const alerts = createAlertRepository(database);
  return {
    /**
     * Open alerts, most urgent first; with `after`, every alert changed since that cursor (any
     * status), in the order their transactions began.
     *
     * The cursor is a transaction horizon (AlertRepository.horizon), read before the alerts: every transaction below
     * it had ended by then, so its changes are in this answer or an earlier one; any change from a
     * transaction at or above it comes again next time (screens keep the newest version of each
     * alert, so a repeat is harmless). A sequence number would not do: a transaction can take a
     * lower one and commit after a reader has already moved past it.
     */
    async list(actor: Actor, after?: string): Promise<AlertList> {
      const scope = alertScope(actor);
      const horizon = await alerts.horizon(database.db);
      const rows = after === undefined ? await alerts.listOpen(database.db, scope) : await alerts.listChangedSince(database.db, scope, after, RESYNC_PAGE);
      await audit.recordReads(database.db, actor, rows.map((r) => r.patient_id), 'alert', clock.now());
      // A full page ends with a whole transaction; the next one starts after it, unless the horizon is lower.
      const last = rows.length >= RESYNC_PAGE ? rows.at(-1) : undefined;
      const cursor = last ? String(min(BigInt(last.changed_xid) + 1n, BigInt(horizon))) : horizon;
      return { items: rows.map(toOwnedAlert), cursor };
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
