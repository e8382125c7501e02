import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { OrganisationType, Programme } from '@naer/shared';
import type { Database } from '../../db/client';

/** Whose patients, in which programme, with which care-team partner. */
export interface DashboardScope {
  /** Null: every organisation's patients (an administrator's view). */
  organisationId: string | null;
  programme: Programme | null;
  partnerId: string | null;
}

/** A period as Danish calendar days, both included, and its instants [from, to). */
export interface DayRange {
  from: string;
  to: string;
  /** The Monday on or before `from`: week 0 of the weekly figures. */
  firstMonday: string;
  /** The Monday on or before `to`. */
  lastMonday: string;
}

export interface CohortRow {
  id: string;
  name: string;
  /** Danish day numbers (days since 1970-01-01): the first enrolled day and the last (null while enrolled). */
  enrolments: Array<{ first: number; last: number | null; schedule: unknown }>;
  /** Danish day numbers of a pause's first and last day (partly paused days count as paused). */
  pauses: Array<{ first: number; last: number }> | null;
  /** Per week with anything received: week index << 21 | reading days << 14 | entry days << 7 | flagged days (bit 0 = Monday). */
  weeks: number[] | null;
  involvement_answers: number;
  involvement_sum: number | null;
}

export interface Times {
  alerts: number;
  median: number | null;
  p90: number | null;
}

export interface AlertFigures {
  red_alerts: number;
  yellow_alerts: number;
  claim: Times;
  claim_by_sector: Array<Times & { sector: OrganisationType }> | null;
  resolution: Times;
  resolution_by_sector: Array<Times & { sector: OrganisationType }> | null;
  escalations: number;
  never_claimed: number;
  resolved: number;
  outcomes: Record<string, number> | null;
  rules: Array<{ rule: string; resolved: number; no_action: number }> | null;
  claims: number;
  reviews: number;
  visits: number;
  messages: number;
  consultations: number;
  /** Per week index (see weekIndex). */
  weeks: Array<{ week: number; red: number; yellow: number; claim_median: number | null }> | null;
}

const DK = sql.raw(`'Europe/Copenhagen'`);
/** The instant a Danish calendar day starts. */
const startOf = (day: string): SQL => sql`((${day}::date)::timestamp at time zone ${DK})`;
/** The instant after a Danish calendar day ends. */
const endOf = (day: string): SQL => sql`((${day}::date + 1)::timestamp at time zone ${DK})`;
/** Minutes between two instants. */
const minutes = (from: SQL, to: SQL): SQL => sql`(extract(epoch from (${to} - ${from})) / 60.0)`;


/** Days since 1970-01-01 of the Danish calendar date at an instant (null stays null). */
const dayNumber = (at: SQL): SQL => sql`(((${at}) at time zone ${DK})::date - date '1970-01-01')`;

/** The week of an instant, counted from the Monday on or before the period's first day (0). */
const weekIndex = (at: SQL, range: DayRange): SQL => sql`((((${at}) at time zone ${DK})::date - ${range.firstMonday}::date) / 7)`;

/** Count, median and 90th percentile (linear interpolation) of a column of minutes, as JSON. */
const times = (value: SQL): SQL =>
  sql`json_build_object('alerts', count(${value}), 'median', percentile_cont(0.5) within group (order by ${value}), 'p90', percentile_cont(0.9) within group (order by ${value}))`;

/** The same per sector (rows without a sector left out). */
const sectorTimes = (value: SQL, sector: SQL): SQL => sql`
  (select json_agg(json_build_object('sector', s.sector, 'alerts', s.n, 'median', s.median, 'p90', s.p90) order by s.sector)
     from (select ${sector} as sector, count(*) as n,
                  percentile_cont(0.5) within group (order by ${value}) as median,
                  percentile_cont(0.9) within group (order by ${value}) as p90
             from red where ${value} is not null and ${sector} is not null group by 1) s)`;

/**
 * The patients a dashboard covers: enrolled at some time in [from, to) in the programme, with the
 * organisation (and the partner) on their care team. One row per patient, with its enrolments when asked.
 */
