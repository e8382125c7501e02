import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { MeasurementKind } from '@naer/shared';
import type { LimitRules } from '@naer/shared/domain';
import type { Database } from '../../db/client';
import { alerts, careTeamMembers, consultations, measurements, messages, organisations, patientLimits, patients, questionnaireResponses, users, visits } from '../../db/schema';

type Clinician = { enteredByName: string | null; enteredByJobTitle: string | null };
export type MeasurementFhirRow = typeof measurements.$inferSelect & Clinician & { limitRules: LimitRules | null };
export type QuestionnaireFhirRow = typeof questionnaireResponses.$inferSelect & Clinician;
export type VisitFhirRow = typeof visits.$inferSelect & { recordedByName: string; recordedByJobTitle: string | null; organisationName: string | null };
export type AlertFhirRow = typeof alerts.$inferSelect & { responsibleOrgName: string | null };
export type ConsultationFhirRow = typeof consultations.$inferSelect & { organiserName: string; organisationName: string | null };
export interface PatientFhirRow {
  id: string;
  name: string;
  birthDate: string | null;
  generalPractitioners: string[];
}

/** All of one patient's rows, oldest first. */
export interface PatientRecordRows {
  measurements: MeasurementFhirRow[];
  answers: QuestionnaireFhirRow[];
  visits: VisitFhirRow[];
  alerts: AlertFhirRow[];
  consultations: ConsultationFhirRow[];
  messages: MessageFhirRow[];
}

/** A message in the patient's thread, with who sent it. */
export interface MessageFhirRow {
  id: string;
  patientId: string;
  body: string;
  sentAt: Date;
  senderName: string;
  senderRole: string;
  organisationName: string | null;
}

/** A half-open time bound of a search (`date=` prefixes normalised to ge/lt). */
export interface TimeBound {
  op: 'ge' | 'lt';
  at: Date;
}

/** Where a page starts: strictly after this (time, FHIR id) in newest-first order. */
export interface PageCursor {
  at: Date;
  id: string;
}

export interface PageQuery {
  patientId: string;
  bounds: readonly TimeBound[];
  after: PageCursor | undefined;
  limit: number;
}

/** Newest first by time, then by FHIR id in byte order ("C" collation, as JavaScript compares strings). */
function window(at: PgColumn, fhirId: SQL, q: PageQuery): SQL[] {
  const conditions = q.bounds.map((b) => (b.op === 'ge' ? sql`${at} >= ${b.at.toISOString()}::timestamptz` : sql`${at} < ${b.at.toISOString()}::timestamptz`));
  if (q.after) {
    const t = q.after.at.toISOString();
    conditions.push(sql`(${at} < ${t}::timestamptz or (${at} = ${t}::timestamptz and ${fhirId} collate "C" < ${q.after.id}::text collate "C"))`);
  }
  return conditions;
}

const idText = (column: PgColumn, prefix = '') => (prefix ? sql`(${prefix}::text || ${column}::text)` : sql`${column}::text`);

