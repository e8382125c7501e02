/** Bench data: the load cohort (small, with logins) and the 5,000-patient year (large, generated in SQL). */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { MeasurementKind, Programme } from '@naer/shared';
import { mergeLimits } from '@naer/shared/domain';
import type { Database } from '../../server/src/db/client';
import { careTeamMembers, enrolments, organisations, patientLimits, patients, programmes, users } from '../../server/src/db/schema';

export const BENCH_PASSWORD = 'bench-password-1';

export interface Cohort {
  organisationIds: string[];
  clinician: { id: string; email: string };
  patients: Array<{ patientId: string; userId: string; email: string }>;
}

/** Ids decided up front, so the same cohort can be written to every database (floor, PostgreSQL, PGlite). */
export function makeCohort(size: number): Cohort {
  return {
    organisationIds: [randomUUID(), randomUUID(), randomUUID()],
    clinician: { id: randomUUID(), email: 'bench-nurse@bench.naer.dk' },
    patients: Array.from({ length: size }, (_, i) => ({ patientId: randomUUID(), userId: randomUUID(), email: `bench-patient-${i}@bench.naer.dk` })),
  };
}

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function insertProgrammes(database: Database): Promise<void> {
  await database.db
    .insert(programmes)
    .values([
      { code: 'copd', name: { da: 'TeleKOL', en: 'COPD' } },
      { code: 'heart_failure', name: { da: 'TeleHjerte', en: 'Heart failure' } },
    ])
    .onConflictDoNothing();
}

/** What each cohort organisation answers for, as the test fixtures' teams (the bench nurse's hospital also makes home visits). */
const COHORT_RESPONSIBILITIES: string[][] = [
  ['red', 'yellow', 'missing', 'limits', 'consultation', 'home_visit'],
  ['yellow', 'medication'],
  ['missing', 'home_visit', 'acute'],
];

/** Three organisations (all on every care team), a clinician at the first, and patients as tests/support/fixtures.ts makes them. */
export async function populateCohort(database: Database, cohort: Cohort, passwordHash: string): Promise<void> {
  await insertProgrammes(database);
  const [hospital, gp, municipality] = cohort.organisationIds as [string, string, string];
  await database.db.insert(organisations).values([
    { id: hospital, name: 'Bench Hospital', type: 'hospital' },
    { id: gp, name: 'Bench GP', type: 'gp' },
    { id: municipality, name: 'Bench Kommune', type: 'municipality' },
  ]);
  await database.db.insert(users).values({ id: cohort.clinician.id, email: cohort.clinician.email, role: 'clinician', organisationId: hospital, displayName: 'Bench nurse', passwordHash });
  const limitsFrom = new Date(Date.now() - 400 * 86_400_000);
  const limits = Object.entries(mergeLimits(['copd']));
  for (const part of chunks(cohort.patients, 250)) {
    await database.db.insert(users).values(part.map((p) => ({ id: p.userId, email: p.email, role: 'patient' as const, displayName: p.email, passwordHash })));
    await database.db.insert(patients).values(part.map((p, i) => ({ id: p.patientId, userId: p.userId, name: `Benchpatient ${i}` })));
    await database.db.insert(enrolments).values(part.map((p) => ({ patientId: p.patientId, programme: 'copd' as const })));
    await database.db
      .insert(careTeamMembers)
      .values(part.flatMap((p) => cohort.organisationIds.map((organisationId, i) => ({ patientId: p.patientId, organisationId, escalationOrder: i, responsibilities: COHORT_RESPONSIBILITIES[i] ?? [] }))));
    await database.db
      .insert(patientLimits)
      .values(part.flatMap((p) => limits.map(([kind, rules]) => ({ patientId: p.patientId, kind: kind as MeasurementKind, rules, validFrom: limitsFrom, reason: 'bench defaults' }))));
  }
}

export interface ScaleOptions {
  patients: number;
  days: number;
  kinds: Array<'spo2' | 'heart_rate' | 'body_weight'>;
  onProgress?: (done: number, total: number) => void;
}

export interface ScaleData {
  /** The scale clinician's hospital. */
  organisationId: string;
  /** The other two organisations on care teams: a GP practice and a municipality. */
  partnerIds: { gp: string; municipality: string };
  clinician: { id: string; email: string };
  patientIds: string[];
  measurements: number;
  /** Rows generated per table (and a few shares), for the report. */
  counts: Record<string, number>;
}