function cohort(scope: DashboardScope, range: DayRange, withEnrolments: boolean): SQL {
  const member = (organisationId: string) => sql`exists (select 1 from care_team_members c where c.patient_id = e.patient_id and c.organisation_id = ${organisationId}::uuid)`;
  return sql`
    select e.patient_id
           ${withEnrolments ? sql`, json_agg(json_build_object('first', ${dayNumber(sql`e.enrolled_at`)}, 'last', ${dayNumber(sql`e.ended_at`)} - 1, 'schedule', e.schedule)) as enrolments` : sql``}
      from enrolments e
     where e.enrolled_at < ${endOf(range.to)} and (e.ended_at is null or e.ended_at >= ${startOf(range.from)})
       ${scope.programme ? sql`and e.programme = ${scope.programme}` : sql``}
       ${scope.organisationId ? sql`and ${member(scope.organisationId)}` : sql``}
       ${scope.partnerId ? sql`and ${member(scope.partnerId)}` : sql``}
     group by e.patient_id`;
}

export function createDashboardRepository(database: Database) {
  return {
    /**
     * Per patient: enrolments, pauses in the period, the weeks' day sets (readings, entries, yellow or
     * red), involvement answers. patient_weeks and the involvement answers are read by index alone
     * (their indexes carry the columns).
     */
    async patients(scope: DashboardScope, range: DayRange): Promise<CohortRow[]> {
      const from = startOf(range.from);
      const to = endOf(range.to);
      return database.rows<CohortRow>(sql`
        with cohort as (${cohort(scope, range, true)}),
        involvement as (
          select r.patient_id, count(*)::int as answers, sum(r.score) as score_sum
            from questionnaire_responses r
           where r.questionnaire_id = 'involvement-monthly' and r.answered_at >= ${from} and r.answered_at < ${to}
           group by r.patient_id)
        select c.patient_id as id, p.name, c.enrolments,
               (select json_agg(json_build_object('first', ${dayNumber(sql`mp.starts_at`)}, 'last', ${dayNumber(sql`least(mp.ends_at, coalesce(mp.cancelled_at, mp.ends_at)) - interval '1 microsecond'`)}))
                  from monitoring_pauses mp
                 where mp.patient_id = c.patient_id and mp.starts_at < ${to} and least(mp.ends_at, coalesce(mp.cancelled_at, mp.ends_at)) > ${from}) as pauses,
               d.weeks, coalesce(i.answers, 0) as involvement_answers, i.score_sum as involvement_sum
          from cohort c
          join patients p on p.id = c.patient_id
          left join involvement i on i.patient_id = c.patient_id
          left join lateral (
            select array_agg((((w.week - ${range.firstMonday}::date) / 7) << 21) | (w.reading_days::int << 14) | (w.entry_days::int << 7) | w.flagged_days::int) as weeks
              from patient_weeks w
             where w.patient_id = c.patient_id and w.week between ${range.firstMonday}::date and ${range.lastMonday}::date) d on true
         order by p.name, c.patient_id`);
    },

    /**
     * Alert, action and weekly figures for the cohort in one statement: the alerts table is read once
     * (CTE a), red alerts with the sector of their first claim and their resolver (CTE red). Actions
     * count only the organisation's own clinicians (everyone's for an administrator's all-organisations view).
     */
    async figures(scope: DashboardScope, range: DayRange): Promise<AlertFigures> {
      const from = startOf(range.from);
      const to = endOf(range.to);
      const inPeriod = (column: SQL) => sql`${column} >= ${from} and ${column} < ${to}`;
      const byOrg = (column: SQL) => (scope.organisationId ? sql`${column} = ${scope.organisationId}::uuid` : sql`${column} is not null`);
      const orgClinicians = scope.organisationId
        ? sql`select u.id from users u where u.role = 'clinician' and u.organisation_id = ${scope.organisationId}::uuid`
        : sql`select u.id from users u where u.role = 'clinician'`;
      const [row] = await database.rows<AlertFigures>(sql`
        with cohort as (${cohort(scope, range, false)}),
        a as (
          select a.id, a.rule, a.severity, a.claimed_at, a.outcome, a.opened_at, a.resolved_at, a.resolved_by,
                 (${inPeriod(sql`a.opened_at`)}) as opened_in,
                 (a.status = 'resolved' and ${inPeriod(sql`a.resolved_at`)}) as resolved_in
            from alerts a
           where a.patient_id in (select patient_id from cohort) and ((${inPeriod(sql`a.opened_at`)}) or (${inPeriod(sql`a.resolved_at`)}))),
        first_claims as (
          -- A claim comes after the opening, so claims of alerts opened in the period lie in [from, now).
          select distinct on (e.alert_id) e.alert_id, e.actor_id from alert_events e
           where e.type = 'claimed' and e.at >= ${from} order by e.alert_id, e.at),
        red as (
          select a.opened_at, ${minutes(sql`a.opened_at`, sql`a.claimed_at`)} as claim_minutes,
                 case when a.resolved_at is not null then ${minutes(sql`a.opened_at`, sql`a.resolved_at`)} end as resolve_minutes,
                 co.type::text as claim_sector, ro.type::text as resolve_sector
            from a
            left join first_claims fc on fc.alert_id = a.id and a.claimed_at is not null
            left join users cu on cu.id = fc.actor_id left join organisations co on co.id = cu.organisation_id
            left join users ru on ru.id = a.resolved_by left join organisations ro on ro.id = ru.organisation_id
           where a.severity = 'red' and a.opened_in),
        events as (
          select count(*) filter (where e.type = 'escalated')::int as escalations,
                 count(*) filter (where e.type = 'claimed' and e.actor_id in (${orgClinicians}))::int as claims
            from alert_events e
           where e.type in ('escalated', 'claimed') and ${inPeriod(sql`e.at`)}
             and e.alert_id in (select x.id from alerts x where x.patient_id in (select patient_id from cohort))),
        counts as (
          select count(*) filter (where a.severity = 'red' and a.opened_in)::int as red_alerts,
                 count(*) filter (where a.severity = 'yellow' and a.opened_in)::int as yellow_alerts,
                 count(*) filter (where a.resolved_in and a.claimed_at is null)::int as never_claimed,
                 count(*) filter (where a.resolved_in)::int as resolved
            from a)
        select counts.red_alerts, counts.yellow_alerts, counts.never_claimed, counts.resolved,
          (select ${times(sql`red.claim_minutes`)} from red) as claim,
          ${sectorTimes(sql`red.claim_minutes`, sql`red.claim_sector`)} as claim_by_sector,
          (select ${times(sql`red.resolve_minutes`)} from red) as resolution,
          ${sectorTimes(sql`red.resolve_minutes`, sql`red.resolve_sector`)} as resolution_by_sector,
          events.escalations, events.claims,
          (select json_object_agg(o.outcome, o.n) from (select a.outcome, count(*)::int as n from a where a.resolved_in and a.outcome is not null group by a.outcome) o) as outcomes,
          (select json_agg(json_build_object('rule', r.rule, 'resolved', r.n, 'no_action', r.no_action) order by r.no_action desc, r.n desc, r.rule)
             from (select a.rule, count(*)::int as n, count(*) filter (where a.outcome = 'no_action_needed')::int as no_action
                     from a where a.resolved_in group by a.rule) r) as rules,
          -- One review marks a patient's readings with one time: count those, not the readings.
          (select count(*)::int from (select 1 from measurements m
            where m.reviewed_at is not null and ${inPeriod(sql`m.reviewed_at`)} and m.reviewed_by in (${orgClinicians}) and m.patient_id in (select patient_id from cohort)
            group by m.patient_id, m.reviewed_by, m.reviewed_at) r) as reviews,
          (select count(*)::int from visits v join cohort c on c.patient_id = v.patient_id
            where ${inPeriod(sql`v.measured_at`)} and ${byOrg(sql`v.organisation_id`)}) as visits,
          (select count(*)::int from messages m join cohort c on c.patient_id = m.patient_id
            where m.sender_role = 'clinician' and ${inPeriod(sql`m.sent_at`)} and ${byOrg(sql`m.sender_org_id`)}) as messages,
          (select count(*)::int from consultations k join cohort c on c.patient_id = k.patient_id
            where k.status <> 'cancelled' and ${inPeriod(sql`k.starts_at`)}
              and (${byOrg(sql`k.organisation_id`)} or ${byOrg(sql`k.called_organisation_id`)})) as consultations,
          (select json_agg(json_build_object('week', w.week, 'red', w.red, 'yellow', w.yellow, 'claim_median', m.claim_median) order by w.week)
             from (select ${weekIndex(sql`a.opened_at`, range)} as week,
                          count(*) filter (where a.severity = 'red')::int as red, count(*) filter (where a.severity = 'yellow')::int as yellow
                     from a where a.opened_in group by 1) w
             left join (select ${weekIndex(sql`red.opened_at`, range)} as week, percentile_cont(0.5) within group (order by red.claim_minutes) as claim_median
                          from red where red.claim_minutes is not null group by 1) m on m.week = w.week) as weeks
          from counts, events`);
      if (!row) throw new Error('dashboard figures returned no row');
      return row;
    },
  };
}

export type DashboardRepository = ReturnType<typeof createDashboardRepository>;
