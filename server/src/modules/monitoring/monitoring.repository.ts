import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Pause, PauseInput, PauseStatus, TriageLevel } from '@naer/shared';
import { REVIEWABLE_LEVELS } from '@naer/shared';
import type { Database, Executor } from '../../db/client';

type Timestamp = string | Date;

export interface PauseRow {
  id: string;
  patient_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  reason: string;
  note: string | null;
  created_at: Timestamp;
  cancelled_at: Timestamp | null;
  created_by_id: string;
  created_by_name: string;
}

export interface ReviewRow {
  id: string;
  reviewed_at: Timestamp;
  reviewed_by_id: string;
  reviewed_by_name: string;
}

const iso = (value: Timestamp) => new Date(value).toISOString();

/** A pause's end in force: a cancelled pause ends when it was cancelled. */
export const PAUSE_END = sql.raw('least(mp.ends_at, coalesce(mp.cancelled_at, mp.ends_at))');

function pauseStatus(row: PauseRow, now: Date): PauseStatus {
  if (row.cancelled_at !== null) return 'cancelled';
  if (new Date(row.starts_at) > now) return 'scheduled';
  return new Date(row.ends_at) > now ? 'active' : 'ended';
}

/** Allow-list from a row to the public Pause contract. */
export function toPause(row: PauseRow, now: Date): Pause {
  return {
    id: row.id,
    patientId: row.patient_id,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    reason: row.reason as Pause['reason'],
    note: row.note,
    createdBy: { id: row.created_by_id, displayName: row.created_by_name },
    createdAt: iso(row.created_at),
    cancelledAt: row.cancelled_at === null ? null : iso(row.cancelled_at),
    status: pauseStatus(row, now),
  };
}

const pauseQuery = (where: SQL, tail: SQL = sql``) => sql`
  select mp.id, mp.patient_id, mp.starts_at, mp.ends_at, mp.reason, mp.note, mp.created_at, mp.cancelled_at,
         u.id as created_by_id, u.display_name as created_by_name
    from monitoring_pauses mp join users u on u.id = mp.created_by
   where ${where} ${tail}`;

const reviewable = sql.raw(`(${REVIEWABLE_LEVELS.map((l) => `'${l}'`).join(', ')})`);

