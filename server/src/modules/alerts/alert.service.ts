import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { AlertList } from '@naer/shared';
import type { Database } from '../../db/client';
import { ForbiddenError } from '../../errors';
import type { Clock } from '../../clock';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import { toOwnedAlert } from './alert.mapper';
import type { AlertRow, OwnershipColumns } from './alert.mapper';
import { ownedAlertsQuery } from './alert.repository';

/** Patients whose alerts an actor may see, as a SQL condition on `a.patient_id`. */
export function alertScope(actor: Actor): SQL {
  switch (actor.role) {
    case 'clinician':
      if (!actor.organisation) throw new ForbiddenError('Your account is not linked to an organisation; ask an administrator.');
      return sql`a.patient_id in (select patient_id from care_team_members where organisation_id = ${actor.organisation.id}::uuid)`;
    case 'patient':
      if (!actor.patientId) throw new ForbiddenError('Your account is not linked to a patient record.');
      return sql`a.patient_id = ${actor.patientId}::uuid`;
    case 'admin':
      return sql`true`;
    case 'relative':
      throw new ForbiddenError('Relatives see alerts only when the patient shares them (coming with invitations).');
  }
}

export function createAlertService(deps: { database: Database; audit: AuditRepository; clock: Clock }) {
  const { database, audit, clock } = deps;
  return {
    /** Open alerts, most urgent first; with `after`, every alert changed since that cursor (any status), in feed order. */
    async list(actor: Actor, after?: string): Promise<AlertList> {
      const scope = alertScope(actor);
      const rows = await database.rows<AlertRow & OwnershipColumns>(
        after === undefined
          ? ownedAlertsQuery(sql`a.status <> 'resolved' and ${scope}`,
              sql`order by array_position(array['red','review','yellow','missing']::text[], a.severity::text), a.opened_at`)
          : ownedAlertsQuery(sql`a.seq > ${after}::bigint and ${scope}`, sql`order by a.seq limit 1000`),
      );
      const [seq] = await database.rows<{ cursor: string }>(sql`select (case when is_called then last_value else 0 end)::text as cursor from alert_change_seq`);
      await audit.recordReads(database.db, actor, rows.map((r) => r.patient_id), 'alert', clock.now());
      const last = rows.at(-1);
      const cursor = after !== undefined && rows.length === 1000 && last ? String(last.seq) : (seq?.cursor ?? '0');
      return { items: rows.map(toOwnedAlert), cursor };
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
