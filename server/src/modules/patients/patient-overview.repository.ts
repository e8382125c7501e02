import { sql } from 'drizzle-orm';
import type { OverviewAlert, OverviewQuestionnaire, OverviewReading } from '@naer/shared';
import type { Database } from '../../db/client';

/** The overview's three lists, each built as JSON by the database in one statement. */
export function createPatientOverviewRepository(database: Database) {
  return {
    /** Readings from `readingsFrom` (before the period: the window of limits at its start), the rest from `from`. */
    async read(patientId: string, from: Date, readingsFrom: Date): Promise<{ readings: OverviewReading[]; questionnaires: OverviewQuestionnaire[]; alerts: OverviewAlert[] }> {
      const since = from.toISOString();
      const readingsSince = readingsFrom.toISOString();
      const [row] = await database.rows<{ readings: OverviewReading[] | null; questionnaires: OverviewQuestionnaire[] | null; alerts: OverviewAlert[] | null }>(sql`
        select
          (select json_agg(json_build_object(
                    'id', m.id, 'kind', m.kind, 'value', m.value, 'value2', m.value2,
                    'measuredAt', to_char(m.measured_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'level', m.triage_level, 'quality', m.quality, 'source', m.source,
                    'enteredByName', case when m.source = 'nurse' then (select u.display_name from users u where u.id = m.entered_by) end,
                    'limitId', m.limit_id) order by m.measured_at, m.id)
             from measurements m where m.patient_id = ${patientId}::uuid and m.measured_at >= ${readingsSince}::timestamptz) as readings,
          (select json_agg(json_build_object(
                    'id', r.id, 'questionnaireId', r.questionnaire_id, 'version', r.questionnaire_version,
                    'answeredAt', to_char(r.answered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'score', r.score, 'level', r.triage_level, 'answers', r.answers) order by r.answered_at, r.id)
             from questionnaire_responses r where r.patient_id = ${patientId}::uuid and r.answered_at >= ${since}::timestamptz) as questionnaires,
          (select json_agg(json_build_object(
                    'id', a.id, 'rule', a.rule, 'severity', a.severity, 'status', a.status,
                    'openedAt', to_char(a.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'resolvedAt', to_char(a.resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'outcome', a.outcome, 'outcomeNote', a.outcome_note,
                    'owner', (select u.display_name from users u where u.id = a.owner_id),
                    'responsibleOrganisation', (select o.name from organisations o where o.id = a.responsible_org_id),
                    'events', coalesce((select json_agg(json_build_object(
                                 'id', e.id::text, 'type', e.type, 'at', to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                 'actor', case when u.id is null then null else json_build_object(
                                   'id', u.id, 'name', u.display_name, 'jobTitle', u.job_title, 'role', u.role,
                                   'organisation', case when o.id is null then null else json_build_object('id', o.id, 'name', o.name, 'type', o.type) end) end,
                                 'data', e.data) order by e.at, e.id)
                              from alert_events e left join users u on u.id = e.actor_id left join organisations o on o.id = u.organisation_id
                             where e.alert_id = a.id), '[]'::json)) order by a.opened_at, a.id)
             from alerts a
            where a.patient_id = ${patientId}::uuid
              and (a.opened_at >= ${since}::timestamptz or a.status <> 'resolved' or a.resolved_at >= ${since}::timestamptz)) as alerts`);
      return { readings: row?.readings ?? [], questionnaires: row?.questionnaires ?? [], alerts: row?.alerts ?? [] };
    },
  };
}

export type PatientOverviewRepository = ReturnType<typeof createPatientOverviewRepository>;
