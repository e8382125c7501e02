import type { Dashboard, DashboardFigures, DashboardPeriod, DashboardQuery, DashboardSeries, Organisation, PatientCount, ResponseTimes, Schedule } from '@naer/shared';
import { ACTION_KINDS, ALERT_OUTCOMES, SMALL_GROUP, SMALL_GROUP_LIMIT, ScheduleSchema } from '@naer/shared';
import { danishDayNumber, dashboardCsv, scheduledDays } from '@naer/shared/domain';
import type { Actor } from '../../kernel/actor';
import type { Clock } from '../../kernel/clock';
import { ForbiddenError, ValidationError } from '../../kernel/errors';
import type { AuditRepository } from '../audit/audit.repository';
import type { OrganisationRepository } from '../organisations/organisation.repository';
import type { Database } from '../../db/client';
import type { AlertFigures, CohortRow, DashboardRepository, DashboardScope, DayRange, Times } from './dashboard.repository';

const DAY_MS = 86_400_000;
/** The default period: the last 90 days, today included. */
const DEFAULT_DAYS = 90;
/** A patient-month, in days. */
const MONTH_DAYS = 30;
/** Worsened: the share of days with a yellow or red entry rose by this much from the first half to the second... */
const WORSENED_RISE = 0.1;
/** ...with at least this many days with entries in each half. */
const WORSENED_MIN_DAYS = 3;
const ENROLLED = 1;
const SCHEDULED = 2;
const DANISH = new Intl.Collator('da');
/** Per-patient adherence rows a care-team viewer sees, lowest first. */
const PATIENT_LIST_LIMIT = 50;

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
/** Monday on or before a day (day 0, 1970-01-01, was a Thursday). */
const mondayOf = (day: number) => day - ((day + 3) % 7);

/** 1–4 patients show as "< 5"; 0 and 5+ as they are. */
export const patientCount = (n: number): PatientCount => (n > 0 && n < SMALL_GROUP_LIMIT ? SMALL_GROUP : n);
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const per = (count: number, base: number, unit: number) => (base > 0 ? (count * unit) / base : null);

function periodOf(fromDay: number, toDay: number): DashboardPeriod & { fromDay: number; toDay: number } {
  return { from: isoDay(fromDay), to: isoDay(toDay), days: toDay - fromDay + 1, fromDay, toDay };
}

function rangeOf(period: { fromDay: number; toDay: number }): DayRange {
  return {
    from: isoDay(period.fromDay), to: isoDay(period.toDay), firstMonday: isoDay(mondayOf(period.fromDay)), lastMonday: isoDay(mondayOf(period.toDay)),
  };
}

/** Minutes to the hundredth: interpolation in floating point otherwise shows 51.00000000000001. */
const minutes = (m: number | null) => (m === null ? null : Math.round(m * 100) / 100);
const timesOf = (t: Times): Omit<ResponseTimes, 'bySector'> => ({ alerts: t.alerts, medianMinutes: minutes(t.median), p90Minutes: minutes(t.p90) });

