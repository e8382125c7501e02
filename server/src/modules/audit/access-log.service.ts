import type { AccessLogEntry, AccessLogPage, AccessLogQuery, UserRole } from '@naer/shared';
import type { Database } from '../../db/client';
import { ForbiddenError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AccessService } from '../access/access.service';
import type { Actor } from '../../kernel/actor';
import { createAccessLogRepository } from './access-log.repository';
import type { GroupRow } from './access-log.repository';
import type { AuditRepository } from './audit.repository';

/** Days are Danish calendar days: that is how the patient thinks of "yesterday". */
const TIME_ZONE = 'Europe/Copenhagen';
/** A page covers up to this many calendar days, ending on the newest day with entries. */
const DAYS_PER_PAGE = 7;

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
  const accessLog = createAccessLogRepository(database);
  return {
    /**
     * Who touched the patient's data, grouped per person, kind of data and day, newest first. The
     * patient's own use is left out unless asked for, so that others' access stands out.
     */
    async page(actor: Actor, patientId: string, q: AccessLogQuery): Promise<AccessLogPage> {
      const self = actor.role === 'patient' && actor.patientId === patientId;
      if (!self && actor.role !== 'admin') {
        await audit.record(database.db, { actor, patientId, resource: 'access_log', action: 'read', outcome: 'refused' }, clock.now());
        throw new ForbiddenError('Only the patient and administrators can see who has looked at a patient\u2019s data. The patient can show you the log in their app.');
      }
      await access.checkPatient(actor, patientId, 'read', 'access_log');

      const before = q.cursor ? decodeCursor(q.cursor) : new Date('9999-12-31T00:00:00Z');
      const rows = await accessLog.groups(patientId, before, { includeOwn: q.includeOwn, days: DAYS_PER_PAGE, timeZone: TIME_ZONE });
      const first = rows[0];
      return { items: rows.map(toEntry), nextCursor: first?.more ? encodeCursor(first.window_start) : null };
    },
  };
}

export type AccessLogService = ReturnType<typeof createAccessLogService>;
