import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { PatientAlertStatus, TriageReason } from '@naer/shared';
import type { CareTeamEntry } from '@naer/shared/domain';
import type { Database, Executor } from '../../db/client';
import type { PatientScope } from '../../kernel/patient-scope';
import { careTeamJson } from '../patients/care-team.repository';
import type { AlertRow, AlertTimelineRow, OwnershipColumns } from './alert.mapper';
import { severityRank } from './alert.sql';

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

/** Whose alerts a list shows: one organisation's care-team patients, one patient's, or every patient's. */
export type AlertScope = { organisationId: string } | { patientId: string } | 'all';

/** The scope as a condition on `<alias>.patient_id`. */
function scopeWhere(scope: AlertScope, alias: string): SQL {
  const a = sql.raw(alias);
  if (scope === 'all') return sql`true`;
  if ('organisationId' in scope) return sql`${a}.patient_id in (select patient_id from care_team_members where organisation_id = ${scope.organisationId}::uuid)`;
  return sql`${a}.patient_id = ${scope.patientId}::uuid`;
}

/**
 * The oldest transaction that may still change alerts: the oldest one in flight in this database,
 * else the next to begin. The snapshot's own horizon would do, but it counts every database on the
 * server, so another database's long transaction would make screens here fetch changes again.
 * Order matters and is kept: the snapshot comes first, the transactions in flight are read after
 * it, so one that ended in between is already visible to the read that follows.
 */
const HORIZON = sql`
  select least(s.next, (
    -- pg_stat_activity shows 32-bit ids: widen each to 64 bits relative to the next one.
    select min(s.next - ((s.next % 4294967296 - a.backend_xid::text::bigint + 4294967296) % 4294967296))
    from pg_stat_activity a where a.datname = current_database() and a.backend_xid is not null
  ))::text as horizon
  from (select pg_snapshot_xmax(pg_current_snapshot())::text::bigint as next) s`;

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

/** An alert with its patient's care team, so who hears of it is known without another query. */
export type AlertWithCareTeam = AlertRow & { care_team: CareTeamEntry[] | null };

/** One alert's move along the escalation chain, decided by the caller. */
export interface EscalationStep {
  id: string;
  patientId: string;
  from: string | null;
  /** Null when there is nowhere further to go. */
  to: string | null;
  dueAt: string | null;
}

/** A missing-reading alert to raise, decided by the caller. */
export interface MissingReadingPlan {
  patientId: string;
  orgId: string | null;
  reasons: TriageReason[];
  slot: string;
  deadline: string;
}

/** One alert as the patient's status page needs it, with who saw and who handles it. */
export interface PatientStatusRow {
  id: string;
  rule: string;
  severity: PatientAlertStatus['severity'];
  status: PatientAlertStatus['status'];
  opened_at: string | Date;
  resolved_at: string | Date | null;
  outcome: string | null;
  handled_by: { name: string; jobTitle: string | null; organisation: string | null } | null;
  seen_by: { jobTitle: string | null; organisation: string | null; at: string } | null;
}

