import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import type { MeasurementKind, MeasurementValue } from '@naer/shared';
import type { LimitRules, PreviewReading, VisitThresholds } from '@naer/shared/domain';
import type { Executor } from '../../db/client';
import { measurements, organisations, patientLimits, patients, users, visitThresholds } from '../../db/schema';

/** One stored limit version with its author. */
export interface LimitVersionRow {
  id: string;
  kind: MeasurementKind;
  rules: LimitRules;
  validFrom: Date;
  createdAt: Date;
  reason: string;
  author: {
    id: string;
    name: string;
    jobTitle: string | null;
    organisation: { id: string; name: string; type: 'hospital' | 'gp' | 'municipality' } | null;
  } | null;
}

const valueOf = (value: number, value2: number | null): MeasurementValue => (value2 === null ? value : { systolic: value, diastolic: value2 });

/** A patient's tightened visit thresholds with who set them and why. */
export interface VisitThresholdsRow extends VisitThresholds {
  setAt: Date;
  reason: string;
  author: LimitVersionRow['author'];
}

export function createLimitRepository() {
  return {
    /** The patient's id and name, or undefined for an unknown patient. */
    async findPatient(executor: Executor, patientId: string): Promise<{ id: string; name: string } | undefined> {
      const [patient] = await executor.select({ id: patients.id, name: patients.name }).from(patients).where(eq(patients.id, patientId));
      return patient;
    },

    /** Locks the patient row until the transaction ends: one limits writer per patient at a time. */
    async lockPatient(executor: Executor, patientId: string): Promise<void> {
      await executor.select({ id: patients.id }).from(patients).where(eq(patients.id, patientId)).for('update');
    },

    /** Every version of the patient's limits (optionally one kind), newest `validFrom` first, with who set it. */
    async versions(executor: Executor, patientId: string, kind?: MeasurementKind): Promise<LimitVersionRow[]> {
      const rows = await executor
        .select({
          id: patientLimits.id,
          kind: patientLimits.kind,
          rules: patientLimits.rules,
          validFrom: patientLimits.validFrom,
          createdAt: patientLimits.createdAt,
          reason: patientLimits.reason,
          userId: users.id,
          userName: users.displayName,
          jobTitle: users.jobTitle,
          orgId: organisations.id,
          orgName: organisations.name,
          orgType: organisations.type,
        })
        .from(patientLimits)
        .leftJoin(users, eq(users.id, patientLimits.setBy))
        .leftJoin(organisations, eq(organisations.id, users.organisationId))
        .where(and(eq(patientLimits.patientId, patientId), kind ? eq(patientLimits.kind, kind) : undefined))
        .orderBy(asc(patientLimits.kind), desc(patientLimits.validFrom), desc(patientLimits.createdAt));
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        rules: r.rules,
        validFrom: r.validFrom,
        createdAt: r.createdAt,
        reason: r.reason,
        author:
          r.userId && r.userName
            ? {
                id: r.userId,
                name: r.userName,
                jobTitle: r.jobTitle,
                organisation: r.orgId && r.orgName && r.orgType ? { id: r.orgId, name: r.orgName, type: r.orgType } : null,
              }
            : null,
      }));
    },

    /** Appends a version; versions are never updated (a trigger moves the patient's triage context version on). */
    async insert(executor: Executor, row: { patientId: string; kind: MeasurementKind; rules: LimitRules; validFrom: Date; setBy: string; reason: string; createdAt: Date }): Promise<string> {
      const [inserted] = await executor.insert(patientLimits).values(row).returning({ id: patientLimits.id });
      if (!inserted) throw new Error('limit insert returned no row');
      return inserted.id;
    },

    /** The patient's tightened visit thresholds, or undefined while the national ones apply. */
    async visitThresholds(executor: Executor, patientId: string): Promise<VisitThresholdsRow | undefined> {
      const [r] = await executor
        .select({
          news2Red: visitThresholds.news2Red, news2Yellow: visitThresholds.news2Yellow, tobsYellow: visitThresholds.tobsYellow, setAt: visitThresholds.setAt, reason: visitThresholds.reason,
          userId: users.id, userName: users.displayName, jobTitle: users.jobTitle, orgId: organisations.id, orgName: organisations.name, orgType: organisations.type,
        })
        .from(visitThresholds)
        .innerJoin(users, eq(users.id, visitThresholds.setBy))
        .leftJoin(organisations, eq(organisations.id, users.organisationId))
        .where(eq(visitThresholds.patientId, patientId));
      if (!r) return undefined;
      const organisation = r.orgId && r.orgName && r.orgType ? { id: r.orgId, name: r.orgName, type: r.orgType } : null;
      return { news2Red: r.news2Red, news2Yellow: r.news2Yellow, tobsYellow: r.tobsYellow, setAt: r.setAt, reason: r.reason, author: { id: r.userId, name: r.userName, jobTitle: r.jobTitle, organisation } };
    },

    /** Sets the patient's visit thresholds (one row per patient; the audit log keeps the earlier values). */
    async saveVisitThresholds(executor: Executor, row: VisitThresholds & { patientId: string; setBy: string; reason: string; setAt: Date }): Promise<void> {
      const { patientId, ...values } = row;
      await executor.insert(visitThresholds).values(row).onConflictDoUpdate({ target: visitThresholds.patientId, set: values });
    },

    /** The patient's readings of one kind in [from, to], oldest first, as the what-if preview needs them. */
    async readings(executor: Executor, patientId: string, kind: MeasurementKind, from: Date, to: Date): Promise<PreviewReading[]> {
      const rows = await executor
        .select({ id: measurements.id, kind: measurements.kind, value: measurements.value, value2: measurements.value2, measuredAt: measurements.measuredAt, quality: measurements.quality })
        .from(measurements)
        .where(and(eq(measurements.patientId, patientId), eq(measurements.kind, kind), gte(measurements.measuredAt, from), lte(measurements.measuredAt, to)))
        .orderBy(asc(measurements.measuredAt));
      return rows.map((r) => ({ id: r.id, kind: r.kind, value: valueOf(r.value, r.value2), measuredAt: r.measuredAt, quality: r.quality }));
    },
  };
}

export type LimitRepository = ReturnType<typeof createLimitRepository>;
