import { and, asc, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { LocalizedText, OrganisationType } from '@naer/shared';
import type { LimitRules, MeasurementKind } from '@naer/shared/domain';
import type { Database } from '../../db/client';
import { careTeamMembers, enrolments, organisations, patientLimits, programmes } from '../../db/schema';

export interface ExportProgrammeRow {
  code: string;
  name: LocalizedText;
  enrolledAt: Date;
}

export interface ExportCareTeamRow {
  name: string;
  type: OrganisationType;
  responsibilities: string[];
}

export interface ExportLimitRow {
  kind: MeasurementKind;
  rules: LimitRules;
  validFrom: Date;
}

/** What the readable copy shows beside the FHIR rows: programmes, care team and the limits in force. */
export interface ExportContextRows {
  programmes: ExportProgrammeRow[];
  careTeam: ExportCareTeamRow[];
  limits: ExportLimitRow[];
}

/** Reads for the patient's own copy that the FHIR repository does not hold; the caller has passed the access check. */
export function createPatientExportRepository(database: Database) {
  const { db } = database;
  return {
    async context(patientId: string, now: Date): Promise<ExportContextRows> {
      const [programmeRows, careTeam, limitRows] = await Promise.all([
        db
          .select({ code: programmes.code, name: programmes.name, enrolledAt: enrolments.enrolledAt })
          .from(enrolments)
          .innerJoin(programmes, eq(programmes.code, enrolments.programme))
          .where(and(eq(enrolments.patientId, patientId), isNull(enrolments.endedAt)))
          .orderBy(asc(enrolments.enrolledAt)),
        db
          .select({ name: organisations.name, type: organisations.type, responsibilities: careTeamMembers.responsibilities })
          .from(careTeamMembers)
          .innerJoin(organisations, eq(organisations.id, careTeamMembers.organisationId))
          .where(eq(careTeamMembers.patientId, patientId))
          .orderBy(asc(careTeamMembers.escalationOrder)),
        // The newest version of each kind in force now.
        db
          .selectDistinctOn([patientLimits.kind], { kind: patientLimits.kind, rules: patientLimits.rules, validFrom: patientLimits.validFrom })
          .from(patientLimits)
          .where(and(eq(patientLimits.patientId, patientId), lte(patientLimits.validFrom, sql`${now.toISOString()}::timestamptz`)))
          .orderBy(patientLimits.kind, desc(patientLimits.validFrom), desc(patientLimits.createdAt)),
      ]);
      return { programmes: programmeRows, careTeam, limits: limitRows };
    },
  };
}

export type PatientExportRepository = ReturnType<typeof createPatientExportRepository>;
