import { sql } from 'drizzle-orm';
import type { TriageReason } from '@naer/shared';
import { ScheduleSchema } from '@naer/shared';
import { SERVICE_TIME_ZONE, latestOverdue, routeAlert } from '@naer/shared/domain';
import type { CareTeamEntry, OverdueSlot, PauseWindow, ScheduledEnrolment } from '@naer/shared/domain';
import type { Database } from '../db/client';
import { toAlert } from '../modules/alerts/alert.mapper';
import type { AlertRow } from '../modules/alerts/alert.mapper';
import type { Notifier } from '../realtime/notifier';
import { careTeamJson, scopeOf } from './care-team.sql';

/** Advisory lock held for one run, so only one node looks for missing readings at a time (startup uses 7_316_001). */
const MISSING_READINGS_LOCK = 7_316_002;
/** Pauses that ended longer ago than this cannot touch the latest slot (one week plus the longest grace). */
const PAUSE_LOOKBACK_MS = 20 * 86_400_000;

export interface MissingReadingsResult {
  /** Missing-reading alerts opened by this run. */
  raised: number;
  /** True when another node held the lock, so this run did nothing. */
  skipped: boolean;
}

interface Candidate {
  patient_id: string;
  enrolments: Array<{ id: string; enrolledAt: string; schedule: unknown }> | null;
  latest: Array<{ kind: string; measuredAt: string }> | null;
  pauses: Array<{ startsAt: string; endsAt: string }> | null;
  last_missing_at: string | Date | null;
  care_team: CareTeamEntry[] | null;
}

interface Plan {
  patientId: string;
  orgId: string | null;
  reasons: TriageReason[];
  slot: string;
  deadline: string;
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
export function overdueFor(candidate: Pick<Candidate, 'enrolments' | 'latest' | 'pauses'>, now: Date) {
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

  return {
    /** One run at `now`; emits `alert:raised` for each new alert after commit. */
    async run(now: Date): Promise<MissingReadingsResult> {
      const at = now.toISOString();
      const since = new Date(now.getTime() - PAUSE_LOOKBACK_MS).toISOString();
      const outcome = await database.db.transaction(async (tx) => {
        const [lock] = await database.rows<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${MISSING_READINGS_LOCK}) as locked`, tx);
        if (!lock?.locked) return { skipped: true, rows: [] };

        const pauseEnd = sql.raw(`least(mp.ends_at, coalesce(mp.cancelled_at, mp.ends_at))`);
        const candidates = await database.rows<Candidate>(
          sql`
          select p.id as patient_id,
            (select json_agg(json_build_object('id', e.id, 'enrolledAt', e.enrolled_at, 'schedule', e.schedule))
               from enrolments e
              where e.patient_id = p.id and e.ended_at is null and e.schedule <> '{}'::jsonb and e.enrolled_at <= ${at}::timestamptz) as enrolments,
            (select json_agg(json_build_object('kind', l.kind, 'measuredAt', l.measured_at))
               from latest_measurements l where l.patient_id = p.id) as latest,
            (select json_agg(json_build_object('startsAt', mp.starts_at, 'endsAt', ${pauseEnd}))
               from monitoring_pauses mp
              where mp.patient_id = p.id and ${pauseEnd} > ${since}::timestamptz and ${pauseEnd} > mp.starts_at) as pauses,
            (select max(a.opened_at) from alerts a where a.patient_id = p.id and a.rule = 'missing') as last_missing_at,
            ${careTeamJson(sql`p.id`)} as care_team
          from patients p
          where exists (select 1 from enrolments e
                         where e.patient_id = p.id and e.ended_at is null and e.schedule <> '{}'::jsonb and e.enrolled_at <= ${at}::timestamptz)
            and not exists (select 1 from monitoring_pauses mp
                             where mp.patient_id = p.id and mp.starts_at <= ${at}::timestamptz and ${pauseEnd} > ${at}::timestamptz)
            and not exists (select 1 from alerts a where a.patient_id = p.id and a.rule = 'missing' and a.status <> 'resolved')`,
          tx,
        );

        const plans: Plan[] = [];
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

        const rows = await database.rows<AlertRow & { care_team: CareTeamEntry[] | null }>(
          sql`
          with plan as (
            select * from jsonb_to_recordset(${JSON.stringify(plans)}::jsonb)
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
          tx,
        );
        return { skipped: false, rows };
      });

      for (const row of outcome.rows) notifier.alertChanged(scopeOf(row.patient_id, row.care_team), toAlert(row), true);
      return { raised: outcome.rows.length, skipped: outcome.skipped };
    },
  };
}

export type MissingReadingsJob = ReturnType<typeof createMissingReadingsJob>;
