import { sql } from 'drizzle-orm';
import { nextInChain } from '@naer/shared/domain';
import type { CareTeamEntry } from '@naer/shared/domain';
import type { Database } from '../db/client';
import { toAlert } from '../modules/alerts/alert.mapper';
import type { AlertRow } from '../modules/alerts/alert.mapper';
import type { Notifier } from '../realtime/notifier';
import { careTeamJson, scopeOf } from './care-team.sql';

/** Alerts escalated per transaction; a run takes batches until none are due. */
const BATCH = 100;
/** Upper bound per run, so one run never holds the database for long; the next run continues. */
const MAX_BATCHES = 20;

export interface EscalationResult {
  /** Alerts moved to the next organisation. */
  escalated: number;
  /** Alerts that were due with nowhere further to go: their deadline is cleared so they are not picked again. */
  exhausted: number;
}

type DueRow = AlertRow & { care_team: CareTeamEntry[] | null };
type MovedRow = DueRow & { to_org: string | null };

interface Step {
  id: string;
  patientId: string;
  from: string | null;
  /** Null when there is nowhere further to go. */
  to: string | null;
  dueAt: string | null;
}

/**
 * Escalates open red alerts whose claim deadline has passed to the next organisation in the patient's
 * chain. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so several nodes running this at once never
 * escalate the same alert twice; the update re-checks the deadline under the lock.
 */
export function createEscalationJob(deps: { database: Database; notifier: Notifier }) {
  const { database, notifier } = deps;

  async function batch(now: Date): Promise<{ rows: MovedRow[]; claimed: number }> {
    const at = now.toISOString();
    return database.db.transaction(async (tx) => {
      const due = await database.rows<DueRow>(
        sql`
        with due as (
          select a.id from alerts a
           where a.status = 'open' and a.severity = 'red' and a.claim_due_at <= ${at}::timestamptz
           order by a.claim_due_at
           limit ${BATCH}
           for update skip locked
        )
        select a.*, ${careTeamJson(sql`a.patient_id`)} as care_team from alerts a join due on due.id = a.id`,
        tx,
      );
      if (due.length === 0) return { rows: [], claimed: 0 };

      const steps: Step[] = due.map((alert) => {
        const team = alert.care_team ?? [];
        const target = nextInChain(team, alert.responsible_org_id, now);
        return {
          id: alert.id,
          patientId: alert.patient_id,
          from: alert.responsible_org_id,
          to: target?.organisationId ?? null,
          dueAt: target ? new Date(now.getTime() + target.claimWithinMinutes * 60_000).toISOString() : null,
        };
      });

      const rows = await database.rows<MovedRow>(
        sql`
        with step as (
          select * from jsonb_to_recordset(${JSON.stringify(steps)}::jsonb)
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
        tx,
      );
      return { rows, claimed: due.length };
    });
  }

  return {
    /** One run at `now`; emits `alert:updated` for each changed alert after its batch commits. */
    async run(now: Date): Promise<EscalationResult> {
      const result: EscalationResult = { escalated: 0, exhausted: 0 };
      for (let i = 0; i < MAX_BATCHES; i++) {
        const { rows, claimed } = await batch(now);
        for (const row of rows) {
          if (row.to_org) result.escalated++;
          else result.exhausted++;
          notifier.alertChanged(scopeOf(row.patient_id, row.care_team), toAlert(row), false);
        }
        if (claimed < BATCH) break;
      }
      return result;
    },
  };
}

export type EscalationJob = ReturnType<typeof createEscalationJob>;
