import { desc, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { AlertBreach } from '@naer/shared/domain';
import type { Database, Executor } from '../../db/client';
import { organisations, users, visits } from '../../db/schema';
import type { AuditEntry } from '../audit/audit.repository';
import { auditFrom } from '../audit/audit.repository';
import type { AlertRow } from '../alerts/alert.mapper';
import { breachAlert, submissionAlertCtes } from '../alerts/alert.sql';

export type VisitRow = typeof visits.$inferSelect;
export type VisitWithAuthor = VisitRow & { recordedByName: string; organisationName: string | null };

const iso = (date: Date) => date.toISOString();
const json = (value: unknown) => JSON.stringify(value);

/** The early-warning alert rule: one open alert per patient for visit scores. */
export const VISIT_ALERT_RULE = 'early_warning';

export function createVisitRepository(database: Database) {
  const { db } = database;
  return {
    /** Stores the visit, opens or updates its early-warning alert and audits it in ONE statement. `inserted: false` for a replay. */
    async insert(executor: Executor, v: { row: VisitRow; alert: AlertBreach | undefined; audit: AuditEntry }, now: Date): Promise<{ inserted: boolean; alert: AlertRow | null }> {
      const { row, alert: a } = v;
      const [result] = await database.rows<{ inserted: boolean; alert: AlertRow | null }>(
        sql`
        with ins as (
          insert into visits (id, patient_id, measured_at, recorded_by, organisation_id, vitals, spo2_scale, tobs, news2, tobs_total, news2_total,
                              triage_level, triage_reasons, payload_hash, created_at)
          values (${row.id}::uuid, ${row.patientId}::uuid, ${iso(row.measuredAt)}::timestamptz, ${row.recordedBy}::uuid, ${row.organisationId}::uuid,
                  ${json(row.vitals)}::jsonb, ${row.spo2Scale}, ${json(row.tobs)}::jsonb, ${json(row.news2)}::jsonb, ${row.tobsTotal}, ${row.news2Total},
                  ${row.triageLevel}::triage_level, ${json(row.triageReasons)}::jsonb, ${row.payloadHash}, ${iso(row.createdAt)}::timestamptz)
          on conflict (id) do nothing
          returning id
        ),
        ${submissionAlertCtes({
          ...breachAlert(a, row.patientId, now),
          actorId: sql`${row.recordedBy}`,
          eventData: sql`jsonb_build_object('visitId', ${row.id}::text, 'tobs', ${row.tobsTotal}::int, 'news2', ${row.news2Total}::int, 'severity', ${a?.severity ?? null}::text)`,
        })},
        audit as (${auditFrom(v.audit, now, sql`ins`)})
        select exists (select 1 from ins) as inserted, (select row_to_json(alert) from alert) as alert`,
        executor,
      );
      return { inserted: result?.inserted ?? false, alert: result?.alert ?? null };
    },

    async findById(executor: Executor, id: string): Promise<VisitWithAuthor | undefined> {
      const [row] = await this.select(executor).where(eq(visits.id, id)).limit(1);
      return row;
    },

    /** The patient's visits, newest first. */
    list(patientId: string, limit: number): Promise<VisitWithAuthor[]> {
      return this.select(db).where(eq(visits.patientId, patientId)).orderBy(desc(visits.measuredAt), desc(visits.id)).limit(limit);
    },

    select(executor: Executor) {
      return executor
        .select({ ...VISIT_COLUMNS, recordedByName: users.displayName, organisationName: organisations.name })
        .from(visits)
        .innerJoin(users, eq(users.id, visits.recordedBy))
        .leftJoin(organisations, eq(organisations.id, visits.organisationId));
    },
  };
}

const VISIT_COLUMNS = {
  id: visits.id, patientId: visits.patientId, measuredAt: visits.measuredAt, recordedBy: visits.recordedBy, organisationId: visits.organisationId,
  vitals: visits.vitals, spo2Scale: visits.spo2Scale, tobs: visits.tobs, news2: visits.news2, tobsTotal: visits.tobsTotal, news2Total: visits.news2Total,
  triageLevel: visits.triageLevel, triageReasons: visits.triageReasons, payloadHash: visits.payloadHash, createdAt: visits.createdAt,
};

export type VisitRepository = ReturnType<typeof createVisitRepository>;
