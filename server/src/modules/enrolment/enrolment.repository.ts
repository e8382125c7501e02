import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { MeasurementKind, OrganisationType, Programme, Schedule } from '@naer/shared';
import type { LimitRules } from '@naer/shared/domain';
import type { Db, Executor } from '../../db/client';
import { careTeamMembers, enrolments, followUpOwners, invitations, organisations, patientLimits, patients } from '../../db/schema';

export type OrganisationRow = typeof organisations.$inferSelect;

/** A new patient with everything enrolment sets up for them. */
export interface NewEnrolment {
  patient: { name: string; birthDate: string };
  programmes: Programme[];
  schedule: Schedule;
  careTeam: Array<{ organisationId: string; responsibilities: string[]; escalationOrder: number; claimWithinMinutes: number }>;
  limits: Partial<Record<MeasurementKind, LimitRules>>;
  limitReason: string;
  /** The enrolling department, which answers for the follow-up until it hands it over. */
  followUpOrgId: string;
  activationCodeHash: string;
  activationExpiresAt: Date;
  enrolledBy: string;
}

export function createEnrolmentRepository(db: Db) {
  return {
    /** Organisations by type (all without one), ordered by type and name. */
    listOrganisations(type: OrganisationType | undefined): Promise<OrganisationRow[]> {
      return db
        .select()
        .from(organisations)
        .where(type ? eq(organisations.type, type) : undefined)
        .orderBy(asc(organisations.type), asc(organisations.name));
    },

    organisationsByIds(ids: string[]): Promise<OrganisationRow[]> {
      return db.select().from(organisations).where(inArray(organisations.id, ids));
    },

    /** Inserts the patient, their enrolments, care team, first limits, follow-up owner and activation code; returns the patient's id. */
    async insert(executor: Executor, e: NewEnrolment, now: Date): Promise<string> {
      const [patient] = await executor.insert(patients).values({ name: e.patient.name, birthDate: e.patient.birthDate, createdAt: now }).returning({ id: patients.id });
      if (!patient) throw new Error('patient insert returned no row');
      await executor.insert(enrolments).values(e.programmes.map((programme) => ({ patientId: patient.id, programme, enrolledAt: now, enrolledBy: e.enrolledBy, schedule: e.schedule })));
      await executor.insert(careTeamMembers).values(
        e.careTeam.map((m) => ({ patientId: patient.id, organisationId: m.organisationId, responsibilities: m.responsibilities, escalationOrder: m.escalationOrder, claimWithinMinutes: m.claimWithinMinutes, addedAt: now })),
      );
      await executor.insert(patientLimits).values(
        Object.entries(e.limits).map(([kind, rules]) => ({
          patientId: patient.id,
          kind: kind as MeasurementKind,
          rules,
          validFrom: now,
          setBy: e.enrolledBy,
          reason: e.limitReason,
          createdAt: now,
        })),
      );
      await executor.insert(followUpOwners).values({ patientId: patient.id, organisationId: e.followUpOrgId, userId: null, since: now });
      await executor.insert(invitations).values({ codeHash: e.activationCodeHash, kind: 'patient_activation', patientId: patient.id, createdBy: e.enrolledBy, createdAt: now, expiresAt: e.activationExpiresAt });
      return patient.id;
    },

    /** Locks the patient row; its name and whether it has activated (has a user). */
    async lockPatient(executor: Executor, patientId: string): Promise<{ name: string; userId: string | null } | undefined> {
      const [patient] = await executor.select({ name: patients.name, userId: patients.userId }).from(patients).where(eq(patients.id, patientId)).for('update');
      return patient;
    },

    /** Revokes the patient's unused activation codes and stores a new one. */
    async replaceActivationCode(executor: Executor, patientId: string, code: { hash: string; createdBy: string; expiresAt: Date }, now: Date): Promise<void> {
      await executor
        .update(invitations)
        .set({ revokedAt: now })
        .where(and(eq(invitations.patientId, patientId), eq(invitations.kind, 'patient_activation'), isNull(invitations.usedAt), isNull(invitations.revokedAt)));
      await executor.insert(invitations).values({ codeHash: code.hash, kind: 'patient_activation', patientId, createdBy: code.createdBy, createdAt: now, expiresAt: code.expiresAt });
    },
  };
}

export type EnrolmentRepository = ReturnType<typeof createEnrolmentRepository>;