/** Green values: base + [0, spread) under both programmes' defaults (HF turns yellow under 94 % SpO2). */
const BASE: Record<ScaleOptions['kinds'][number], [number, number]> = { spo2: [94, 5], heart_rate: [55, 40], body_weight: [60, 40] };
const UNIT: Record<ScaleOptions['kinds'][number], string> = { spo2: '%', heart_rate: '/min', body_weight: 'kg' };
/** What each programme measures (of the kinds the bench generates), as PROGRAMME_KINDS in shared/src/contracts/enrolment.contract.ts. */
const PROGRAMME_KINDS: Record<Programme, Array<ScaleOptions['kinds'][number]>> = { copd: ['spo2', 'heart_rate'], heart_failure: ['body_weight', 'heart_rate', 'spo2'] };
/**
 * Chance of a yellow / red reading per kind for a patient of average risk: with the schedules below
 * about 0.3 yellow and 0.05 red alerts per patient-week; the pulse is the noisy one.
 */
const FLAG_RATE: Record<ScaleOptions['kinds'][number], { yellow: number; red: number }> = {
  spo2: { yellow: 0.025, red: 0.006 },
  heart_rate: { yellow: 0.04, red: 0.003 },
  body_weight: { yellow: 0.015, red: 0.004 },
};
/** Clinicians per organisation (the scale nurse is the hospital's first). */
const CLINICIANS = { hospital: 8, gp: 4, municipality: 6 } as const;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const uuidArray = (ids: string[]) => `array[${ids.map((id) => `${literal(id)}::uuid`).join(', ')}]`;
/** A visit with every sign normal, as the visit service would store it (NEWS2 0, TOBS 0). */
const VISIT = {
  vitals: { respiratoryRate: 16, spo2: 95, onOxygen: false, systolic: 130, diastolic: 80, pulse: 78, temperature: 37, consciousness: 'alert' },
  tobs: { total: 0, parts: { pulse: 0, systolic: 0, respiratoryRate: 0, temperature: 0, consciousness: 0 }, response: 'none' },
  news2: { total: 0, scale: 1, band: 'none', parts: { respiratoryRate: 0, spo2: 0, airOrOxygen: 0, systolic: 0, pulse: 0, consciousness: 0, temperature: 0 }, response: 'routine' },
};

/**
 * A year of a telemonitoring programme as three organisations share it: `patients` with the scale
 * clinician's hospital on their care team (most also a GP practice, many the municipality), enrolled
 * before or during the year (some ended, some paused), measuring on their schedule with their own
 * adherence, readings now and then yellow or red, the alerts those raised and how clinicians of the
 * three organisations claimed, escalated and resolved them, missing-reading alerts, home visits,
 * messages, video consultations, reviews, monthly involvement answers, and patient_weeks as the
 * triggers would have kept it. Written in time order (one patient's rows spread over the table as in
 * real use), then VACUUM ANALYZE (autovacuum's steady state). Runs as plain SQL on either engine.
 */
export async function populateScale(database: Database, options: ScaleOptions, passwordHash: string): Promise<ScaleData> {
  // Session settings (replication role, maintenance_work_mem) need one connection: reserve it on PostgreSQL.
  const reserved = database.postgresClient ? await database.postgresClient.reserve() : undefined;
  try {
    return await generate(database, options, passwordHash, async <T>(text: string) => (reserved ? ((await reserved.unsafe(text)) as unknown as T[]) : database.rows<T>(sql.raw(text))));
  } finally {
    reserved?.release();
  }
}

type Run = <T = unknown>(text: string) => Promise<T[]>;

