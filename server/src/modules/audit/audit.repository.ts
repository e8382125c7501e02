import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { param as v } from '../../db/client';
import type { Database, Executor } from '../../db/client';
import type { Actor } from '../../kernel/actor';

export interface AuditEntry {
  actor: Actor | null;
  patientId?: string | null;
  resource: string;
  action: string;
  outcome?: 'allowed' | 'refused' | 'failed';
  details?: Record<string, unknown>;
  /** Used when there is no actor (e.g. a failed login). */
  ip?: string | null;
}

/** Column values of one audit row; shared by inserts here and inside the measurement statement. */
export function auditRow(entry: AuditEntry, at: Date) {
  return {
    at,
    userId: entry.actor?.userId ?? null,
    role: entry.actor?.role ?? null,
    organisationId: entry.actor?.organisation?.id ?? null,
    patientId: entry.patientId ?? null,
    resource: entry.resource,
    action: entry.action,
    outcome: entry.outcome ?? 'allowed',
    ip: entry.actor?.ip ?? entry.ip ?? null,
    details: entry.details ?? null,
  };
}

/** One audit record written inside the caller's statement, once per row of `from` (its insert's CTE: none for a replay). */
export function auditFrom(entry: AuditEntry, at: Date, from: SQL): SQL {
  const a = auditRow(entry, at);
  return sql`
    insert into audit_log (at, user_id, role, organisation_id, patient_id, resource, action, outcome, ip, details)
    select ${a.at.toISOString()}::timestamptz, ${a.userId}::uuid, ${a.role}, ${a.organisationId}::uuid, ${a.patientId}::uuid,
           ${a.resource}, ${a.action}, ${a.outcome}, ${a.ip}, ${a.details === null ? null : JSON.stringify(a.details)}::jsonb from ${from}`;
}

export function createAuditRepository(database: Database) {
  // Every read of patient data writes one: built once, prepared (see Database.statement).
  const insertOne = database.statement(sql`
    insert into audit_log (at, user_id, role, organisation_id, patient_id, resource, action, outcome, ip, details)
    values (${v('at')}::timestamptz, ${v('userId')}::uuid, ${v('role')}::text, ${v('organisationId')}::uuid, ${v('patientId')}::uuid,
            ${v('resource')}::text, ${v('action')}::text, ${v('outcome')}::text, ${v('ip')}::text, ${v('details')}::jsonb)`);
  return {
    /** Appends one record; pass the transaction when the audited change has one. */
    async record(executor: Executor, entry: AuditEntry, at: Date): Promise<void> {
      const row = auditRow(entry, at);
      await insertOne({ ...row, at: at.toISOString(), details: row.details === null ? null : JSON.stringify(row.details) }, executor);
    },

    /** Appends one record per patient read in a list: one statement with one array parameter, whatever the list's size. */
    async recordReads(executor: Executor, actor: Actor, patientIds: Iterable<string>, resource: string, at: Date): Promise<void> {
      const ids = [...new Set(patientIds)];
      if (ids.length === 0) return;
      const row = auditRow({ actor, resource, action: 'read' }, at);
      await executor.execute(sql`
        insert into audit_log (at, user_id, role, organisation_id, patient_id, resource, action, outcome, ip)
        select ${row.at.toISOString()}::timestamptz, ${row.userId}::uuid, ${row.role}, ${row.organisationId}::uuid, id,
               ${row.resource}, ${row.action}, ${row.outcome}, ${row.ip}
          from unnest(${`{${ids.join(',')}}`}::uuid[]) as id`);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
