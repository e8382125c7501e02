import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Consultation, ConsultationParticipant } from '@naer/shared';
import type { Database, Executor } from '../../db/client';
import type { AuditEntry } from '../audit/audit.repository';
import { auditFrom } from '../audit/audit.repository';

const iso = (date: Date) => date.toISOString();
const TIME = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One consultation as the public Consultation's JSON, built by the database (`c` is the consultations row). */
const CONSULTATION_JSON = sql`json_build_object(
  'id', c.id, 'patientId', c.patient_id, 'patientName', (select p.name from patients p where p.id = c.patient_id),
  'startsAt', ${TIME(sql`c.starts_at`)}, 'durationMinutes', c.duration_minutes, 'type', c.type, 'purpose', c.purpose, 'status', c.status,
  'organiserId', c.organiser_id,
  'organisation', (select json_build_object('id', o.id, 'name', o.name, 'type', o.type) from organisations o where o.id = c.organisation_id),
  'participants', coalesce((select json_agg(json_build_object(
      'userId', u.id, 'displayName', u.display_name, 'role', u.role,
      'organisation', (select json_build_object('id', o.id, 'name', o.name, 'type', o.type) from organisations o where o.id = u.organisation_id))
      order by case u.role when 'clinician' then 0 when 'patient' then 1 else 2 end, u.display_name)
    from consultation_participants cp join users u on u.id = cp.user_id where cp.consultation_id = c.id), '[]'::json),
  'summary', c.summary,
  'call', (select json_build_object('organisation', json_build_object('id', o.id, 'name', o.name, 'type', o.type), 'takenBy', c.taken_by)
             from organisations o where o.id = c.called_organisation_id))`;

export interface NewConsultation {
  patientId: string;
  organiserId: string;
  organisationId: string | null;
  startsAt: Date;
  durationMinutes: number;
  type: string;
  purpose: string;
  participantUserIds: string[];
  /** An ad-hoc call: the organisation called. */
  calledOrganisationId?: string | null;
}

/** Consultations and who takes part: one statement per write, with its audit record. */
export function createConsultationRepository(database: Database) {
  const one = async (where: SQL, executor?: Executor) => (await database.rows<{ c: Consultation }>(sql`select ${CONSULTATION_JSON} as c from consultations c where ${where}`, executor))[0]?.c;
  return {
    async insert(executor: Executor, c: NewConsultation, audit: AuditEntry, now: Date): Promise<Consultation | undefined> {
      const [row] = await database.rows<{ id: string }>(
        sql`with ins as (
              insert into consultations (patient_id, organiser_id, organisation_id, starts_at, duration_minutes, type, purpose, status, called_organisation_id, created_at, updated_at)
              values (${c.patientId}::uuid, ${c.organiserId}::uuid, ${c.organisationId}::uuid, ${iso(c.startsAt)}::timestamptz, ${c.durationMinutes}, ${c.type}, ${c.purpose}, 'scheduled',
                      ${c.calledOrganisationId ?? null}::uuid, ${iso(now)}::timestamptz, ${iso(now)}::timestamptz)
              returning id
            ),
            people as (
              insert into consultation_participants (consultation_id, user_id)
              select ins.id, u from ins, unnest(${`{${[c.organiserId, ...c.participantUserIds].join(',')}}`}::uuid[]) as u
              on conflict do nothing
            ),
            audit as (${auditFrom(audit, now, sql`ins`)})
            select id from ins`,
        executor,
      );
      return row ? one(sql`c.id = ${row.id}::uuid`, executor) : undefined;
    },

    find: (id: string, executor?: Executor) => one(sql`c.id = ${id}::uuid`, executor),

    /** Whether the user is invited to the consultation. */
    async isParticipant(id: string, userId: string): Promise<boolean> {
      const rows = await database.rows(sql`select 1 from consultation_participants where consultation_id = ${id}::uuid and user_id = ${userId}::uuid`);
      return rows.length > 0;
    },

    /** The user's consultations starting in [from, to), soonest first. */
    async forUser(userId: string, from: Date, to: Date): Promise<Consultation[]> {
      const rows = await database.rows<{ c: Consultation }>(sql`
        select ${CONSULTATION_JSON} as c from consultations c
         where c.id in (select consultation_id from consultation_participants where user_id = ${userId}::uuid)
           and c.starts_at >= ${iso(from)}::timestamptz and c.starts_at < ${iso(to)}::timestamptz
         order by c.starts_at, c.id`);
      return rows.map((r) => r.c);
    },

    /** Changes time, status or summary; returns the consultation as it is now. */
    async update(id: string, change: { startsAt?: Date; durationMinutes?: number; status?: string; summary?: string }, now: Date): Promise<Consultation | undefined> {
      await database.rows(sql`
        update consultations set
          starts_at = coalesce(${change.startsAt ? iso(change.startsAt) : null}::timestamptz, starts_at),
          duration_minutes = coalesce(${change.durationMinutes ?? null}::int, duration_minutes),
          status = coalesce(${change.status ?? null}::text, status),
          summary = coalesce(${change.summary ?? null}::text, summary),
          updated_at = ${iso(now)}::timestamptz
         where id = ${id}::uuid`);
      return one(sql`c.id = ${id}::uuid`);
    },

    /** The first clinician of the called organisation to take a ringing call joins it; undefined when it was taken already (or is no call to them). */
    async take(id: string, user: { userId: string; organisationId: string }, now: Date): Promise<Consultation | undefined> {
      const [row] = await database.rows<{ id: string }>(sql`
        with took as (
          update consultations set taken_by = ${user.userId}::uuid, updated_at = ${iso(now)}::timestamptz
           where id = ${id}::uuid and taken_by is null and status = 'scheduled' and called_organisation_id = ${user.organisationId}::uuid
          returning id
        ),
        joined as (insert into consultation_participants (consultation_id, user_id) select id, ${user.userId}::uuid from took on conflict do nothing)
        select id from took`);
      return row ? one(sql`c.id = ${row.id}::uuid`) : undefined;
    },

    /** Who can be invited about the patient: the patient, relatives sharing consultations, clinicians on the care team. */
    async invitees(patientId: string): Promise<ConsultationParticipant[]> {
      return database.rows<ConsultationParticipant>(sql`
        select u.id as "userId", u.display_name as "displayName", u.role::text as role,
               (select json_build_object('id', o.id, 'name', o.name, 'type', o.type) from organisations o where o.id = u.organisation_id) as organisation
          from users u
         where u.id = (select user_id from patients where id = ${patientId}::uuid)
            or u.id in (select g.relative_user_id from relative_grants g where g.patient_id = ${patientId}::uuid and g.revoked_at is null and g.scopes ? 'consultations')
            or (u.role = 'clinician' and u.organisation_id in (select organisation_id from care_team_members where patient_id = ${patientId}::uuid))
         order by case u.role when 'patient' then 0 when 'relative' then 1 else 2 end, u.display_name`);
    },
  };
}

export type ConsultationRepository = ReturnType<typeof createConsultationRepository>;