async function generate(database: Database, options: ScaleOptions, passwordHash: string, run: Run): Promise<ScaleData> {
  await insertProgrammes(database);
  const org = { hospital: randomUUID(), gp: randomUUID(), municipality: randomUUID() };
  await database.db.insert(organisations).values([
    { id: org.hospital, name: 'Scale Hospital', type: 'hospital' },
    { id: org.gp, name: 'Scale Lægehus', type: 'gp' },
    { id: org.municipality, name: 'Scale Kommune', type: 'municipality', alwaysOpen: true },
  ]);
  const staff = {
    hospital: Array.from({ length: CLINICIANS.hospital }, () => randomUUID()),
    gp: Array.from({ length: CLINICIANS.gp }, () => randomUUID()),
    municipality: Array.from({ length: CLINICIANS.municipality }, () => randomUUID()),
  };
  const clinician = { id: staff.hospital[0] ?? '', email: 'scale-nurse@bench.naer.dk' };
  await database.db.insert(users).values(
    (['hospital', 'gp', 'municipality'] as const).flatMap((sector) =>
      staff[sector].map((id, i) => ({
        id, role: 'clinician' as const, organisationId: org[sector], passwordHash,
        email: id === clinician.id ? clinician.email : `scale-${sector}-${i}@bench.naer.dk`,
        displayName: id === clinician.id ? 'Scale nurse' : `Scale ${sector} ${i}`,
      })),
    ),
  );
  const days = options.days;

  // One row per patient with everything drawn once: programme, enrolment, schedule, adherence, risk, pause, care team.
  await run(`
    create table bench_scale_patients (
      n int primary key, id uuid not null, programme programme_code not null, daily boolean not null,
      enrolled_at timestamptz not null, ended_at timestamptz, enrol_day date not null,
      pause_starts timestamptz, pause_ends timestamptz, pause_reason text,
      adherence float8 not null, risk float8 not null, trend float8 not null,
      gp boolean not null, municipality boolean not null, involved boolean not null, involvement float8 not null, visited boolean not null)`);
  await run(`
    insert into bench_scale_patients (n, id, programme, daily, enrolled_at, ended_at, enrol_day, adherence, risk, trend, gp, municipality, involved, involvement, visited)
    select n, gen_random_uuid(), case when n % 10 < 7 then 'copd' else 'heart_failure' end::programme_code,
           -- Heart failure weighs daily; four in ten COPD patients stay on daily readings, the rest go to twice a week after 14 days.
           n % 10 >= 7 or r.schedule < 0.4,
           now() - s.start_ago * interval '1 day', case when r.ended < 0.1 then now() - r.end_at * least(s.start_ago, ${days}) * interval '1 day' end,
           ((now() - s.start_ago * interval '1 day') at time zone 'Europe/Copenhagen')::date,
           case when r.band < 0.65 then 0.85 + 0.15 * r.within when r.band < 0.9 then 0.55 + 0.25 * r.within else 0.2 + 0.3 * r.within end,
           case when r.risk < 0.4 then 0.4 when r.risk < 0.8 then 1 else 2.5 end,
           case when r.trend < 0.15 then 1.6 when r.trend < 0.25 then -1.2 else 0 end,
           r.gp < 0.8, r.municipality < 0.6, r.involved < 0.6, 3.2 + 1.4 * r.within, false
      from generate_series(1, ${options.patients}) n
     cross join lateral (select random() as schedule, random() as ended, random() as end_at, random() as band, random() as within, random() as risk,
                                random() as trend, random() as gp, random() as municipality, random() as involved, random() as start, n as _n) r
     -- Seven in ten were enrolled before the year, the rest during it.
     cross join lateral (select case when r.start < 0.7 then ${days} + 14 + random() * 500 else random() * ${days} end as start_ago, n as _n) s`);
  // Home visits for four in ten of the municipality's patients; a pause (admission or holiday) for about 5 %.
  await run(`update bench_scale_patients set visited = true where municipality and random() < 0.4`);
  await run(`
    update bench_scale_patients p set pause_starts = w.starts, pause_ends = w.starts + (3 + random() * 18) * interval '1 day',
           pause_reason = case when random() < 0.4 then 'admitted' else 'holiday' end
      from (select n, greatest(enrolled_at, now() - ${days} * interval '1 day') + interval '7 days'
                      + random() * (coalesce(ended_at, now()) - greatest(enrolled_at, now() - ${days} * interval '1 day') - interval '28 days') as starts
              from bench_scale_patients
             where coalesce(ended_at, now()) - greatest(enrolled_at, now() - ${days} * interval '1 day') > interval '30 days') w
     where w.n = p.n and random() < 0.05 * (select count(*) from bench_scale_patients)::float8 / greatest(1, (select count(*) from bench_scale_patients q
             where coalesce(q.ended_at, now()) - greatest(q.enrolled_at, now() - ${days} * interval '1 day') > interval '30 days'))`);

  await run(`insert into patients (id, name, birth_date, created_at)
             select id, 'Skalapatient ' || n, (date '1940-01-01' + (n % 10000))::text, enrolled_at - interval '1 day' from bench_scale_patients`);
  const kindsOf = (programme: Programme) => {
    const kinds = PROGRAMME_KINDS[programme].filter((k) => options.kinds.includes(k));
    return kinds.length > 0 ? kinds : options.kinds;
  };
  // The schedule as enrolment stores it (ScheduleSchema with defaults applied).
  const schedule = (programme: Programme, daily: boolean) =>
    literal(JSON.stringify({ kinds: kindsOf(programme), phases: daily ? [{ timesPerWeek: 7 }] : [{ days: 14, timesPerWeek: 7 }, { timesPerWeek: 2 }], timeOfDay: '09:00', graceHours: 4 }));
  await run(`
    insert into enrolments (patient_id, programme, enrolled_at, enrolled_by, ended_at, schedule)
    select id, programme, enrolled_at, ${literal(clinician.id)}::uuid, ended_at,
           case when programme = 'heart_failure' then ${schedule('heart_failure', true)}::jsonb when daily then ${schedule('copd', true)}::jsonb else ${schedule('copd', false)}::jsonb end
      from bench_scale_patients`);
  // Care teams as the cohort's: the hospital first in the escalation chain, then the GP, then the municipality.
  for (const [i, [sector, where]] of ([['hospital', 'true'], ['gp', 'gp'], ['municipality', 'municipality']] as const).entries()) {
    await run(`insert into care_team_members (patient_id, organisation_id, responsibilities, escalation_order, created_at)
               select id, ${literal(org[sector])}::uuid, ${literal(JSON.stringify(COHORT_RESPONSIBILITIES[i]))}::jsonb, ${i}, enrolled_at from bench_scale_patients where ${where}`);
  }
  for (const programme of ['copd', 'heart_failure'] as const) {
    for (const [kind, rules] of Object.entries(mergeLimits([programme]))) {
      await run(`insert into patient_limits (patient_id, kind, rules, valid_from, reason)
                 select id, ${literal(kind)}::measurement_kind, ${literal(JSON.stringify(rules))}::jsonb, enrolled_at, 'bench defaults' from bench_scale_patients where programme = '${programme}'`);
    }
  }
  await run(`insert into monitoring_pauses (patient_id, starts_at, ends_at, reason, created_by, created_at)
             select id, pause_starts, pause_ends, pause_reason, ${literal(clinician.id)}::uuid, pause_starts - interval '2 hours' from bench_scale_patients where pause_starts is not null`);

  // Bulk load as one would: indexes dropped, rows written, indexes rebuilt with the same definitions.
  // Maintaining three random-uuid-keyed indexes row by row makes the load ~5x slower on 2 cores.
  const indexes = await run<{ name: string; def: string; constraint: boolean }>(`
    select i.relname as name, pg_get_indexdef(i.oid) as def, exists (select 1 from pg_constraint c where c.conindid = i.oid) as constraint
      from pg_index x join pg_class i on i.oid = x.indexrelid where x.indrelid = 'measurements'::regclass`);
  for (const index of indexes) await run(index.constraint ? `alter table measurements drop constraint ${index.name}` : `drop index ${index.name}`);

  // Bulk-load session: no per-row foreign-key or patient_weeks triggers (the rows are consistent by construction; patient_weeks is filled below).
  await run(`set session_replication_role = replica`);
  const kinds = [
    ...new Set(
      (['copd', 'heart_failure'] as const).flatMap((programme) =>
        kindsOf(programme).map((k) => `('${programme}'::programme_code, ${literal(k)}::measurement_kind, ${literal(UNIT[k])}, ${BASE[k][0]}::float8, ${BASE[k][1]}::float8, ${FLAG_RATE[k].yellow}::float8, ${FLAG_RATE[k].red}::float8)`),
      ),
    ),
  ].join(', ');
  const reviewers = uuidArray([...staff.hospital, ...staff.gp]);
  await run(`create table bench_scale_missed (patient_id uuid not null, day date not null)`);
  // One statement per day, oldest first. Each patient measures around the 09:00 slot on the days the schedule asks, with their adherence.
  for (let day = days - 1; day >= 0; day--) {
    const elapsed = (days - 1 - day) / Math.max(1, days - 1);
    await run(`
      with d as (select ((now() at time zone 'Europe/Copenhagen')::date - ${day}) as day),
      due as materialized (
        select p.n, p.id, p.programme, p.adherence, p.risk * greatest(0, 1 + p.trend * (${elapsed} - 0.5)) as risk, t.at, d.day, random() as draw
          from bench_scale_patients p cross join d
         cross join lateral (select ((d.day + time '07:00') + (p.n % 240) * interval '1 minute') at time zone 'Europe/Copenhagen' as at, p.n as _n) t
         where p.enrolled_at <= t.at and (p.ended_at is null or t.at < p.ended_at) and t.at <= now()
           and (p.pause_starts is null or t.at < p.pause_starts or t.at >= p.pause_ends)
           and (p.daily or d.day - p.enrol_day < 14 or extract(isodow from d.day) in (1, 4))
      ),
      missed as (insert into bench_scale_missed select id, day from due where draw >= adherence and draw < adherence + (1 - adherence) * 0.15 returning 1)
      insert into measurements (id, patient_id, kind, value, value2, unit, original_value, original_unit, measured_at, received_at,
                                source, device, quality, entered_by, triage_level, triage_reasons, limit_id, payload_hash, reviewed_at, reviewed_by)
      select gen_random_uuid(), p.id, k.kind, v.value, null, k.unit, to_jsonb(v.value), k.unit, p.at + k.offset_s * interval '1 second', p.at + (k.offset_s + 20) * interval '1 second',
             'device', null, 'ok', null, l.level, '[]'::jsonb, null, 'bench-generated-payload-hash-00000000000000',
             case when (l.level <> 'green' and x.review < 0.8) or x.review < 0.02 then p.at + (5 + x.review * 600) * interval '1 minute' end,
             case when (l.level <> 'green' and x.review < 0.8) or x.review < 0.02 then (${reviewers})[1 + (p.n + ${day}) % ${staff.hospital.length + staff.gp.length}] end
        from due p
        join (select *, row_number() over () * 40 as offset_s from (values ${kinds}) k(programme, kind, unit, base, spread, yellow, red)) k on k.programme = p.programme
       cross join lateral (select random() as level, random() as value, random() as review, p.n as _n, k.kind as _k) x
       cross join lateral (select case when x.level < k.red * p.risk then 'red' when x.level < (k.red + k.yellow) * p.risk then 'yellow' else 'green' end::triage_level as level) l
       cross join lateral (select case
                when k.kind = 'body_weight' then 60 + p.n % 40 + round(x.value::numeric, 1)::float8 + case l.level when 'red' then 2.5 when 'yellow' then 1.5 else 0 end
                when l.level = 'green' then k.base + floor(x.value * k.spread)
                when k.kind = 'spo2' and l.level = 'red' then 84 + floor(x.value * 4)
                when k.kind = 'spo2' and p.programme = 'copd' then 89 + floor(x.value * 3)
                when k.kind = 'spo2' then 92 + floor(x.value * 2)
                when l.level = 'red' then 121 + floor(x.value * 20)
                else 101 + floor(x.value * 15) end::float8 as value) v
       where p.draw < p.adherence`);
    options.onProgress?.(days - day, days);
  }

  const [hospitalStaff, gpStaff, municipalityStaff] = [uuidArray(staff.hospital), uuidArray(staff.gp), uuidArray(staff.municipality)];
  const pick = (sector: string, draw: string) =>
    `case ${sector} when 'gp' then (${gpStaff})[1 + floor(${draw} * ${staff.gp.length})::int] when 'municipality' then (${municipalityStaff})[1 + floor(${draw} * ${staff.municipality.length})::int] else (${hospitalStaff})[1 + floor(${draw} * ${staff.hospital.length})::int] end`;
  const orgOf = (sector: string) => `case ${sector} when 'gp' then ${literal(org.gp)}::uuid when 'municipality' then ${literal(org.municipality)}::uuid else ${literal(org.hospital)}::uuid end`;
  // The alerts those readings raised, and missing-reading alerts at the slot's deadline (09:00 + 4 h) for some missed days.
  await run(`
    create table bench_scale_alerts as
    select gen_random_uuid() as id, f.patient_id, f.rule, f.severity, f.measurement_id, f.opened_at, p.gp, p.municipality,
           random() as r_claim, random() as r_who, random() as r_resolve, random() as r_outcome, random() as r_route
      from (select m.patient_id, m.kind::text as rule, m.triage_level::text::alert_severity as severity, m.id as measurement_id, m.received_at as opened_at
              from measurements m where m.triage_level in ('yellow', 'red')
            union all
            select x.patient_id, 'missing', 'missing'::alert_severity, null, ((x.day + time '13:00') at time zone 'Europe/Copenhagen') from bench_scale_missed x) f
      join bench_scale_patients p on p.id = f.patient_id
     where f.opened_at <= now()`);
  // Who answered and how: red to the hospital (escalated to the next organisation when unclaimed after 30 minutes),
  // yellow to the hospital or now and then the GP, missing readings to the municipality; most missing-reading
  // alerts closed by the next reading (the system), a few yellow resolved without a claim.
  await run(`
    create table bench_scale_alert_plan as
    select a.id, a.patient_id, a.rule, a.severity, a.measurement_id, a.opened_at, s.sector, s.escalated_to, s.escalated_at,
           case when s.how = 'claim' then a.opened_at + s.claim_minutes * interval '1 minute' end as claimed_at,
           case when s.how = 'system' then a.opened_at + (2 + a.r_claim * 46) * interval '1 hour'
                when s.how = 'direct' then a.opened_at + s.claim_minutes * interval '1 minute'
                else a.opened_at + (s.claim_minutes + 5 + exp(a.r_resolve * ln(720))) * interval '1 minute' end as resolved_at,
           case when s.how = 'system' then null else ${pick('s.sector', 'a.r_who')} end as actor,
           case when s.how = 'system' then 'reading_received'
                when a.severity = 'missing' then case when a.r_outcome < 0.85 then 'contacted_patient' else 'no_action_needed' end
                when a.severity = 'yellow' and a.rule = 'heart_rate' then case when a.r_outcome < 0.7 then 'no_action_needed' when a.r_outcome < 0.93 then 'contacted_patient' else 'medication_changed' end
                when a.severity = 'yellow' then case when a.r_outcome < 0.3 then 'no_action_needed' when a.r_outcome < 0.72 then 'contacted_patient' when a.r_outcome < 0.82 then 'home_visit'
                                                     when a.r_outcome < 0.96 then 'medication_changed' when a.r_outcome < 0.99 then 'referred_to_hospital' else 'admitted' end
                else case when a.r_outcome < 0.08 then 'no_action_needed' when a.r_outcome < 0.43 then 'contacted_patient' when a.r_outcome < 0.63 then 'home_visit'
                          when a.r_outcome < 0.78 then 'medication_changed' when a.r_outcome < 0.9 then 'referred_to_hospital' else 'admitted' end end as outcome
      from bench_scale_alerts a
     cross join lateral (select case when a.severity = 'red' then 2 + exp(a.r_claim * ln(60)) when a.severity = 'yellow' then 10 + exp(a.r_claim * ln(600)) else 30 + a.r_claim * 450 end as claim_minutes,
                                case when a.severity = 'missing' and a.r_resolve < 0.8 then 'system' when a.severity = 'yellow' and a.r_route > 0.95 then 'direct' else 'claim' end as how, a.id as _id) c
     cross join lateral (select case when a.severity = 'red' and c.claim_minutes > 30 and (a.gp or a.municipality) then case when a.gp then 'gp' else 'municipality' end end as escalated_to, a.id as _id) e
     cross join lateral (select c.claim_minutes, c.how, e.escalated_to,
                                case when e.escalated_to is not null then a.opened_at + interval '30 minutes' end as escalated_at,
                                case when e.escalated_to is not null then e.escalated_to
                                     when a.severity = 'missing' then case when a.municipality then 'municipality' else 'hospital' end
                                     when a.severity = 'yellow' and a.gp and a.r_route < 0.25 then 'gp' else 'hospital' end as sector, a.id as _id) s`);
  // Now is now: what has not happened yet did not; one open alert per patient and rule (the newest).
  await run(`update bench_scale_alert_plan set resolved_at = null where resolved_at > now()`);
  await run(`update bench_scale_alert_plan set claimed_at = null where claimed_at > now()`);
  await run(`update bench_scale_alert_plan set escalated_to = null, escalated_at = null where escalated_at > now()`);
  await run(`delete from bench_scale_alert_plan a where a.resolved_at is null
               and exists (select 1 from bench_scale_alert_plan b where b.patient_id = a.patient_id and b.rule = a.rule and b.resolved_at is null and b.opened_at > a.opened_at)`);
  await run(`
    insert into alerts (id, patient_id, rule, severity, status, reasons, opened_at, updated_at, last_measurement_id, breaches, owner_id, responsible_org_id,
                        claim_due_at, escalation_level, claimed_at, resolved_at, resolved_by, outcome)
    select id, patient_id, rule, severity, case when resolved_at is not null then 'resolved' when claimed_at is not null then 'claimed' else 'open' end::alert_status,
           '[]'::jsonb, opened_at, coalesce(resolved_at, claimed_at, escalated_at, opened_at), measurement_id, 1,
           case when claimed_at is not null then actor end, ${orgOf('sector')}, null, case when escalated_to is null then 0 else 1 end,
           claimed_at, resolved_at, case when resolved_at is not null then actor end, case when resolved_at is not null then outcome end
      from bench_scale_alert_plan order by opened_at`);
  await run(`
    insert into alert_events (alert_id, type, actor_id, at, data)
    select id, type, actor, at, data from (
      select id, 'raised' as type, null::uuid as actor, opened_at as at, jsonb_build_object('severity', severity) as data from bench_scale_alert_plan
      union all
      select id, 'escalated', null, escalated_at, jsonb_build_object('from', ${literal(org.hospital)}, 'to', ${orgOf('escalated_to')}, 'level', 1) from bench_scale_alert_plan where escalated_at is not null
      union all
      select id, 'claimed', actor, claimed_at, '{}'::jsonb from bench_scale_alert_plan where claimed_at is not null
      union all
      select id, 'resolved', case when outcome = 'reading_received' then null else actor end, resolved_at, jsonb_build_object('outcome', outcome) from bench_scale_alert_plan where resolved_at is not null) e
     order by at`);

  // A home visit about once a month for the municipality's visited patients.
  await run(`
    insert into visits (id, patient_id, measured_at, recorded_by, organisation_id, vitals, spo2_scale, tobs, news2, tobs_total, news2_total, triage_level, triage_reasons, payload_hash, created_at)
    select gen_random_uuid(), p.id, v.at, ${pick(`'municipality'`, 'v.who')}, ${literal(org.municipality)}::uuid, ${literal(JSON.stringify(VISIT.vitals))}::jsonb, 1,
           ${literal(JSON.stringify(VISIT.tobs))}::jsonb, ${literal(JSON.stringify(VISIT.news2))}::jsonb, 0, 0, 'green', '[]'::jsonb, 'bench', v.at
      from bench_scale_patients p
     cross join generate_series(0, ${Math.ceil(days / 30)}) g
     cross join lateral (select now() - (g * 30 + random() * 30) * interval '1 day' as at, random() as who, p.n as _n) v
     where p.visited and v.at >= p.enrolled_at and v.at >= now() - ${days} * interval '1 day' and (p.ended_at is null or v.at < p.ended_at)`);
  // Clinicians' messages, about one per patient-month (most from the hospital), and a video consultation for about one in eight patient-months.
  await run(`
    insert into messages (id, patient_id, sender_id, sender_role, sender_org_id, body, sent_at)
    select gen_random_uuid(), p.id, ${pick('s.sector', 'v.who')}, 'clinician', ${orgOf('s.sector')}, 'Vi har set dine målinger. Skriv, hvis du har spørgsmål.', v.at
      from bench_scale_patients p
     cross join generate_series(0, ${Math.ceil(days / 30)}) g
     cross join lateral (select now() - (g * 30 + random() * 30) * interval '1 day' as at, random() as who, random() as sector, random() as sent, p.n as _n) v
     cross join lateral (select case when v.sector < 0.25 and p.municipality then 'municipality' when v.sector > 0.85 and p.gp then 'gp' else 'hospital' end as sector, p.n as _n) s
     where v.sent < 0.9 and v.at >= p.enrolled_at and v.at >= now() - ${days} * interval '1 day' and (p.ended_at is null or v.at < p.ended_at)`);
  await run(`
    insert into consultations (patient_id, organiser_id, organisation_id, starts_at, duration_minutes, type, purpose, status, created_at, updated_at)
    select p.id, ${pick(`'hospital'`, 'v.who')}, ${literal(org.hospital)}::uuid, v.at, 20, 'follow_up', 'Opfølgning', 'completed', v.at - interval '3 days', v.at + interval '20 minutes'
      from bench_scale_patients p
     cross join generate_series(0, ${Math.ceil(days / 30)}) g
     cross join lateral (select date_trunc('hour', now() - (g * 30 + random() * 30) * interval '1 day') as at, random() as who, random() as booked, p.n as _n) v
     where v.booked < 0.12 and v.at >= p.enrolled_at and v.at >= now() - ${days} * interval '1 day' and (p.ended_at is null or v.at < p.ended_at)`);
  // The monthly involvement question: six in ten patients answer it in most months they are enrolled.
  await run(`
    insert into questionnaire_responses (id, patient_id, questionnaire_id, questionnaire_version, answers, score, answered_at, received_at, source, entered_by, triage_level, triage_reasons, payload_hash)
    select gen_random_uuid(), p.id, 'involvement-monthly', 1, jsonb_build_object('involved', s.score), s.score, v.at, v.at, 'manual', null, 'green', '[]'::jsonb, 'bench'
      from bench_scale_patients p
     cross join generate_series(0, ${Math.ceil(days / 30) + 1}) g
     cross join lateral (select (((date_trunc('month', (now() at time zone 'Europe/Copenhagen')) - g * interval '1 month')
                                  + random() * 27 * interval '1 day' + interval '10 hours') at time zone 'Europe/Copenhagen') as at, random() as answered, p.n as _n) v
     cross join lateral (select least(5, greatest(1, round(p.involvement + (random() - 0.5) * 2)))::float8 as score, p.n as _n) s
     where p.involved and v.answered < 0.85 and v.at >= p.enrolled_at and v.at >= now() - ${days} * interval '1 day' and v.at <= now() and (p.ended_at is null or v.at < p.ended_at)`);
  await run(`set session_replication_role = origin`);

  await run(`set maintenance_work_mem = '512MB'`);
  for (const index of indexes) {
    await run(index.def);
    if (index.constraint) await run(`alter table measurements add constraint ${index.name} primary key using index ${index.name}`);
  }
  // What the triggers would have kept: the backfill at the end of drizzle/0014_patient_weeks.sql.
  await run(`
    insert into patient_weeks (patient_id, week, reading_days, entry_days, flagged_days)
    select patient_id, date_trunc('week', day)::date,
           bit_or(case when reading then 1 << (extract(isodow from day)::int - 1) else 0 end)::smallint,
           bit_or(1 << (extract(isodow from day)::int - 1))::smallint,
           bit_or(case when flagged then 1 << (extract(isodow from day)::int - 1) else 0 end)::smallint
      from (
        select patient_id, (measured_at at time zone 'Europe/Copenhagen')::date as day, true as reading, triage_level in ('yellow', 'red') as flagged from measurements
        union all
        select patient_id, (answered_at at time zone 'Europe/Copenhagen')::date, false, triage_level in ('yellow', 'red') from questionnaire_responses
      ) entries
     group by patient_id, date_trunc('week', day)::date`);
  await run(`
    insert into latest_measurements (patient_id, kind, measurement_id, value, value2, unit, measured_at, level)
    select distinct on (patient_id, kind) patient_id, kind, id, value, value2, unit, measured_at, triage_level
      from measurements order by patient_id, kind, measured_at desc`);
  const [counts] = await run<Record<string, number>>(`
    select (select count(*) from bench_scale_patients)::int as patients,
           (select count(*) from bench_scale_patients where enrolled_at > now() - ${days} * interval '1 day')::int as started_in_year,
           (select count(*) from bench_scale_patients where ended_at is not null)::int as ended,
           (select count(*) from monitoring_pauses)::int as paused,
           (select count(*) from bench_scale_patients where programme = 'heart_failure')::int as heart_failure,
           (select count(*) from care_team_members)::int as care_team_members,
           (select count(*) from measurements)::int as measurements,
           (select count(*) from measurements where triage_level = 'yellow')::int as yellow_readings,
           (select count(*) from measurements where triage_level = 'red')::int as red_readings,
           (select count(*) from measurements where reviewed_at is not null)::int as reviewed,
           (select count(*) from patient_weeks)::int as patient_weeks,
           (select count(*) from alerts where severity = 'yellow')::int as yellow_alerts,
           (select count(*) from alerts where severity = 'red')::int as red_alerts,
           (select count(*) from alerts where severity = 'missing')::int as missing_alerts,
           (select count(*) from alerts where status <> 'resolved')::int as unresolved_alerts,
           (select count(*) from alerts where status = 'resolved' and claimed_at is null)::int as never_claimed,
           (select count(*) from alerts where outcome = 'admitted')::int as admitted,
           (select count(*) from alerts where outcome = 'no_action_needed')::int as no_action_needed,
           (select count(*) from alert_events)::int as alert_events,
           (select count(*) from alert_events where type = 'escalated')::int as escalations,
           (select count(*) from visits)::int as visits,
           (select count(*) from messages)::int as messages,
           (select count(*) from consultations)::int as consultations,
           (select count(*) from questionnaire_responses)::int as involvement_answers,
           (select count(distinct patient_id) from questionnaire_responses)::int as involvement_patients`);
  const ids = await run<{ id: string }>(`select id::text as id from bench_scale_patients order by n`);
  await run('vacuum analyze');
  const numbers = counts ?? {};
  return {
    organisationId: org.hospital,
    partnerIds: { gp: org.gp, municipality: org.municipality },
    clinician,
    patientIds: ids.map((r) => r.id),
    measurements: numbers.measurements ?? 0,
    counts: Object.fromEntries(Object.entries(numbers).map(([k, v]) => [k, Number(v)])),
  };
}
