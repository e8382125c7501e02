import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { AlertList } from '@naer/shared';
import type { Database } from '../../db/client';
import { ForbiddenError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { toOwnedAlert } from './alert.mapper';
import type { AlertRow, OwnershipColumns } from './alert.mapper';
import { ownedAlertsQuery } from './alert.repository';
import { severityRank } from './alert.sql';

/** Patients whose alerts an actor may see, as a SQL condition on `<alias>.patient_id`. */
export function alertScope(actor: Actor, alias = 'a'): SQL {
  const a = sql.raw(alias);
  switch (actor.role) {
    case 'clinician':
      if (!actor.organisation) throw new ForbiddenError('Your account is not linked to an organisation; ask an administrator.');
      return sql`${a}.patient_id in (select patient_id from care_team_members where organisation_id = ${actor.organisation.id}::uuid)`;
    case 'patient':
      if (!actor.patientId) throw new ForbiddenError('Your account is not linked to a patient record.');
      return sql`${a}.patient_id = ${actor.patientId}::uuid`;
    case 'admin':
      return sql`true`;
    case 'relative':
      throw new ForbiddenError('Relatives see alerts only when the patient shares them (coming with invitations).');
  }
}

/** At most this many alerts (rounded up to a whole transaction) per resync answer; the cursor continues. */
const RESYNC_PAGE = 1000;

const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * The oldest transaction that may still change alerts: the oldest one in flight in this database,
 * else the next to begin. The snapshot's own horizon would do, but it counts every database on the
 * server, so another database's long transaction would make screens here fetch changes again.
 * Order matters and is kept: the snapshot comes first, the transactions in flight are read after
 * it, so one that ended in between is already visible to the read that follows.
 */
const HORIZON = sql`
  select least(s.next, (
    -- pg_stat_activity shows 32-bit ids: widen each to 64 bits relative to the next one.
    select min(s.next - ((s.next % 4294967296 - a.backend_xid::text::bigint + 4294967296) % 4294967296))
    from pg_stat_activity a where a.datname = current_database() and a.backend_xid is not null
  ))::text as horizon
  from (select pg_snapshot_xmax(pg_current_snapshot())::text::bigint as next) s`;

export function createAlertService(deps: { database: Database; audit: AuditRepository; clock: Clock }) {
  const { database, audit, clock } = deps;
  return {
    /**
     * Open alerts, most urgent first; with `after`, every alert changed since that cursor (any
     * status), in the order their transactions began.
     *
     * The cursor is a transaction horizon (HORIZON), read before the alerts: every transaction below
     * it had ended by then, so its changes are in this answer or an earlier one; any change from a
     * transaction at or above it comes again next time (screens keep the newest version of each
     * alert, so a repeat is harmless). A sequence number would not do: a transaction can take a
     * lower one and commit after a reader has already moved past it.
     */
    async list(actor: Actor, after?: string): Promise<AlertList> {
      const scope = alertScope(actor);
      const [{ horizon } = { horizon: '0' }] = await database.rows<{ horizon: string }>(HORIZON);
      const rows = await database.rows<AlertRow & OwnershipColumns>(
        after === undefined
          ? ownedAlertsQuery(sql`a.status <> 'resolved' and ${scope}`,
              sql`order by ${severityRank(sql`a.severity`)}, a.opened_at`)
          : ownedAlertsQuery(sql`a.changed_xid >= ${after}::bigint and ${scope} and a.changed_xid <= coalesce((
                select x.changed_xid from alerts x where x.changed_xid >= ${after}::bigint and ${alertScope(actor, 'x')}
                order by x.changed_xid offset ${RESYNC_PAGE - 1} limit 1), a.changed_xid)`,
              sql`order by a.changed_xid, a.seq`),
      );
      await audit.recordReads(database.db, actor, rows.map((r) => r.patient_id), 'alert', clock.now());
      // A full page ends with a whole transaction; the next one starts after it, unless the horizon is lower.
      const last = rows.length >= RESYNC_PAGE ? rows.at(-1) : undefined;
      const cursor = last ? String(min(BigInt(last.changed_xid) + 1n, BigInt(horizon))) : horizon;
      return { items: rows.map(toOwnedAlert), cursor };
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
