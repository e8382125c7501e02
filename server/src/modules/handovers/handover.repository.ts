import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { CareTeamOrganisation, HandoverStatus, Organisation } from '@naer/shared';
import type { Database, Executor } from '../../db/client';
import type { PatientScope } from '../../kernel/patient-scope';
import { clinicianJson, orgJson } from '../alerts/alert.repository';
import type { HandoverRow } from './handover.mapper';

const iso = (date: Date) => date.toISOString();

/** The columns the lifecycle rules look at, as stored. */
export interface HandoverState {
  id: string;
  patient_id: string;
  alert_id: string | null;
  from_org_id: string;
  to_org_id: string;
  status: HandoverStatus;
}

function handoverQuery(where: SQL, orderAndLimit: SQL = sql``): SQL {
  return sql`
    select h.id, h.patient_id, p.name as patient_name,
      case when a.id is null then null
           else json_build_object('id', a.id, 'rule', a.rule, 'severity', a.severity, 'status', a.status, 'reasons', a.reasons) end as alert,
      ${orgJson('fo')} as from_org, ${orgJson('tor')} as to_org, ${clinicianJson('fu', 'fuo')} as from_user,
      h.message, h.status, h.created_at, h.decided_at, ${clinicianJson('du', 'duo')} as decided_by, h.decline_reason
    from handovers h
    join patients p on p.id = h.patient_id
    left join alerts a on a.id = h.alert_id
    join organisations fo on fo.id = h.from_org_id
    join organisations tor on tor.id = h.to_org_id
    join users fu on fu.id = h.from_user_id
    left join organisations fuo on fuo.id = fu.organisation_id
    left join users du on du.id = h.decided_by
    left join organisations duo on duo.id = du.organisation_id
    where ${where}
    ${orderAndLimit}`;
}