export function createMonitoringRepository(database: Database) {
  /** Pauses whose window (with its end in force) reaches past `since`. */
  function recentPauses(executor: Executor, patientId: string, since: Date): Promise<PauseRow[]> {
    return database.rows<PauseRow>(
      pauseQuery(sql`mp.patient_id = ${patientId}::uuid and ${PAUSE_END} > ${since.toISOString()}::timestamptz and ${PAUSE_END} > mp.starts_at`, sql`order by mp.starts_at`),
      executor,
    );
  }

  return {
    /** A patient's pauses, newest first. */
    listPauses(patientId: string, limit: number): Promise<PauseRow[]> {
      return database.rows<PauseRow>(pauseQuery(sql`mp.patient_id = ${patientId}::uuid`, sql`order by mp.starts_at desc, mp.created_at desc limit ${limit}`));
    },

    recentPauses,

    async findPause(executor: Executor, pauseId: string, lock = false): Promise<PauseRow | undefined> {
      const [row] = await database.rows<PauseRow>(pauseQuery(sql`mp.id = ${pauseId}::uuid`, lock ? sql`for update of mp` : sql``), executor);
      return row;
    },

    /** Locks the patient row, so two clinicians pausing at once cannot both pass the overlap check. */
    async lockPatient(executor: Executor, patientId: string): Promise<void> {
      await database.rows(sql`select id from patients where id = ${patientId}::uuid for update`, executor);
    },

    /** A pause (not cancelled before it began) that overlaps [startsAt, endsAt). */
    async overlapping(executor: Executor, patientId: string, startsAt: Date, endsAt: Date): Promise<PauseRow | undefined> {
      const [row] = await database.rows<PauseRow>(
        pauseQuery(
          sql`mp.patient_id = ${patientId}::uuid and mp.starts_at < ${endsAt.toISOString()}::timestamptz
              and ${PAUSE_END} > ${startsAt.toISOString()}::timestamptz and ${PAUSE_END} > mp.starts_at`,
          sql`order by mp.starts_at limit 1`,
        ),
        executor,
      );
      return row;
    },

    async insertPause(executor: Executor, patientId: string, input: PauseInput & { startsAt: string }, createdBy: string, now: Date): Promise<string> {
      const [row] = await database.rows<{ id: string }>(
        sql`insert into monitoring_pauses (patient_id, starts_at, ends_at, reason, note, created_by, created_at)
            values (${patientId}::uuid, ${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz, ${input.reason}, ${input.note ?? null},
                    ${createdBy}::uuid, ${now.toISOString()}::timestamptz)
            returning id`,
        executor,
      );
      if (!row) throw new Error('pause insert returned no row');
      return row.id;
    },

    async cancelPause(executor: Executor, pauseId: string, now: Date): Promise<void> {
      await database.rows(sql`update monitoring_pauses set cancelled_at = ${now.toISOString()}::timestamptz where id = ${pauseId}::uuid and cancelled_at is null`, executor);
    },

    /** The end (in force) of the pause running at `now`, if any. */
    async activePause(executor: Executor, patientId: string, now: Date): Promise<PauseRow | undefined> {
      const at = now.toISOString();
      const [row] = await database.rows<PauseRow>(
        pauseQuery(sql`mp.patient_id = ${patientId}::uuid and mp.starts_at <= ${at}::timestamptz and ${PAUSE_END} > ${at}::timestamptz`, sql`order by mp.starts_at limit 1`),
        executor,
      );
      return row;
    },

    async findMeasurement(executor: Executor, id: string): Promise<{ patient_id: string; triage_level: TriageLevel } | undefined> {
      const [row] = await database.rows<{ patient_id: string; triage_level: TriageLevel }>(
        sql`select patient_id, triage_level from measurements where id = ${id}::uuid`,
        executor,
      );
      return row;
    },

    async findReview(executor: Executor, id: string): Promise<ReviewRow | undefined> {
      const [row] = await database.rows<ReviewRow>(
        sql`select m.id, m.reviewed_at, u.id as reviewed_by_id, u.display_name as reviewed_by_name
              from measurements m join users u on u.id = m.reviewed_by
             where m.id = ${id}::uuid and m.reviewed_at is not null`,
        executor,
      );
      return row;
    },

    /**
     * Marks unreviewed green and questionable readings reviewed (only the two columns the immutability
     * trigger allows): one reading, or every one of the patient's received up to `receivedUpTo`.
     */
    async markReviewed(executor: Executor, target: { measurementId: string } | { patientId: string; receivedUpTo: Date }, reviewerId: string, now: Date): Promise<string[]> {
      const where =
        'measurementId' in target
          ? sql`id = ${target.measurementId}::uuid`
          : sql`patient_id = ${target.patientId}::uuid and received_at <= ${target.receivedUpTo.toISOString()}::timestamptz`;
      const rows = await database.rows<{ id: string }>(
        sql`update measurements set reviewed_at = ${now.toISOString()}::timestamptz, reviewed_by = ${reviewerId}::uuid
             where ${where} and reviewed_at is null and triage_level in ${reviewable}
            returning id`,
        executor,
      );
      return rows.map((r) => r.id);
    },

    /** Reviews of the patient's readings measured since `from` (newest first), and how many still wait. */
    async reviews(patientId: string, from: Date | undefined): Promise<{ items: ReviewRow[]; unreviewed: number }> {
      const since = from ? sql`and m.measured_at >= ${from.toISOString()}::timestamptz` : sql``;
      const items = await database.rows<ReviewRow>(
        sql`select m.id, m.reviewed_at, u.id as reviewed_by_id, u.display_name as reviewed_by_name
              from measurements m join users u on u.id = m.reviewed_by
             where m.patient_id = ${patientId}::uuid and m.reviewed_at is not null ${since}
             order by m.measured_at desc limit 1000`,
      );
      const [count] = await database.rows<{ n: number | string }>(
        sql`select count(*) as n from measurements
             where patient_id = ${patientId}::uuid and reviewed_at is null and triage_level in ${reviewable}`,
      );
      return { items, unreviewed: Number(count?.n ?? 0) };
    },

    /** Active enrolments, the latest reading per kind and recent pauses: what the schedule view needs. */
    async scheduleContext(patientId: string, since: Date) {
      const [row] = await database.rows<{
        enrolments: Array<{ id: string; programme: string; enrolledAt: string; schedule: unknown }> | null;
        latest: Array<{ kind: string; measuredAt: string }> | null;
      }>(
        sql`select
              (select json_agg(json_build_object('id', e.id, 'programme', e.programme, 'enrolledAt', e.enrolled_at, 'schedule', e.schedule) order by e.enrolled_at)
                 from enrolments e where e.patient_id = p.id and e.ended_at is null) as enrolments,
              (select json_agg(json_build_object('kind', l.kind, 'measuredAt', l.measured_at))
                 from latest_measurements l where l.patient_id = p.id) as latest
            from patients p where p.id = ${patientId}::uuid`,
      );
      const pauses = await recentPauses(database.db, patientId, since);
      return { enrolments: row?.enrolments ?? [], latest: row?.latest ?? [], pauses };
    },
  };
}

export type MonitoringRepository = ReturnType<typeof createMonitoringRepository>;