export function createAlertRepository(database: Database) {
  return {
    /** The transaction horizon (HORIZON): every transaction below it has ended. */
    async horizon(executor: Executor): Promise<string> {
      const [row] = await database.rows<{ horizon: string }>(HORIZON, executor);
      return row?.horizon ?? '0';
    },

    /** Open alerts in scope, most urgent first (ALERT_SEVERITY_ORDER), then oldest. */
    async listOpen(executor: Executor, scope: AlertScope): Promise<Array<AlertRow & OwnershipColumns>> {
      return database.rows<AlertRow & OwnershipColumns>(
        ownedAlertsQuery(sql`a.status <> 'resolved' and ${scopeWhere(scope, 'a')}`, sql`order by ${severityRank(sql`a.severity`)}, a.opened_at`),
        executor,
      );
    },

    /**
     * Alerts in scope changed by a transaction at or above `after` (any status), in the order their
     * transactions began: about `pageSize`, rounded up to a whole transaction.
     */
    async listChangedSince(executor: Executor, scope: AlertScope, after: string, pageSize: number): Promise<Array<AlertRow & OwnershipColumns>> {
      return database.rows<AlertRow & OwnershipColumns>(
        ownedAlertsQuery(
          sql`a.changed_xid >= ${after}::bigint and ${scopeWhere(scope, 'a')} and a.changed_xid <= coalesce((
                select x.changed_xid from alerts x where x.changed_xid >= ${after}::bigint and ${scopeWhere(scope, 'x')}
                order by x.changed_xid offset ${pageSize - 1} limit 1), a.changed_xid)`,
          sql`order by a.changed_xid, a.seq`,
        ),
        executor,
      );
    },

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

    /** The patient's name, for the alert detail. */
    async patientName(executor: Executor, patientId: string): Promise<{ id: string; name: string } | undefined> {
      const [row] = await database.rows<{ id: string; name: string }>(sql`select id, name from patients where id = ${patientId}::uuid`, executor);
      return row;
    },

    /** The patient's open alerts, and those resolved since `since` (not by a reading arriving), newest first. */
    async patientStatus(executor: Executor, patientId: string, since: Date): Promise<PatientStatusRow[]> {
      return database.rows<PatientStatusRow>(
        sql`
        select a.id, a.rule, a.severity, a.status, a.opened_at, a.resolved_at, a.outcome,
          case when a.status <> 'open' and ou.id is not null
               then json_build_object('name', ou.display_name, 'jobTitle', ou.job_title, 'organisation', oo.name) end as handled_by,
          seen.seen_by
        from alerts a
        left join users ou on ou.id = a.owner_id
        left join organisations oo on oo.id = ou.organisation_id
        left join lateral (
          -- Seen: the first clinician who acted on the alert or opened it (an audited read naming it).
          select json_build_object('jobTitle', su.job_title, 'organisation', so.name, 'at', s.at) as seen_by
            from (
              select e.at, e.actor_id as user_id from alert_events e where e.alert_id = a.id and e.actor_id is not null
              union all
              select l.at, l.user_id from audit_log l
               where l.patient_id = a.patient_id and l.resource = 'alert' and l.action = 'read' and l.outcome = 'allowed'
                 and l.at >= a.opened_at and l.details ->> 'alertId' = a.id::text
            ) s
            join users su on su.id = s.user_id and su.role = 'clinician'
            left join organisations so on so.id = su.organisation_id
           order by s.at
           limit 1
        ) seen on true
        where a.patient_id = ${patientId}::uuid
          and (a.status <> 'resolved' or (a.resolved_at >= ${since.toISOString()}::timestamptz and coalesce(a.outcome, '') <> 'reading_received'))
        order by a.opened_at desc`,
        executor,
      );
    },

    /** Resolves the patient's open missing-reading alert because monitoring is paused, with its event; returns it. */
    async resolveMissingForPause(executor: Executor, patientId: string, pauseId: string, actorId: string, now: Date): Promise<AlertRow | undefined> {
      const at = iso(now);
      const [row] = await database.rows<AlertRow>(
        sql`
        with closed as (
          update alerts set status = 'resolved', resolved_at = ${at}::timestamptz, resolved_by = ${actorId}::uuid, outcome = 'monitoring_paused',
                 claim_due_at = null, updated_at = ${at}::timestamptz, seq = nextval('alert_change_seq')
           where patient_id = ${patientId}::uuid and rule = 'missing' and status <> 'resolved'
          returning alerts.*
        ),
        event as (
          insert into alert_events (alert_id, type, actor_id, at, data)
          select closed.id, 'resolved', ${actorId}::uuid, ${at}::timestamptz, jsonb_build_object('outcome', 'monitoring_paused', 'pauseId', ${pauseId}::text)
            from closed
        )
        select * from closed`,
        executor,
      );
      return row;
    },

    /**
     * Locks up to `limit` open red alerts whose claim deadline has passed (`FOR UPDATE SKIP LOCKED`,
     * so another node's run takes other rows), with each patient's care team.
     */
    async lockDueForEscalation(executor: Executor, now: Date, limit: number): Promise<AlertWithCareTeam[]> {
      return database.rows<AlertWithCareTeam>(
        sql`
        with due as (
          select a.id from alerts a
           where a.status = 'open' and a.severity = 'red' and a.claim_due_at <= ${iso(now)}::timestamptz
           order by a.claim_due_at
           limit ${limit}
           for update skip locked
        )
        select a.*, ${careTeamJson(sql`a.patient_id`)} as care_team from alerts a join due on due.id = a.id`,
        executor,
      );
    },

    /**
     * Moves each alert to its step's organisation (or, with nowhere to go, clears its deadline), with
     * its timeline event and audit record; the deadline is checked again under the lock.
     */
    async escalate(executor: Executor, steps: EscalationStep[], now: Date): Promise<Array<AlertWithCareTeam & { to_org: string | null }>> {
      const at = iso(now);
      return database.rows<AlertWithCareTeam & { to_org: string | null }>(
        sql`
        with step as (
          select * from jsonb_to_recordset(${json(steps)}::jsonb)
            as s(id uuid, "patientId" uuid, "from" uuid, "to" uuid, "dueAt" timestamptz)
        ),
        moved as (
          update alerts a set
            responsible_org_id = coalesce(s."to", a.responsible_org_id),
            escalation_level = case when s."to" is null then a.escalation_level else a.escalation_level + 1 end,
            claim_due_at = s."dueAt",
            updated_at = ${at}::timestamptz,
            seq = nextval('alert_change_seq')
          from step s
          where a.id = s.id and a.status = 'open' and a.claim_due_at <= ${at}::timestamptz
          returning a.*, s."from" as from_org, s."to" as to_org
        ),
        event as (
          insert into alert_events (alert_id, type, actor_id, at, data)
          select m.id, case when m.to_org is null then 'escalation_exhausted' else 'escalated' end, null, ${at}::timestamptz,
                 case when m.to_org is null then jsonb_build_object('organisationId', m.from_org, 'level', m.escalation_level)
                      else jsonb_build_object('from', m.from_org, 'to', m.to_org, 'level', m.escalation_level) end
            from moved m
        ),
        audit as (
          insert into audit_log (at, user_id, role, organisation_id, patient_id, resource, action, outcome, ip, details)
          select ${at}::timestamptz, null, null, null, m.patient_id, 'alert',
                 case when m.to_org is null then 'escalation_exhausted' else 'escalate' end, 'allowed', null,
                 jsonb_build_object('alertId', m.id, 'from', m.from_org, 'to', m.to_org, 'level', m.escalation_level)
            from moved m
        )
        select m.*, ${careTeamJson(sql`m.patient_id`)} as care_team from moved m`,
        executor,
      );
    },

    /**
     * Raises one `missing` alert per plan, with its event and audit record; a patient who already
     * has an open one keeps it (the partial unique index), and gets no second event.
     */
    async raiseMissing(executor: Executor, plans: MissingReadingPlan[], now: Date): Promise<AlertWithCareTeam[]> {
      const at = iso(now);
      return database.rows<AlertWithCareTeam>(
        sql`
        with plan as (
          select * from jsonb_to_recordset(${json(plans)}::jsonb)
            as p("patientId" uuid, "orgId" uuid, reasons jsonb, slot timestamptz, deadline timestamptz)
        ),
        ins as (
          insert into alerts (patient_id, rule, severity, reasons, opened_at, updated_at, responsible_org_id)
          select p."patientId", 'missing', 'missing'::alert_severity, p.reasons, ${at}::timestamptz, ${at}::timestamptz, p."orgId" from plan p
          on conflict (patient_id, rule) where status <> 'resolved' do nothing
          returning *
        ),
        event as (
          insert into alert_events (alert_id, type, actor_id, at, data)
          select i.id, 'raised', null, ${at}::timestamptz, jsonb_build_object('severity', 'missing', 'slot', p.slot, 'deadline', p.deadline)
            from ins i join plan p on p."patientId" = i.patient_id
        ),
        audit as (
          insert into audit_log (at, user_id, role, organisation_id, patient_id, resource, action, outcome, ip, details)
          select ${at}::timestamptz, null, null, null, i.patient_id, 'alert', 'raise_missing', 'allowed', null,
                 jsonb_build_object('alertId', i.id, 'slot', p.slot, 'deadline', p.deadline)
            from ins i join plan p on p."patientId" = i.patient_id
        )
        select i.*, ${careTeamJson(sql`i.patient_id`)} as care_team from ins i`,
        executor,
      );
    },

    /**
     * Demo data: closes every open alert opened before `before` as handled by `actorId`, its
     * `resolved` event an hour after the alert's last change. Returns how many it closed.
     */
    async closeHandledBefore(executor: Executor, before: Date, actorId: string, event: { outcome: string; note: string }): Promise<number> {
      const rows = await database.rows<{ id: string }>(
        sql`
        with old as (
          update alerts set status = 'resolved', owner_id = ${actorId}::uuid, seq = nextval('alert_change_seq')
           where opened_at < ${iso(before)}::timestamptz and status = 'open'
          returning id, updated_at
        ),
        event as (
          insert into alert_events (alert_id, type, actor_id, at, data)
          select old.id, 'resolved', ${actorId}::uuid, old.updated_at + interval '1 hour', ${json(event)}::jsonb from old
        )
        select id from old`,
        executor,
      );
      return rows.length;
    },
  };
}

export type AlertRepository = ReturnType<typeof createAlertRepository>;
