import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { LatestValue, PatientSummary, Programme, TriageLevel } from '@naer/shared';
import type { Database } from '../../db/client';
import { ForbiddenError } from '../../errors';
import type { Clock } from '../../clock';
import type { AccessService } from '../access/access.service';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import { unreadMessagesCount } from '../messages/message.repository';

const SEVERITY_BY_RANK = ['red', 'review', 'yellow', 'missing'] as const;

interface SummaryRow {
  id: string;
  name: string;
  programmes: string[] | null;
  latest: Array<{ kind: LatestValue['kind']; value: number; value2: number | null; unit: string; measuredAt: string; level: TriageLevel }> | null;
  open_alerts: number | null;
  worst: number | null;
  paused_until: string | null;
  unread_messages: number | null;
}

/** Board rows from `latest_measurements` and open alerts only: never a scan of history. */
function summaryQuery(where: SQL, actor: Actor, now: Date): SQL {
  return sql`
    select p.id, p.name,
      (select array_agg(e.programme::text order by e.programme) from enrolments e where e.patient_id = p.id and e.ended_at is null) as programmes,
      (select json_agg(json_build_object('kind', l.kind, 'value', l.value, 'value2', l.value2, 'unit', l.unit,
                                         'measuredAt', l.measured_at, 'level', l.level) order by l.kind)
         from latest_measurements l where l.patient_id = p.id) as latest,
      o.open_alerts, o.worst, ${unreadMessagesCount(actor)} as unread_messages,
      (select max(least(mp.ends_at, coalesce(mp.cancelled_at, mp.ends_at))) from monitoring_pauses mp
         where mp.patient_id = p.id and mp.starts_at <= ${now.toISOString()}::timestamptz
           and least(mp.ends_at, coalesce(mp.cancelled_at, mp.ends_at)) > ${now.toISOString()}::timestamptz) as paused_until
    from patients p
    left join lateral (
      select count(*)::int as open_alerts,
             min(array_position(array['red','review','yellow','missing']::text[], a.severity::text)) as worst
        from alerts a where a.patient_id = p.id and a.status <> 'resolved'
    ) o on true
    where ${where}
    order by coalesce(o.worst, 99), p.name`;
}

function toSummary(row: SummaryRow): PatientSummary {
  return {
    id: row.id,
    name: row.name,
    programmes: (row.programmes ?? []) as Programme[],
    status: row.worst ? (SEVERITY_BY_RANK[row.worst - 1] ?? 'green') : 'green',
    openAlerts: row.open_alerts ?? 0,
    pausedUntil: row.paused_until ? new Date(row.paused_until).toISOString() : null,
    unreadMessages: row.unread_messages ?? 0,
    latest: (row.latest ?? []).map((l) => ({
      kind: l.kind,
      value: l.value2 === null ? l.value : { systolic: l.value, diastolic: l.value2 },
      unit: l.unit,
      measuredAt: new Date(l.measuredAt).toISOString(),
      level: l.level,
    })),
  };
}

export function createPatientService(deps: { database: Database; access: AccessService; audit: AuditRepository; clock: Clock }) {
  const { database, access, audit, clock } = deps;
  return {
    /** The clinician's board: their organisation's patients, most urgent first; every row read is audited. */
    async board(actor: Actor): Promise<PatientSummary[]> {
      let where: SQL;
      if (actor.role === 'clinician' && actor.organisation) {
        where = sql`p.id in (select patient_id from care_team_members where organisation_id = ${actor.organisation.id}::uuid)`;
      } else if (actor.role === 'admin') {
        where = sql`true`;
      } else {
        throw new ForbiddenError('The patient list is for clinicians. Open your own page instead.');
      }
      const rows = await database.rows<SummaryRow>(summaryQuery(where, actor, clock.now()));
      await audit.recordReads(database.db, actor, rows.map((r) => r.id), 'patient', clock.now());
      return rows.map(toSummary);
    },

    /** One patient's summary, after the access check (which audits the read). */
    async summary(actor: Actor, patientId: string): Promise<PatientSummary> {
      await access.checkPatient(actor, patientId, 'read', 'patient');
      const [row] = await database.rows<SummaryRow>(summaryQuery(sql`p.id = ${patientId}::uuid`, actor, clock.now()));
      if (!row) throw new ForbiddenError();
      return toSummary(row);
    },
  };
}

export type PatientService = ReturnType<typeof createPatientService>;
