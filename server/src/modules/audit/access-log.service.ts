import { sql } from 'drizzle-orm';
import type { AccessLogEntry, AccessLogPage, AccessLogQuery, OrganisationType, UserRole } from '@naer/shared';
import type { Database } from '../../db/client';
import { ForbiddenError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AccessService } from '../access/access.service';
import type { Actor } from '../../kernel/actor';
import type { AuditRepository } from './audit.repository';

/** Days are Danish calendar days: that is how the patient thinks of "yesterday". */
const TIME_ZONE = 'Europe/Copenhagen';
/** A page covers up to this many calendar days, ending on the newest day with entries. */
const DAYS_PER_PAGE = 7;
const ZONE = sql.raw(`'${TIME_ZONE}'`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface GroupRow {
  day: string;
  user_id: string | null;
  role: string | null;
  organisation_id: string | null;
  resource: string;
  action: string;
  outcome: string;
  count: number;
  first_at: string | Date;
  last_at: string | Date;
  display_name: string | null;
  job_title: string | null;
  org_name: string | null;
  org_type: OrganisationType | null;
  window_start: string | Date;
  more: boolean;
  patient_user_id: string | null;
}

const ROLES: ReadonlySet<string> = new Set<UserRole>(['patient', 'relative', 'clinician', 'admin']);
const OUTCOMES = new Set(['allowed', 'refused', 'failed'] as const);
const iso = (value: string | Date) => new Date(value).toISOString();

const encodeCursor = (windowStart: string | Date) => Buffer.from(iso(windowStart)).toString('base64url');

function decodeCursor(cursor: string): Date {
  const at = new Date(Buffer.from(cursor, 'base64url').toString());
  if (Number.isNaN(at.getTime())) throw new ValidationError('cursor: is not a cursor from an earlier page; start again without it.', [{ path: 'cursor', message: 'unknown cursor' }]);
  return at;
}

function toEntry(row: GroupRow): AccessLogEntry {
  const outcome = OUTCOMES.has(row.outcome as 'allowed') ? (row.outcome as AccessLogEntry['outcome']) : 'allowed';
  return {
    day: row.day,
    who: {
      userId: row.user_id,
      name: row.display_name,
      role: row.role && ROLES.has(row.role) ? (row.role as UserRole) : null,
      jobTitle: row.job_title,
      organisation: row.organisation_id && row.org_name && row.org_type ? { id: row.organisation_id, name: row.org_name, type: row.org_type } : null,
      isPatient: row.user_id !== null && row.user_id === row.patient_user_id,
    },
    resource: row.resource,
    action: row.action,
    outcome,
    count: Number(row.count),
    firstAt: iso(row.first_at),
    lastAt: iso(row.last_at),
  };
}

/** "Hvem har set mine data": the audit trail of one patient, for the patient and administrators. */
export function createAccessLogService(deps: { database: Database; access: AccessService; audit: AuditRepository; clock: Clock }) {
  const { database, access, audit, clock } = deps;
  return {
    /**
     * Who touched the patient's data, grouped per person, kind of data and day, newest first. The
     * patient's own use is left out unless asked for, so that others' access stands out.
     */
    async page(actor: Actor, patientId: string, q: AccessLogQuery): Promise<AccessLogPage> {
      const self = actor.role === 'patient' && actor.patientId === patientId;
      if (!self && actor.role !== 'admin') {
        if (UUID.test(patientId)) await audit.record(database.db, { actor, patientId, resource: 'access_log', action: 'read', outcome: 'refused' }, clock.now());
        throw new ForbiddenError('Only the patient and administrators can see who has looked at a patient\u2019s data. The patient can show you the log in their app.');
      }
      await access.checkPatient(actor, patientId, 'read', 'access_log');

      const before = q.cursor ? decodeCursor(q.cursor) : new Date('9999-12-31T00:00:00Z');
      const own = q.includeOwn ? sql`true` : sql`(pu.user_id is null or a.user_id is distinct from pu.user_id)`;
      const rows = await database.rows<GroupRow>(sql`
        with pu as (select user_id from patients where id = ${patientId}::uuid),
        latest as (
          select a.at from audit_log a, pu
           where a.patient_id = ${patientId}::uuid and a.at < ${before.toISOString()}::timestamptz and ${own}
           order by a.at desc limit 1
        ),
        win as (
          select (date_trunc('day', latest.at at time zone ${ZONE}) - make_interval(days => ${DAYS_PER_PAGE - 1}::int)) at time zone ${ZONE} as start
            from latest
        ),
        groups as (
          select to_char(a.at at time zone ${ZONE}, 'YYYY-MM-DD') as day, a.user_id, a.role, a.organisation_id,
                 a.resource, a.action, a.outcome, count(*)::int as count, min(a.at) as first_at, max(a.at) as last_at
            from audit_log a, pu, win
           where a.patient_id = ${patientId}::uuid and a.at >= win.start and a.at < ${before.toISOString()}::timestamptz and ${own}
           group by 1, 2, 3, 4, 5, 6, 7
        )
        select g.*, u.display_name, u.job_title, o.name as org_name, o.type as org_type, win.start as window_start,
               (select pu.user_id from pu) as patient_user_id,
               exists (select 1 from audit_log a, pu where a.patient_id = ${patientId}::uuid and a.at < win.start and ${own}) as more
          from groups g cross join win
          left join users u on u.id = g.user_id
          left join organisations o on o.id = g.organisation_id
         order by g.last_at desc, g.resource, g.action, g.user_id nulls last`);
      const first = rows[0];
      return { items: rows.map(toEntry), nextCursor: first?.more ? encodeCursor(first.window_start) : null };
    },
  };
}

export type AccessLogService = ReturnType<typeof createAccessLogService>;
