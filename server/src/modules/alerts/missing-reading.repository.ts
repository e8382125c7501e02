import { sql } from 'drizzle-orm';
import type { CareTeamEntry } from '@naer/shared/domain';
import type { Database, Executor } from '../../db/client';
import { careTeamJson } from '../patients/care-team.repository';

/** Advisory lock held for one run, so only one node looks for missing readings at a time (startup uses 7_316_001). */
const MISSING_READINGS_LOCK = 7_316_002;

/** A patient who may have an overdue scheduled reading, with what deciding it needs. */
export interface MissingReadingCandidate {
  patient_id: string;
  enrolments: Array<{ id: string; enrolledAt: string; schedule: unknown }> | null;
  latest: Array<{ kind: string; measuredAt: string }> | null;
  pauses: Array<{ startsAt: string; endsAt: string }> | null;
  last_missing_at: string | Date | null;
  care_team: CareTeamEntry[] | null;
}

export function createMissingReadingRepository(database: Database) {
  return {
    /** Takes the run's advisory lock until the transaction ends; false when another node holds it. */
    async tryLockRun(executor: Executor): Promise<boolean> {
      const [lock] = await database.rows<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${MISSING_READINGS_LOCK}) as locked`, executor);
      return lock?.locked ?? false;
    },

    /**
     * Patients enrolled with a schedule at `now`, not paused and without an open missing-reading
     * alert: their schedules, latest reading per kind, pauses ending after `since`, and care team.
     */
    async candidates(executor: Executor, now: Date, since: Date): Promise<MissingReadingCandidate[]> {
      const at = now.toISOString();
      const pauseEnd = sql.raw(`least(mp.ends_at, coalesce(mp.cancelled_at, mp.ends_at))`);
      return database.rows<MissingReadingCandidate>(
        sql`
        select p.id as patient_id,
          (select json_agg(json_build_object('id', e.id, 'enrolledAt', e.enrolled_at, 'schedule', e.schedule))
             from enrolments e
            where e.patient_id = p.id and e.ended_at is null and e.schedule <> '{}'::jsonb and e.enrolled_at <= ${at}::timestamptz) as enrolments,
          (select json_agg(json_build_object('kind', l.kind, 'measuredAt', l.measured_at))
             from latest_measurements l where l.patient_id = p.id) as latest,
          (select json_agg(json_build_object('startsAt', mp.starts_at, 'endsAt', ${pauseEnd}))
             from monitoring_pauses mp
            where mp.patient_id = p.id and ${pauseEnd} > ${since.toISOString()}::timestamptz and ${pauseEnd} > mp.starts_at) as pauses,
          (select max(a.opened_at) from alerts a where a.patient_id = p.id and a.rule = 'missing') as last_missing_at,
          ${careTeamJson(sql`p.id`)} as care_team
        from patients p
        where exists (select 1 from enrolments e
                       where e.patient_id = p.id and e.ended_at is null and e.schedule <> '{}'::jsonb and e.enrolled_at <= ${at}::timestamptz)
          and not exists (select 1 from monitoring_pauses mp
                           where mp.patient_id = p.id and mp.starts_at <= ${at}::timestamptz and ${pauseEnd} > ${at}::timestamptz)
          and not exists (select 1 from alerts a where a.patient_id = p.id and a.rule = 'missing' and a.status <> 'resolved')`,
        executor,
      );
    },
  };
}

export type MissingReadingRepository = ReturnType<typeof createMissingReadingRepository>;