export function createHandoverRepository(database: Database) {
  return {
    /** The handover's patient, care team and routing, for the access decision before any lock. */
    async findScope(executor: Executor, handoverId: string): Promise<(HandoverState & { scope: PatientScope }) | undefined> {
      const [row] = await database.rows<HandoverState & { org_ids: string[] | null }>(
        sql`select h.id, h.patient_id, h.alert_id, h.from_org_id, h.to_org_id, h.status,
                   (select array_agg(c.organisation_id::text) from care_team_members c where c.patient_id = h.patient_id) as org_ids
              from handovers h where h.id = ${handoverId}::uuid`,
        executor,
      );
      if (!row) return undefined;
      const { org_ids, ...state } = row;
      return { ...state, scope: { id: row.patient_id, careTeamOrgIds: org_ids ?? [] } };
    },

    /** Locks one handover until the transaction ends. */
    async lock(executor: Executor, handoverId: string): Promise<HandoverState | undefined> {
      const [row] = await database.rows<HandoverState>(
        sql`select id, patient_id, alert_id, from_org_id, to_org_id, status from handovers where id = ${handoverId}::uuid for update`,
        executor,
      );
      return row;
    },

    /** The alert's pending handover, locked (the caller holds the alert's lock). */
    async lockPendingForAlert(executor: Executor, alertId: string): Promise<HandoverState | undefined> {
      const [row] = await database.rows<HandoverState>(
        sql`select id, patient_id, alert_id, from_org_id, to_org_id, status from handovers
             where alert_id = ${alertId}::uuid and status = 'pending' for update`,
        executor,
      );
      return row;
    },

    /** Locks the patient row: serialises follow-up handovers of one patient (no unique index covers them). */
    async lockPatient(executor: Executor, patientId: string): Promise<void> {
      await database.rows(sql`select id from patients where id = ${patientId}::uuid for update`, executor);
    },

    async pendingFollowUp(executor: Executor, patientId: string): Promise<HandoverState | undefined> {
      const [row] = await database.rows<HandoverState>(
        sql`select id, patient_id, alert_id, from_org_id, to_org_id, status from handovers
             where patient_id = ${patientId}::uuid and alert_id is null and status = 'pending' for update`,
        executor,
      );
      return row;
    },

    async insert(
      executor: Executor,
      h: { patientId: string; alertId: string | null; fromOrgId: string; fromUserId: string; toOrgId: string; message: string },
      now: Date,
    ): Promise<string> {
      const [row] = await database.rows<{ id: string }>(
        sql`insert into handovers (patient_id, alert_id, from_org_id, from_user_id, to_org_id, message, status, created_at)
            values (${h.patientId}::uuid, ${h.alertId}::uuid, ${h.fromOrgId}::uuid, ${h.fromUserId}::uuid, ${h.toOrgId}::uuid,
                    ${h.message}, 'pending', ${iso(now)}::timestamptz)
            returning id`,
        executor,
      );
      if (!row) throw new Error('handover insert returned no row');
      return row.id;
    },

    /** Closes a pending handover: accepted, declined (with a reason) or cancelled. */
    async decide(executor: Executor, handoverId: string, status: Exclude<HandoverStatus, 'pending'>, decidedBy: string | null, now: Date, reason: string | null = null): Promise<void> {
      await database.rows(
        sql`update handovers set status = ${status}::handover_status, decided_by = ${decidedBy}::uuid,
                   decided_at = ${iso(now)}::timestamptz, decline_reason = ${reason}
             where id = ${handoverId}::uuid and status = 'pending'`,
        executor,
      );
    },

    async find(executor: Executor, handoverId: string): Promise<HandoverRow | undefined> {
      const [row] = await database.rows<HandoverRow>(handoverQuery(sql`h.id = ${handoverId}::uuid`), executor);
      return row;
    },

    /** Handovers to or from an organisation (every one for `null`, i.e. an administrator), newest first. */
    async list(executor: Executor, organisationId: string | null, status: HandoverStatus, limit: number): Promise<HandoverRow[]> {
      const mine = organisationId
        ? sql`(h.to_org_id = ${organisationId}::uuid or h.from_org_id = ${organisationId}::uuid)
              and h.patient_id in (select patient_id from care_team_members where organisation_id = ${organisationId}::uuid)`
        : sql`true`;
      return database.rows<HandoverRow>(handoverQuery(sql`${mine} and h.status = ${status}::handover_status`, sql`order by h.created_at desc limit ${limit}`), executor);
    },

    /** Organisations on the patient's care team, in escalation order. */
    async careTeam(executor: Executor, patientId: string): Promise<CareTeamOrganisation[]> {
      return database.rows<CareTeamOrganisation>(
        sql`select o.id, o.name, o.type::text as type, c.responsibilities, c.escalation_order as "escalationOrder",
                   o.always_open as "alwaysOpen", o.service_hours as "serviceHours"
              from care_team_members c join organisations o on o.id = c.organisation_id
             where c.patient_id = ${patientId}::uuid
             order by c.escalation_order, o.name`,
        executor,
      );
    },

    /** Who answers for the patient's follow-up: the recorded owner, else the first organisation in the chain. */
    async followUpOwner(executor: Executor, patientId: string): Promise<{ organisation: Organisation; userId: string | null; since: string | Date | null } | undefined> {
      const [row] = await database.rows<{ id: string; name: string; type: Organisation['type']; user_id: string | null; since: string | Date | null }>(
        sql`select o.id, o.name, o.type::text as type, f.user_id, f.since
              from follow_up_owners f join organisations o on o.id = f.organisation_id
             where f.patient_id = ${patientId}::uuid
            union all
            select * from (
              select o.id, o.name, o.type::text as type, null::uuid as user_id, null::timestamptz as since
                from care_team_members c join organisations o on o.id = c.organisation_id
               where c.patient_id = ${patientId}::uuid
                 and not exists (select 1 from follow_up_owners f where f.patient_id = ${patientId}::uuid)
               order by c.escalation_order, o.name
               limit 1
            ) first_in_chain`,
        executor,
      );
      return row ? { organisation: { id: row.id, name: row.name, type: row.type }, userId: row.user_id, since: row.since } : undefined;
    },

    async setFollowUpOwner(executor: Executor, patientId: string, organisationId: string, userId: string, now: Date): Promise<void> {
      await database.rows(
        sql`insert into follow_up_owners (patient_id, organisation_id, user_id, since)
            values (${patientId}::uuid, ${organisationId}::uuid, ${userId}::uuid, ${iso(now)}::timestamptz)
            on conflict (patient_id) do update set organisation_id = excluded.organisation_id, user_id = excluded.user_id, since = excluded.since`,
        executor,
      );
    },
  };
}

export type HandoverRepository = ReturnType<typeof createHandoverRepository>;