/** What the per-patient rows give: expected and received days, patient-days, worsened, involvement, per week. */
function population(rows: CohortRow[], period: { fromDay: number; toDay: number }) {
  const firstMonday = mondayOf(period.fromDay);
  const weeks = Math.floor((period.toDay - firstMonday) / 7) + 1;
  const expectedByWeek = new Array<number>(weeks).fill(0);
  const patientDaysByWeek = new Array<number>(weeks).fill(0);
  const receivedByWeek = new Array<number>(weeks).fill(0);
  let started = 0;
  let ended = 0;
  let paused = 0;
  let patientDays = 0;
  let expected = 0;
  let received = 0;
  let worsened = 0;
  let answered = 0;
  let answers = 0;
  let scoreSum = 0;
  const adherence: Array<{ patientId: string; name: string; adherence: number | null }> = [];
  const marks = new Uint8Array(period.toDay - period.fromDay + 1);
  const offset = period.fromDay - firstMonday;
  // Days before this index of the period are its first half.
  const middle = Math.floor(marks.length / 2);
  const expectedThisPatient = new Array<number>(weeks).fill(0);
  const schedules = new Map<string, Schedule | null>();
  const scheduleOf = (stored: unknown): Schedule | null => {
    const key = JSON.stringify(stored);
    let found = schedules.get(key);
    if (found === undefined) {
      const parsed = ScheduleSchema.safeParse(stored);
      found = parsed.success ? parsed.data : null;
      schedules.set(key, found);
    }
    return found;
  };

  for (const row of rows) {
    const enrolled = row.enrolments.map((e) => ({ start: e.first, end: e.last ?? Number.POSITIVE_INFINITY, schedule: e.schedule }));
    const firstDay = Math.min(...enrolled.map((e) => e.start));
    const lastDay = Math.max(...enrolled.map((e) => e.end));
    if (firstDay >= period.fromDay) started++;
    if (lastDay < period.toDay) ended++;
    if (row.pauses?.length) paused++;

    // Per day of the period: 1 enrolled, 2 scheduled and not paused (one buffer, reset per patient).
    marks.fill(0);
    for (const e of enrolled) {
      for (let day = Math.max(e.start, period.fromDay); day <= Math.min(e.end, period.toDay); day++) marks[day - period.fromDay] = ENROLLED;
      const schedule = scheduleOf(e.schedule);
      if (schedule) for (const day of scheduledDays(schedule, e.start, period.fromDay, Math.min(e.end, period.toDay))) marks[day - period.fromDay] = ENROLLED | SCHEDULED;
    }
    for (const pause of row.pauses ?? []) {
      const first = Math.max(pause.first, period.fromDay);
      const last = Math.min(pause.last, period.toDay);
      for (let day = first; day <= last; day++) marks[day - period.fromDay]! &= ~SCHEDULED;
    }
    expectedThisPatient.fill(0);
    let scheduledCount = 0;
    for (let i = 0; i < marks.length; i++) {
      const mark = marks[i] ?? 0;
      if (mark === 0) continue;
      const week = (i + offset) / 7 | 0;
      patientDays++;
      patientDaysByWeek[week]! += 1;
      if (mark & SCHEDULED) {
        expectedThisPatient[week]! += 1;
        scheduledCount++;
      }
    }
    // A scheduled day is met by a reading that day (as the missing-reading check counts it).
    let got = 0;
    const halves = { first: { entries: 0, flagged: 0 }, second: { entries: 0, flagged: 0 } };
    for (const encoded of row.weeks ?? []) {
      const week = encoded >>> 21;
      for (let weekday = 0; weekday < 7; weekday++) {
        const i = week * 7 + weekday - offset;
        if (i < 0 || i >= marks.length) continue;
        const bit = 1 << weekday;
        if ((encoded >>> 14) & bit && (marks[i] ?? 0) & SCHEDULED) {
          got++;
          receivedByWeek[week]! += 1;
        }
        if ((encoded >>> 7) & bit) {
          const half = i < middle ? halves.first : halves.second;
          half.entries++;
          if (encoded & bit) half.flagged++;
        }
      }
    }
    for (let w = 0; w < weeks; w++) expectedByWeek[w]! += expectedThisPatient[w] ?? 0;
    expected += scheduledCount;
    received += got;
    adherence.push({ patientId: row.id, name: row.name, adherence: ratio(got, scheduledCount) });

    // Worse: the share of days with a yellow or red entry rose from the first half of the period to the second.
    const before = ratio(halves.first.flagged, halves.first.entries);
    const after = ratio(halves.second.flagged, halves.second.entries);
    if (halves.first.entries >= WORSENED_MIN_DAYS && halves.second.entries >= WORSENED_MIN_DAYS && before !== null && after !== null && after - before >= WORSENED_RISE - 1e-9) worsened++;

    if (row.involvement_answers > 0) {
      answered++;
      answers += row.involvement_answers;
      scoreSum += row.involvement_sum ?? 0;
    }
  }

  const bands = { under_50: 0, from_50_to_79: 0, from_80: 0 };
  for (const a of adherence) {
    if (a.adherence === null) continue;
    if (a.adherence < 0.5) bands.under_50++;
    else if (a.adherence < 0.8) bands.from_50_to_79++;
    else bands.from_80++;
  }
  return {
    started, ended, paused, patientDays, expected, received, worsened, answered, answers, scoreSum, bands,
    adherence: adherence.sort((a, b) => (a.adherence ?? 2) - (b.adherence ?? 2) || DANISH.compare(a.name, b.name)),
    weeks: Array.from({ length: weeks }, (_, i) => isoDay(firstMonday + i * 7)), expectedByWeek, receivedByWeek, patientDaysByWeek,
  };
}

