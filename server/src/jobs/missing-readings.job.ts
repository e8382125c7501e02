import type { TriageReason } from '@naer/shared';
import { ScheduleSchema } from '@naer/shared';
import { SERVICE_TIME_ZONE, latestOverdue, routeAlert } from '@naer/shared/domain';
import type { OverdueSlot, PauseWindow, ScheduledEnrolment } from '@naer/shared/domain';
import type { Database } from '../db/client';
import { toAlert } from '../modules/alerts/alert.mapper';
import { createAlertRepository } from '../modules/alerts/alert.repository';
import type { MissingReadingPlan } from '../modules/alerts/alert.repository';
import { createMissingReadingRepository } from '../modules/alerts/missing-reading.repository';
import type { MissingReadingCandidate } from '../modules/alerts/missing-reading.repository';
import { scopeOf } from '../modules/patients/care-team.repository';
import type { Notifier } from '../realtime/notifier';

/** Pauses that ended longer ago than this cannot touch the latest slot (one week plus the longest grace). */
const PAUSE_LOOKBACK_MS = 20 * 86_400_000;

export interface MissingReadingsResult {
  /** Missing-reading alerts opened by this run. */
  raised: number;
  /** True when another node held the lock, so this run did nothing. */
  skipped: boolean;
}


const when = (lang: 'da-DK' | 'en-GB', at: Date) =>
  new Intl.DateTimeFormat(lang, { timeZone: SERVICE_TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(at);

/** The reason a person reads on the alert: which scheduled reading is missing and when the last one came. */
export function missingReason(overdue: OverdueSlot, lastReadingAt: Date | null): TriageReason {
  const da = `Planlagt måling ${when('da-DK', overdue.slot)} er ikke modtaget. ${lastReadingAt ? `Ingen måling siden ${when('da-DK', lastReadingAt)}.` : 'Ingen målinger endnu.'}`;
  const en = `Scheduled reading ${when('en-GB', overdue.slot)} has not arrived. ${lastReadingAt ? `No reading since ${when('en-GB', lastReadingAt)}.` : 'No readings yet.'}`;
  return { code: 'schedule.missing', level: 'review', text: { da, en } };
}

/** The candidate's stored data in domain types; enrolments whose stored schedule is not valid are left out. */
export function overdueFor(candidate: Pick<MissingReadingCandidate, 'enrolments' | 'latest' | 'pauses'>, now: Date) {
  const enrolments: ScheduledEnrolment[] = [];
  for (const enrolment of candidate.enrolments ?? []) {
    const parsed = ScheduleSchema.safeParse(enrolment.schedule);
    if (parsed.success) enrolments.push({ enrolledAt: new Date(enrolment.enrolledAt), schedule: parsed.data });
  }
  const latest = (candidate.latest ?? []).map((l) => ({ kind: l.kind, measuredAt: new Date(l.measuredAt) }));
  const pauses: PauseWindow[] = (candidate.pauses ?? []).map((p) => ({ startsAt: new Date(p.startsAt), endsAt: new Date(p.endsAt) }));
  return latestOverdue(enrolments, latest, pauses, now);
}

/**
 * Opens a `missing` alert, routed like any alert of that severity (by default to the municipality),
 * for each patient whose latest scheduled reading is past its grace period. One run holds an advisory
 * lock so two nodes never do the same work; the partial unique index keeps one open alert per patient
 * and rule, and an alert already raised for the same slot (even if since resolved) is not raised again.
 */
export function createMissingReadingsJob(deps: { database: Database; notifier: Notifier }) {
  const { database, notifier } = deps;
  const alerts = createAlertRepository(database);
  const missing = createMissingReadingRepository(database);

  return {
    /** One run at `now`; emits `alert:raised` for each new alert after commit. */
    async run(now: Date): Promise<MissingReadingsResult> {
      const since = new Date(now.getTime() - PAUSE_LOOKBACK_MS);
      const outcome = await database.db.transaction(async (tx) => {
        if (!(await missing.tryLockRun(tx))) return { skipped: true, rows: [] };
        const candidates = await missing.candidates(tx, now, since);

        const plans: MissingReadingPlan[] = [];
        for (const candidate of candidates) {
          const found = overdueFor(candidate, now);
          if (!found) continue;
          // Already raised for this slot (and since handled by someone): do not nag again until the next slot.
          if (candidate.last_missing_at && new Date(candidate.last_missing_at) >= found.overdue.deadline) continue;
          const route = routeAlert(candidate.care_team ?? [], 'missing', now);
          plans.push({
            patientId: candidate.patient_id,
            orgId: route?.organisationId ?? null,
            reasons: [missingReason(found.overdue, found.lastReadingAt)],
            slot: found.overdue.slot.toISOString(),
            deadline: found.overdue.deadline.toISOString(),
          });
        }
        if (plans.length === 0) return { skipped: false, rows: [] };

        const rows = await alerts.raiseMissing(tx, plans, now);
        return { skipped: false, rows };
      });

      for (const row of outcome.rows) notifier.alertChanged(scopeOf(row.patient_id, row.care_team), toAlert(row), true);
      return { raised: outcome.rows.length, skipped: outcome.skipped };
    },
  };
}

export type MissingReadingsJob = ReturnType<typeof createMissingReadingsJob>;
