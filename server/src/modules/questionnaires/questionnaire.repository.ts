import { and, desc, eq, lt, or } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Programme, TriageLevel } from '@naer/shared';
import type { AlertBreach, CareTeamEntry, QuestionnaireHistoryEntry } from '@naer/shared/domain';
import type { Database, Executor } from '../../db/client';
import { questionnaireResponses } from '../../db/schema';
import type { PatientScope } from '../../kernel/patient-scope';
import type { AuditEntry } from '../audit/audit.repository';
import { auditFrom } from '../audit/audit.repository';
import type { AlertRow } from '../alerts/alert.mapper';
import { breachAlert, submissionAlertCtes } from '../alerts/alert.sql';
import { careTeamJson } from '../patients/care-team.repository';

export type QuestionnaireResponseRow = typeof questionnaireResponses.$inferSelect;

/** Everything storing one response needs about its patient, fetched in one round trip. */
export interface ResponseContext {
  scope: PatientScope | undefined;
  careTeam: CareTeamEntry[];
  /** The patient's active programmes: they decide which questionnaires the patient answers. */
  programmes: Programme[];
  /** Earlier scored responses to the same questionnaire, newest first (only when a rule needs them). */
  history: QuestionnaireHistoryEntry[];
}

export interface NewResponse {
  row: QuestionnaireResponseRow;
  /** The alert to open or update (rule `q:<questionnaire id>`), or undefined for a green response. */
  alert: AlertBreach | undefined;
  audit: AuditEntry;
}

/** The newest response per questionnaire of one patient. */
export interface LastResponseRow {
  questionnaire_id: string;
  questionnaire_version: number;
  id: string;
  answered_at: string | Date;
  score: number | null;
  triage_level: TriageLevel;
}

const iso = (date: Date) => date.toISOString();
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The patient's active programmes (`p` is the patients row). */
const ACTIVE_PROGRAMMES = sql`(select array_agg(distinct e.programme::text) from enrolments e where e.patient_id = p.id and e.ended_at is null)`;

