import { ACTIVATION_CODE_TTL_DAYS, defaultSchedule } from '@naer/shared';
import type { EnrolmentInput, EnrolmentResponse, OrganisationOption, OrganisationType, ReissuedActivation } from '@naer/shared';
import { mergeLimits } from '@naer/shared/domain';
import type { Database } from '../../db/client';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AccessService } from '../access/access.service';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { hashActivationCode, newActivationCode } from './activation-code';
import { createEnrolmentRepository } from './enrolment.repository';
import type { OrganisationRow } from './enrolment.repository';

/** Reason recorded on the first limit versions of a new patient. */
export const ENROLMENT_LIMIT_REASON = 'Programmets standardgrænser ved indskrivning';

const DAY_MS = 86_400_000;

const toOption = (o: OrganisationRow): OrganisationOption => ({ id: o.id, name: o.name, type: o.type, alwaysOpen: o.alwaysOpen, serviceHours: o.serviceHours ?? null });

/** Today's date in Denmark as YYYY-MM-DD, for comparing with a birth date. */
const danishToday = (now: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(now);

export function createEnrolmentService(deps: { database: Database; access: AccessService; audit: AuditRepository; clock: Clock }) {
  const { database, access, audit, clock } = deps;
  const { db } = database;
  const enrolmentRows = createEnrolmentRepository(db);

  /** Enrolment is the hospital's task (domain.md §1); a refusal is audited like any other. */
  async function requireHospitalClinician(actor: Actor, now: Date): Promise<NonNullable<Actor['organisation']>> {
    if (actor.role === 'clinician' && actor.organisation?.type === 'hospital') return actor.organisation;
    await audit.record(db, { actor, resource: 'enrolment', action: 'create', outcome: 'refused' }, now);
    throw new ForbiddenError('Only clinicians at a hospital department can enrol patients. Ask the hospital department that follows the patient to enrol them.');
  }

  async function loadCareTeamOrganisations(input: EnrolmentInput, own: { id: string; name: string }): Promise<Map<string, OrganisationRow>> {
    const ids = input.careTeam.map((m) => m.organisationId);
    const rows = await enrolmentRows.organisationsByIds(ids);
    const byId = new Map(rows.map((o) => [o.id, o]));
    const unknown = input.careTeam.flatMap((m, i) => (byId.has(m.organisationId) ? [] : [{ path: `careTeam.${i}.organisationId`, message: 'no organisation with this id: choose one from the list' }]));
    if (unknown.length > 0) throw new ValidationError(unknown.map((d) => `${d.path}: ${d.message}`).join('; '), unknown);
    if (!byId.has(own.id)) {
      throw new ValidationError(`careTeam: add your own department (${own.name}) to the care team, so you can follow the patient you enrol.`, [
        { path: 'careTeam', message: 'your own department is missing' },
      ]);
    }
    return byId;
  }

  return {
    /** Organisations for the care-team picker and the dashboard's filters, by type and name. */
    async organisations(actor: Actor, type: OrganisationType | undefined): Promise<OrganisationOption[]> {
      if (actor.role !== 'clinician' && actor.role !== 'admin') throw new ForbiddenError('The organisation list is for clinicians and administrators.');
      const rows = await enrolmentRows.listOrganisations(type);
      return rows.map(toOption);
    },

    /**
     * Creates the patient, their enrolments, care team, schedule, first limits (the programmes'
     * defaults) and a one-time activation code, in one transaction. The code is returned once;
     * only its hash is stored.
     */
    async enrol(actor: Actor, input: EnrolmentInput): Promise<EnrolmentResponse> {
      const now = clock.now();
      const own = await requireHospitalClinician(actor, now);
      if (input.patient.birthDate > danishToday(now)) {
        throw new ValidationError('patient.birthDate: lies in the future; check the date.', [{ path: 'patient.birthDate', message: 'in the future' }]);
      }
      const orgs = await loadCareTeamOrganisations(input, own);
      const schedule = input.schedule ?? defaultSchedule(input.programmes);
      const code = newActivationCode();
      const expiresAt = new Date(now.getTime() + ACTIVATION_CODE_TTL_DAYS * DAY_MS);
      const team = input.careTeam.map((m, i) => ({ ...m, escalationOrder: m.escalationOrder ?? i }));

      const patientId = await db.transaction(async (tx) => {
        const id = await enrolmentRows.insert(
          tx,
          {
            patient: input.patient,
            programmes: input.programmes,
            schedule,
            careTeam: team,
            limits: mergeLimits(input.programmes),
            limitReason: ENROLMENT_LIMIT_REASON,
            followUpOrgId: own.id,
            activationCodeHash: hashActivationCode(code),
            activationExpiresAt: expiresAt,
            enrolledBy: actor.userId,
          },
          now,
        );
        // Ids and programmes only: names and birth dates stay out of the audit details.
        await audit.record(tx, { actor, patientId: id, resource: 'enrolment', action: 'create', details: { programmes: input.programmes, careTeam: team.map((m) => m.organisationId) } }, now);
        return id;
      });

      return {
        patient: { id: patientId, name: input.patient.name, birthDate: input.patient.birthDate, programmes: input.programmes },
        careTeam: [...team]
          .sort((a, b) => a.escalationOrder - b.escalationOrder)
          .map((m) => {
            const org = orgs.get(m.organisationId);
            if (!org) throw new Error('care team organisation vanished');
            return { organisation: toOption(org), responsibilities: m.responsibilities, escalationOrder: m.escalationOrder, claimWithinMinutes: m.claimWithinMinutes };
          }),
        schedule,
        activation: { code, expiresAt: expiresAt.toISOString() },
      };
    },

    /**
     * A new activation code for a patient who has not activated yet (the letter was lost, or the code
     * expired); earlier unused codes stop working. For clinicians on the care team.
     */
    async reissueActivation(actor: Actor, patientId: string): Promise<ReissuedActivation> {
      const now = clock.now();
      if (actor.role !== 'clinician') {
        await audit.record(db, { actor, patientId, resource: 'activation_code', action: 'create', outcome: 'refused' }, now);
        throw new ForbiddenError('Only clinicians on the patient\u2019s care team can issue an activation code.');
      }
      await access.checkPatient(actor, patientId, 'write', 'activation_code');
      const code = newActivationCode();
      const expiresAt = new Date(now.getTime() + ACTIVATION_CODE_TTL_DAYS * DAY_MS);
      const name = await db.transaction(async (tx) => {
        const patient = await enrolmentRows.lockPatient(tx, patientId);
        if (!patient) throw new NotFoundError('patient', patientId);
        if (patient.userId) throw new ConflictError('The patient has already activated their account: they log in with their e-mail and password.');
        await enrolmentRows.replaceActivationCode(tx, patientId, { hash: hashActivationCode(code), createdBy: actor.userId, expiresAt }, now);
        await audit.record(tx, { actor, patientId, resource: 'activation_code', action: 'create' }, now);
        return patient.name;
      });
      return { code, expiresAt: expiresAt.toISOString(), patient: { id: patientId, name } };
    },
  };
}

export type EnrolmentService = ReturnType<typeof createEnrolmentService>;
