import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import type { PatientScope } from '../../kernel/patient-scope';
import type { AlertRow, AlertTimelineRow, OwnershipColumns } from './alert.mapper';

const iso = (date: Date) => date.toISOString();
const json = (value: unknown) => JSON.stringify(value);

/** An organisation as JSON, or null when the join found none. */
export const orgJson = (alias: string) =>
  sql.raw(`case when ${alias}.id is null then null else json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'type', ${alias}.type) end`);

/** A clinician (with their organisation) as JSON, or null. */
export const clinicianJson = (user: string, org: string) =>
  sql.raw(
    `case when ${user}.id is null then null else json_build_object('id', ${user}.id, 'name', ${user}.display_name, 'jobTitle', ${user}.job_title, 'organisation', case when ${org}.id is null then null else json_build_object('id', ${org}.id, 'name', ${org}.name, 'type', ${org}.type) end) end`,
  );

/** Alerts with who answers for them: owner, responsible organisation and the pending handover. */
export function ownedAlertsQuery(where: SQL, orderAndLimit: SQL = sql``): SQL {
  return sql`
    select a.*,
      (select p.name from patients p where p.id = a.patient_id) as patient_name,
      ${clinicianJson('ou', 'oo')} as owner_ref,
      ${orgJson('ro')} as responsible_org,
      (select json_build_object('id', h.id, 'message', h.message, 'createdAt', h.created_at,
                'from', ${orgJson('hf')}, 'to', ${orgJson('ht')}, 'fromUser', ${clinicianJson('hu', 'huo')})
         from handovers h
         join organisations hf on hf.id = h.from_org_id
         join organisations ht on ht.id = h.to_org_id
         join users hu on hu.id = h.from_user_id
         left join organisations huo on huo.id = hu.organisation_id
        where h.alert_id = a.id and h.status = 'pending'
        limit 1) as pending_handover
    from alerts a
    left join users ou on ou.id = a.owner_id
    left join organisations oo on oo.id = ou.organisation_id
    left join organisations ro on ro.id = a.responsible_org_id
    where ${where}
    ${orderAndLimit}`;
}

export interface AlertChange {
  status?: 'open' | 'claimed' | 'resolved';
  ownerId?: string | null;
  responsibleOrgId?: string;
  claimedAt?: Date | null;
  claimDueAt?: Date | null;
  resolvedAt?: Date;
  resolvedBy?: string;
  outcome?: string;
  outcomeNote?: string | null;
}

export function createAlertRepository(database: Database) {
  return {
    /** The alert's patient and care team, for the access decision before any lock is taken. */
    async findScope(executor: Executor, alertId: string): Promise<{ patientId: string; scope: PatientScope } | undefined> {
      const [row] = await database.rows<{ patient_id: string; org_ids: string[] | null }>(
        sql`select a.patient_id,
                   (select array_agg(c.organisation_id::text) from care_team_members c where c.patient_id = a.patient_id) as org_ids
              from alerts a where a.id = ${alertId}::uuid`,
        executor,
      );
      return row ? { patientId: row.patient_id, scope: { id: row.patient_id, careTeamOrgIds: row.org_ids ?? [] } } : undefined;
    },

    /** Locks the alert row until the transaction ends, so two clinicians cannot both change it. */
    async lock(executor: Executor, alertId: string): Promise<AlertRow | undefined> {
      const [row] = await database.rows<AlertRow>(sql`select * from alerts where id = ${alertId}::uuid for update`, executor);
      return row;
    },

    /** Applies a change and moves the alert to the end of the change feed. */
    async update(executor: Executor, alertId: string, change: AlertChange, now: Date): Promise<void> {
      const sets: SQL[] = [sql`updated_at = ${iso(now)}::timestamptz`, sql`seq = nextval('alert_change_seq')`];
      if (change.status !== undefined) sets.push(sql`status = ${change.status}::alert_status`);
      if (change.ownerId !== undefined) sets.push(sql`owner_id = ${change.ownerId}::uuid`);
      if (change.responsibleOrgId !== undefined) sets.push(sql`responsible_org_id = ${change.responsibleOrgId}::uuid`);
      if (change.claimedAt !== undefined) sets.push(sql`claimed_at = ${change.claimedAt ? iso(change.claimedAt) : null}::timestamptz`);
      if (change.claimDueAt !== undefined) sets.push(sql`claim_due_at = ${change.claimDueAt ? iso(change.claimDueAt) : null}::timestamptz`);
      if (change.resolvedAt !== undefined) sets.push(sql`resolved_at = ${iso(change.resolvedAt)}::timestamptz`);
      if (change.resolvedBy !== undefined) sets.push(sql`resolved_by = ${change.resolvedBy}::uuid`);
      if (change.outcome !== undefined) sets.push(sql`outcome = ${change.outcome}`);
      if (change.outcomeNote !== undefined) sets.push(sql`outcome_note = ${change.outcomeNote}`);
      await database.rows(sql`update alerts set ${sql.join(sets, sql`, `)} where id = ${alertId}::uuid`, executor);
    },

    /** Appends one step to the alert's timeline. */
    async addEvent(executor: Executor, alertId: string, type: string, actorId: string | null, at: Date, data: Record<string, unknown> = {}): Promise<void> {
      await database.rows(
        sql`insert into alert_events (alert_id, type, actor_id, at, data)
            values (${alertId}::uuid, ${type}, ${actorId}::uuid, ${iso(at)}::timestamptz, ${json(data)}::jsonb)`,
        executor,
      );
    },

    /** One alert with its ownership, as the API answers it. */
    async findOwned(executor: Executor, alertId: string): Promise<(AlertRow & OwnershipColumns) | undefined> {
      const [row] = await database.rows<AlertRow & OwnershipColumns>(ownedAlertsQuery(sql`a.id = ${alertId}::uuid`), executor);
      return row;
    },

    /** The timeline, oldest first, with each actor's name, role and organisation. */
    async timeline(executor: Executor, alertId: string): Promise<AlertTimelineRow[]> {
      return database.rows<AlertTimelineRow>(
        sql`select e.id::text as id, e.type, e.at, e.data, ${clinicianJson('u', 'o')} as actor, u.role::text as actor_role
              from alert_events e
              left join users u on u.id = e.actor_id
              left join organisations o on o.id = u.organisation_id
             where e.alert_id = ${alertId}::uuid
             order by e.at, e.id`,
        executor,
      );
    },

    /** Minutes the responsible organisation has to claim a red alert on this patient's care team. */
    async claimWithinMinutes(executor: Executor, patientId: string, organisationId: string): Promise<number | undefined> {
      const [row] = await database.rows<{ minutes: number }>(
        sql`select claim_within_minutes as minutes from care_team_members where patient_id = ${patientId}::uuid and organisation_id = ${organisationId}::uuid`,
        executor,
      );
      return row?.minutes;
    },

    /** Display name of a user, for messages that say who holds an alert. */
    async describeUser(executor: Executor, userId: string): Promise<string> {
      const [row] = await database.rows<{ name: string; org: string | null }>(
        sql`select u.display_name as name, o.name as org from users u left join organisations o on o.id = u.organisation_id where u.id = ${userId}::uuid`,
        executor,
      );
      if (!row) return 'another clinician';
      return row.org ? `${row.name} (${row.org})` : row.name;
    },
  };
}

export type AlertRepository = ReturnType<typeof createAlertRepository>;