export function createQuestionnaireRepository(database: Database) {
  return {
    /**
     * Care team, access scope and active programmes of the patient, and (when `history.limit` > 0) their earlier
     * responses to the questionnaire answered in [answeredAt − days, answeredAt), newest first.
     */
    async loadContext(
      executor: Executor,
      patientId: string,
      questionnaireId: string,
      responseId: string,
      answeredAt: Date,
      history: { days: number; limit: number },
    ): Promise<ResponseContext> {
      const from = new Date(answeredAt.getTime() - history.days * 86_400_000);
      const [row] = await database.rows<{ id: string; care_team: CareTeamEntry[] | null; programmes: Programme[] | null; history: Array<{ s: number | null; t: string }> | null }>(
        sql`
        select p.id,
          ${careTeamJson(sql`p.id`)} as care_team,
          ${ACTIVE_PROGRAMMES} as programmes,
          (select json_agg(json_build_object('s', h.score, 't', h.answered_at) order by h.answered_at desc)
             from (select r.score, r.answered_at from questionnaire_responses r
                    where r.patient_id = p.id and r.questionnaire_id = ${questionnaireId} and r.id <> ${responseId}::uuid
                      and r.answered_at >= ${iso(from)}::timestamptz and r.answered_at < ${iso(answeredAt)}::timestamptz
                    order by r.answered_at desc limit ${history.limit}) h) as history
        from patients p
        where p.id = ${patientId}::uuid`,
        executor,
      );
      if (!row) return { scope: undefined, careTeam: [], programmes: [], history: [] };
      const careTeam = row.care_team ?? [];
      return {
        scope: { id: row.id, careTeamOrgIds: careTeam.map((c) => c.organisationId) },
        careTeam,
        programmes: row.programmes ?? [],
        history: (row.history ?? []).map((h) => ({ score: h.s, answeredAt: new Date(h.t) })),
      };
    },

    /**
     * Stores the response, opens or updates the patient's alert for this questionnaire and writes
     * the audit record in ONE statement (atomic, one round trip). `inserted: false` for a replay.
     */
    async insert(executor: Executor, r: NewResponse, now: Date): Promise<{ inserted: boolean; alert: AlertRow | null }> {
      const row = r.row;
      const a = r.alert;
      const [result] = await database.rows<{ inserted: boolean; alert: AlertRow | null }>(
        sql`
        with ins as (
          insert into questionnaire_responses (id, patient_id, questionnaire_id, questionnaire_version, answers, score, answered_at, received_at,
                                               source, entered_by, triage_level, triage_reasons, payload_hash)
          values (${row.id}::uuid, ${row.patientId}::uuid, ${row.questionnaireId}, ${row.questionnaireVersion}, ${json(row.answers)}::jsonb,
                  ${row.score}::double precision, ${iso(row.answeredAt)}::timestamptz, ${iso(row.receivedAt)}::timestamptz,
                  ${row.source}::measurement_source, ${row.enteredBy}::uuid, ${row.triageLevel}::triage_level,
                  ${json(row.triageReasons)}::jsonb, ${row.payloadHash})
          on conflict (id) do nothing
          returning id
        ),
        ${submissionAlertCtes({
          ...breachAlert(a, row.patientId, now),
          actorId: sql`${row.enteredBy}`,
          eventData: sql`jsonb_build_object('questionnaireResponseId', ${row.id}::text, 'questionnaireId', ${row.questionnaireId}::text,
                                            'score', ${row.score}::double precision, 'severity', ${a?.severity ?? null}::text)`,
        })},
        audit as (${auditFrom(r.audit, now, sql`ins`)})
        select exists (select 1 from ins) as inserted, (select row_to_json(alert) from alert) as alert`,
        executor,
      );
      return { inserted: result?.inserted ?? false, alert: result?.alert ?? null };
    },

    async findById(executor: Executor, id: string): Promise<QuestionnaireResponseRow | undefined> {
      const [row] = await executor.select().from(questionnaireResponses).where(eq(questionnaireResponses.id, id)).limit(1);
      return row;
    },

    /** The patient's active programmes and their newest response to each questionnaire, in one round trip. */
    async overview(patientId: string): Promise<{ programmes: Programme[]; last: LastResponseRow[] }> {
      const [row] = await database.rows<{ programmes: Programme[] | null; last: LastResponseRow[] | null }>(sql`
        select
          ${ACTIVE_PROGRAMMES} as programmes,
          (select json_agg(l) from (
             select distinct on (r.questionnaire_id) r.questionnaire_id, r.questionnaire_version, r.id, r.answered_at, r.score, r.triage_level
               from questionnaire_responses r where r.patient_id = p.id
              order by r.questionnaire_id, r.answered_at desc, r.id desc) l) as last
        from patients p where p.id = ${patientId}::uuid`);
      return { programmes: row?.programmes ?? [], last: row?.last ?? [] };
    },

    /** One page of a patient's responses, newest first, keyed on (answeredAt, id). */
    async list(patientId: string, q: { questionnaireId?: string | undefined; limit: number; after?: { answeredAt: Date; id: string } | undefined }): Promise<QuestionnaireResponseRow[]> {
      const t = questionnaireResponses;
      const conditions = [eq(t.patientId, patientId)];
      if (q.questionnaireId) conditions.push(eq(t.questionnaireId, q.questionnaireId));
      if (q.after) {
        const cursor = or(lt(t.answeredAt, q.after.answeredAt), and(eq(t.answeredAt, q.after.answeredAt), lt(t.id, q.after.id)));
        if (cursor) conditions.push(cursor);
      }
      return database.db
        .select()
        .from(t)
        .where(and(...conditions))
        .orderBy(desc(t.answeredAt), desc(t.id))
        .limit(q.limit);
    },
  };
}

export type QuestionnaireRepository = ReturnType<typeof createQuestionnaireRepository>;