function figuresOf(rows: CohortRow[], a: AlertFigures, period: { fromDay: number; toDay: number }, showNames: boolean): { figures: DashboardFigures; series: DashboardSeries } {
  const p = population(rows, period);
  const patientMonths = p.patientDays / MONTH_DAYS;
  const outcomes = Object.fromEntries(ALERT_OUTCOMES.map((o) => [o, a.outcomes?.[o] ?? 0])) as DashboardFigures['quality']['outcomes'];
  const actions = { claims: a.claims, reviews: a.reviews, visits: a.visits, messages: a.messages, consultations: a.consultations, total: ACTION_KINDS.reduce((sum, k) => sum + a[k], 0) };
  const perMonth = Object.fromEntries(Object.entries(actions).map(([k, n]) => [k, per(n, patientMonths, 1)])) as DashboardFigures['cost']['actionsPerPatientMonth'];
  const sector = (list: AlertFigures['claim_by_sector']) => (list ?? []).map((s) => ({ sector: s.sector, ...timesOf(s) }));

  const figures: DashboardFigures = {
    population: {
      enrolledPatients: patientCount(rows.length),
      startedPatients: patientCount(p.started),
      endedPatients: patientCount(p.ended),
      pausedPatients: patientCount(p.paused),
      patientDays: p.patientDays,
      patientMonths,
      adherence: {
        overall: ratio(p.received, p.expected),
        expected: p.expected,
        received: p.received,
        distribution: (['under_50', 'from_50_to_79', 'from_80'] as const).map((band) => ({ band, patients: patientCount(p.bands[band]) })),
        patients: showNames ? p.adherence.slice(0, PATIENT_LIST_LIMIT) : null,
      },
      worsenedPatients: patientCount(p.worsened),
      admissions: outcomes.admitted,
      admissionsPer100PatientMonths: per(outcomes.admitted, patientMonths, 100),
    },
    quality: {
      redAlerts: a.red_alerts,
      timeToClaim: { ...timesOf(a.claim), bySector: sector(a.claim_by_sector) },
      timeToResolution: { ...timesOf(a.resolution), bySector: sector(a.resolution_by_sector) },
      escalations: a.escalations,
      neverClaimed: a.never_claimed,
      resolvedAlerts: a.resolved,
      outcomes,
      involvement: { averageScore: p.answers > 0 ? p.scoreSum / p.answers : null, answeredPatients: patientCount(p.answered), answeredShare: ratio(p.answered, rows.length) },
    },
    cost: {
      actions,
      actionsPerPatientMonth: perMonth,
      alerts: { red: a.red_alerts, yellow: a.yellow_alerts },
      alertsPer100PatientDays: { red: per(a.red_alerts, p.patientDays, 100), yellow: per(a.yellow_alerts, p.patientDays, 100) },
      noActionByRule: (a.rules ?? []).map((r) => ({ rule: r.rule, resolved: r.resolved, noAction: r.no_action, share: ratio(r.no_action, r.resolved) })),
    },
  };

  const byWeek = new Map((a.weeks ?? []).map((w) => [p.weeks[w.week] ?? '', w]));
  const series: DashboardSeries = {
    weeks: p.weeks,
    adherence: p.weeks.map((_w, i) => ratio(p.receivedByWeek[i] ?? 0, p.expectedByWeek[i] ?? 0)),
    redClaimMedianMinutes: p.weeks.map((w) => minutes(byWeek.get(w)?.claim_median ?? null)),
    redPer100PatientDays: p.weeks.map((w, i) => per(byWeek.get(w)?.red ?? 0, p.patientDaysByWeek[i] ?? 0, 100)),
    yellowPer100PatientDays: p.weeks.map((w, i) => per(byWeek.get(w)?.yellow ?? 0, p.patientDaysByWeek[i] ?? 0, 100)),
  };
  return { figures, series };
}