/** Reads for the FHIR API; every caller has passed the access check for the patient first (or checks the row's patient). */
export function createFhirRepository(database: Database) {
  const { db } = database;

  const measurementRows = () =>
    db
      .select({ m: measurements, limitRules: patientLimits.rules, enteredByName: users.displayName, enteredByJobTitle: users.jobTitle })
      .from(measurements)
      .leftJoin(patientLimits, eq(patientLimits.id, measurements.limitId))
      .leftJoin(users, eq(users.id, measurements.enteredBy));
  const toMeasurement = (r: { m: typeof measurements.$inferSelect; limitRules: LimitRules | null; enteredByName: string | null; enteredByJobTitle: string | null }): MeasurementFhirRow => ({
    ...r.m, limitRules: r.limitRules, enteredByName: r.enteredByName, enteredByJobTitle: r.enteredByJobTitle,
  });

  const answerRows = () =>
    db
      .select({ q: questionnaireResponses, enteredByName: users.displayName, enteredByJobTitle: users.jobTitle })
      .from(questionnaireResponses)
      .leftJoin(users, eq(users.id, questionnaireResponses.enteredBy));
  const toAnswer = (r: { q: typeof questionnaireResponses.$inferSelect; enteredByName: string | null; enteredByJobTitle: string | null }): QuestionnaireFhirRow => ({
    ...r.q, enteredByName: r.enteredByName, enteredByJobTitle: r.enteredByJobTitle,
  });

  const visitRows = () =>
    db
      .select({ v: visits, recordedByName: users.displayName, recordedByJobTitle: users.jobTitle, organisationName: organisations.name })
      .from(visits)
      .innerJoin(users, eq(users.id, visits.recordedBy))
      .leftJoin(organisations, eq(organisations.id, visits.organisationId));
  const toVisit = (r: { v: typeof visits.$inferSelect; recordedByName: string; recordedByJobTitle: string | null; organisationName: string | null }): VisitFhirRow => ({
    ...r.v, recordedByName: r.recordedByName, recordedByJobTitle: r.recordedByJobTitle, organisationName: r.organisationName,
  });

  const alertRows = () => db.select({ a: alerts, responsibleOrgName: organisations.name }).from(alerts).leftJoin(organisations, eq(organisations.id, alerts.responsibleOrgId));
  const consultationRows = () =>
    db
      .select({ c: consultations, organiserName: users.displayName, organisationName: organisations.name })
      .from(consultations)
      .innerJoin(users, eq(users.id, consultations.organiserId))
      .leftJoin(organisations, eq(organisations.id, consultations.organisationId));

  return {
    async patient(id: string): Promise<PatientFhirRow | undefined> {
      const [row] = await db.select({ id: patients.id, name: patients.name, birthDate: patients.birthDate }).from(patients).where(eq(patients.id, id));
      if (!row) return undefined;
      const gps = await db
        .select({ name: organisations.name })
        .from(careTeamMembers)
        .innerJoin(organisations, eq(organisations.id, careTeamMembers.organisationId))
        .where(and(eq(careTeamMembers.patientId, id), eq(organisations.type, 'gp')))
        .orderBy(asc(careTeamMembers.escalationOrder));
      return { ...row, generalPractitioners: gps.map((g) => g.name) };
    },

    async measurement(id: string): Promise<MeasurementFhirRow | undefined> {
      const [row] = await measurementRows().where(eq(measurements.id, id));
      return row && toMeasurement(row);
    },

    /** One page of readings (kinds: all when undefined), newest first, one row more than asked (there is a next page). */
    async measurements(q: PageQuery, kinds: readonly MeasurementKind[] | undefined): Promise<MeasurementFhirRow[]> {
      const rows = await measurementRows()
        .where(and(eq(measurements.patientId, q.patientId), kinds ? inArray(measurements.kind, [...kinds]) : undefined, ...window(measurements.measuredAt, idText(measurements.id), q)))
        .orderBy(desc(measurements.measuredAt), desc(sql`${measurements.id}::text collate "C"`))
        .limit(q.limit + 1);
      return rows.map(toMeasurement);
    },

    async answer(id: string): Promise<QuestionnaireFhirRow | undefined> {
      const [row] = await answerRows().where(eq(questionnaireResponses.id, id));
      return row && toAnswer(row);
    },

    /** Answers newest first; `fhirIdPrefix` orders them as the Observations (score-…) or the responses themselves. */
    async answers(q: PageQuery, o: { questionnaireIds?: readonly string[]; scoredOnly: boolean; fhirIdPrefix: string }): Promise<QuestionnaireFhirRow[]> {
      const rows = await answerRows()
        .where(and(
          eq(questionnaireResponses.patientId, q.patientId),
          o.questionnaireIds ? inArray(questionnaireResponses.questionnaireId, [...o.questionnaireIds]) : undefined,
          o.scoredOnly ? isNotNull(questionnaireResponses.score) : undefined,
          ...window(questionnaireResponses.answeredAt, idText(questionnaireResponses.id, o.fhirIdPrefix), q),
        ))
        .orderBy(desc(questionnaireResponses.answeredAt), desc(sql`${idText(questionnaireResponses.id, o.fhirIdPrefix)} collate "C"`))
        .limit(q.limit + 1);
      return rows.map(toAnswer);
    },

    async visit(id: string): Promise<VisitFhirRow | undefined> {
      const [row] = await visitRows().where(eq(visits.id, id));
      return row && toVisit(row);
    },

    /** Visits with a score Observation (prefix tobs- or news2-) after the cursor, newest first. */
    async visits(q: PageQuery, prefixes: readonly string[]): Promise<VisitFhirRow[]> {
      const windows = prefixes.map((p) => and(...window(visits.measuredAt, idText(visits.id, p), q)) ?? sql`true`);
      const rows = await visitRows()
        .where(and(eq(visits.patientId, q.patientId), sql`(${sql.join(windows, sql` or `)})`))
        .orderBy(desc(visits.measuredAt), desc(visits.id))
        .limit(q.limit + 1);
      return rows.map(toVisit);
    },

    async alert(id: string): Promise<AlertFhirRow | undefined> {
      const [row] = await alertRows().where(eq(alerts.id, id));
      return row && { ...row.a, responsibleOrgName: row.responsibleOrgName };
    },

    /** Open (unresolved) alerts, newest first. */
    async openAlerts(q: PageQuery): Promise<AlertFhirRow[]> {
      const rows = await alertRows()
        .where(and(eq(alerts.patientId, q.patientId), ne(alerts.status, 'resolved'), ...window(alerts.openedAt, idText(alerts.id), q)))
        .orderBy(desc(alerts.openedAt), desc(sql`${alerts.id}::text collate "C"`))
        .limit(q.limit + 1);
      return rows.map((r) => ({ ...r.a, responsibleOrgName: r.responsibleOrgName }));
    },

    async consultation(id: string): Promise<ConsultationFhirRow | undefined> {
      const [row] = await consultationRows().where(eq(consultations.id, id));
      return row && { ...row.c, organiserName: row.organiserName, organisationName: row.organisationName };
    },

    async consultations(q: PageQuery): Promise<ConsultationFhirRow[]> {
      const rows = await consultationRows()
        .where(and(eq(consultations.patientId, q.patientId), ...window(consultations.startsAt, idText(consultations.id), q)))
        .orderBy(desc(consultations.startsAt), desc(sql`${consultations.id}::text collate "C"`))
        .limit(q.limit + 1);
      return rows.map((r) => ({ ...r.c, organiserName: r.organiserName, organisationName: r.organisationName }));
    },

    /** Every row Naer holds about the patient, oldest first, for the patient's own copy (no paging: a patient's history is small). */
    async everything(patientId: string): Promise<PatientRecordRows> {
      const [readings, answers, visitList, alertList, consultationList, messageList] = await Promise.all([
        measurementRows().where(eq(measurements.patientId, patientId)).orderBy(asc(measurements.measuredAt), asc(measurements.id)),
        answerRows().where(eq(questionnaireResponses.patientId, patientId)).orderBy(asc(questionnaireResponses.answeredAt), asc(questionnaireResponses.id)),
        visitRows().where(eq(visits.patientId, patientId)).orderBy(asc(visits.measuredAt), asc(visits.id)),
        alertRows().where(eq(alerts.patientId, patientId)).orderBy(asc(alerts.openedAt), asc(alerts.id)),
        consultationRows().where(eq(consultations.patientId, patientId)).orderBy(asc(consultations.startsAt), asc(consultations.id)),
        db
          .select({ id: messages.id, patientId: messages.patientId, body: messages.body, sentAt: messages.sentAt, senderName: users.displayName, senderRole: messages.senderRole, organisationName: organisations.name })
          .from(messages)
          .innerJoin(users, eq(users.id, messages.senderId))
          .leftJoin(organisations, eq(organisations.id, messages.senderOrgId))
          .where(eq(messages.patientId, patientId))
          .orderBy(asc(messages.sentAt), asc(messages.id)),
      ]);
      return {
        measurements: readings.map(toMeasurement),
        answers: answers.map(toAnswer),
        visits: visitList.map(toVisit),
        alerts: alertList.map((r) => ({ ...r.a, responsibleOrgName: r.responsibleOrgName })),
        consultations: consultationList.map((r) => ({ ...r.c, organiserName: r.organiserName, organisationName: r.organisationName })),
        messages: messageList,
      };
    },
  };
}

export type FhirRepository = ReturnType<typeof createFhirRepository>;
