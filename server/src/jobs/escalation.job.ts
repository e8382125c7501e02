import { nextInChain } from '@naer/shared/domain';
import type { Database } from '../db/client';
import { toAlert } from '../modules/alerts/alert.mapper';
import { createAlertRepository } from '../modules/alerts/alert.repository';
import type { AlertWithCareTeam, EscalationStep } from '../modules/alerts/alert.repository';
import { scopeOf } from '../modules/patients/care-team.repository';
import type { Notifier } from '../realtime/notifier';

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

/**
 * Escalates open red alerts whose claim deadline has passed to the next organisation in the patient's
 * chain. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so several nodes running this at once never
 * escalate the same alert twice; the update re-checks the deadline under the lock.
 */
export function createEscalationJob(deps: { database: Database; notifier: Notifier }) {
  const { database, notifier } = deps;
  const alerts = createAlertRepository(database);

  async function batch(now: Date): Promise<{ rows: Array<AlertWithCareTeam & { to_org: string | null }>; claimed: number }> {
    return database.db.transaction(async (tx) => {
      const due = await alerts.lockDueForEscalation(tx, now, BATCH);
      if (due.length === 0) return { rows: [], claimed: 0 };

      const steps: EscalationStep[] = due.map((alert) => {
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
      return { rows: await alerts.escalate(tx, steps, now), claimed: due.length };
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