export function createDashboardService(deps: { database: Database; dashboard: DashboardRepository; organisations: OrganisationRepository; audit: AuditRepository; clock: Clock }) {
  const { database, dashboard, organisations, audit, clock } = deps;

  /** Whose figures the actor may see: a clinician their own organisation's, an administrator any (all when none is named). */
  async function organisationFor(actor: Actor, requested: string | undefined): Promise<Organisation | null> {
    if (actor.role === 'clinician') {
      const own = actor.organisation;
      if (!own) throw new ForbiddenError('Your account is not linked to an organisation, so there are no figures to show. Ask an administrator to link it.');
      if (requested && requested !== own.id) throw new ForbiddenError('You can see your own organisation\u2019s figures only.');
      return own;
    }
    if (!requested) return null;
    const found = await organisations.find(database.db, requested);
    if (!found) throw new ValidationError(`organisation: there is no organisation with id ${requested}.`, [{ path: 'organisation', message: 'unknown organisation' }]);
    return found;
  }

  async function read(actor: Actor, query: DashboardQuery, format: 'json' | 'csv'): Promise<Dashboard> {
    const now = clock.now();
    const today = danishDayNumber(now);
    const toDay = query.to ? dayOf(query.to) : query.from ? Math.max(dayOf(query.from), today) : today;
    const fromDay = query.from ? dayOf(query.from) : toDay - DEFAULT_DAYS + 1;
    if (fromDay > toDay) throw new ValidationError('from: must be on or before to.', [{ path: 'from', message: 'after to' }]);
    const organisation = await organisationFor(actor, query.organisation);
    const partner = query.partner ? await organisations.find(database.db, query.partner) : null;
    if (query.partner && !partner) throw new ValidationError(`partner: there is no organisation with id ${query.partner}.`, [{ path: 'partner', message: 'unknown organisation' }]);

    const period = periodOf(fromDay, toDay);
    const previous = periodOf(fromDay - period.days, fromDay - 1);
    const scope: DashboardScope = { organisationId: organisation?.id ?? null, programme: query.programme ?? null, partnerId: partner?.id ?? null };
    // Names only for a viewer on these patients' care teams: a clinician of the organisation they are filtered by.
    const showNames = actor.role === 'clinician';
    const [rows, alerts, previousRows, previousAlerts] = await Promise.all([
      dashboard.patients(scope, rangeOf(period)),
      dashboard.figures(scope, rangeOf(period)),
      dashboard.patients(scope, rangeOf(previous)),
      dashboard.figures(scope, rangeOf(previous)),
    ]);
    const current = figuresOf(rows, alerts, period, showNames);
    const before = figuresOf(previousRows, previousAlerts, previous, showNames);
    await audit.record(database.db, {
      actor, patientId: null, resource: 'dashboard', action: 'read',
      details: { format, from: period.from, to: period.to, programme: scope.programme, partner: scope.partnerId, organisation: scope.organisationId },
    }, now);
    const { fromDay: _f, toDay: _t, ...shownPeriod } = period;
    const { fromDay: _pf, toDay: _pt, ...shownPrevious } = previous;
    return {
      period: shownPeriod, previousPeriod: shownPrevious, organisation,
      filters: { programme: scope.programme, partner: partner ?? null },
      ...current.figures,
      previous: before.figures,
      series: { current: current.series, previous: before.series },
      generatedAt: now.toISOString(),
    };
  }

  return {
    /** The Triple Aim figures for a period against the one before; audited. */
    get: (actor: Actor, query: DashboardQuery) => read(actor, query, 'json'),
    /** The same, as the CSV of the page's tables; audited. */
    async csv(actor: Actor, query: DashboardQuery): Promise<string> {
      return dashboardCsv(await read(actor, query, 'csv'), query.lang ?? 'da');
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
