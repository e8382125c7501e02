/** Bench data: the load cohort (small, with logins) and the 5,000-patient year (large, generated in SQL). */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { MeasurementKind } from '@naer/shared';
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
  organisationId: string;
  clinician: { id: string; email: string };
  patientIds: string[];
  measurements: number;
}

/** Generated values: base + [0, spread), all green under the COPD defaults. */
const BASE: Record<ScaleOptions['kinds'][number], [number, number]> = { spo2: [93, 6], heart_rate: [55, 40], body_weight: [60, 40] };
const UNIT: Record<ScaleOptions['kinds'][number], string> = { spo2: '%', heart_rate: '/min', body_weight: 'kg' };
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * A year of one organisation: `patients` on its care team, one reading per kind per day, written in
 * time order (so one patient's rows are spread over the table as in real use), then latest values and
 * some open alerts as the write path would have left them, then VACUUM ANALYZE (autovacuum's steady state).
 * Runs as plain SQL on either engine.
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

async function generate(database: Database, options: ScaleOptions, passwordHash: string, run: <T = unknown>(text: string) => Promise<T[]>): Promise<ScaleData> {
  await insertProgrammes(database);
  const organisationId = randomUUID();
  const clinician = { id: randomUUID(), email: 'scale-nurse@bench.naer.dk' };
  await database.db.insert(organisations).values({ id: organisationId, name: 'Scale Hospital', type: 'hospital' });
  await database.db.insert(users).values({ id: clinician.id, email: clinician.email, role: 'clinician', organisationId, displayName: 'Scale nurse', passwordHash });

  await run(`create table bench_scale_patients (n int primary key, id uuid not null)`);
  await run(`insert into bench_scale_patients select n, gen_random_uuid() from generate_series(1, ${options.patients}) n`);
  await run(`insert into patients (id, name, birth_date, created_at)
             select id, 'Skalapatient ' || n, (date '1940-01-01' + (n % 10000))::text, now() - interval '400 days' from bench_scale_patients`);
  await run(`insert into enrolments (patient_id, programme, enrolled_at) select id, 'copd', now() - interval '400 days' from bench_scale_patients`);
  await run(`insert into care_team_members (patient_id, organisation_id, responsibilities) select id, ${literal(organisationId)}::uuid, '["red","yellow"]'::jsonb from bench_scale_patients`);
  for (const [kind, rules] of Object.entries(mergeLimits(['copd']))) {
    await run(`insert into patient_limits (patient_id, kind, rules, valid_from, reason)
               select id, ${literal(kind)}::measurement_kind, ${literal(JSON.stringify(rules))}::jsonb, now() - interval '400 days', 'bench defaults' from bench_scale_patients`);
  }

  // Bulk load as one would: indexes dropped, rows written, indexes rebuilt with the same definitions.
  // Maintaining three random-uuid-keyed indexes row by row makes the load ~5x slower on 2 cores.
  const indexes = await run<{ name: string; def: string; constraint: boolean }>(`
    select i.relname as name, pg_get_indexdef(i.oid) as def, exists (select 1 from pg_constraint c where c.conindid = i.oid) as constraint
      from pg_index x join pg_class i on i.oid = x.indexrelid where x.indrelid = 'measurements'::regclass`);
  for (const index of indexes) await run(index.constraint ? `alter table measurements drop constraint ${index.name}` : `drop index ${index.name}`);

  // Bulk-load session: no per-row foreign-key triggers (the generated rows are consistent by construction).
  await run(`set session_replication_role = replica`);
  const kinds = options.kinds.map((k) => `(${literal(k)}::measurement_kind, ${literal(UNIT[k])}, ${BASE[k][0]}, ${BASE[k][1]})`).join(', ');
  // One statement per day, oldest first. Each patient measures at its own time of day.
  for (let day = options.days - 1; day >= 0; day--) {
    await run(`
      insert into measurements (id, patient_id, kind, value, value2, unit, original_value, original_unit, measured_at, received_at,
                                source, device, quality, entered_by, triage_level, triage_reasons, limit_id, payload_hash)
      select gen_random_uuid(), p.id, k.kind, v.value, null, k.unit, to_jsonb(v.value), k.unit, t.at, t.at + interval '20 seconds',
             'device', null, 'ok', null, 'green', '[]'::jsonb, null, 'bench-generated-payload-hash-00000000000000'
        from bench_scale_patients p
        cross join (values ${kinds}) k(kind, unit, base, spread)
        cross join lateral (select now() - ${day} * interval '1 day' - (p.n % 720) * interval '1 minute' - interval '5 minutes' as at) t
        cross join lateral (select k.base + floor(random() * k.spread)::float8 as value) v`);
    options.onProgress?.(options.days - day, options.days);
  }
  await run(`set session_replication_role = origin`);

  await run(`set maintenance_work_mem = '512MB'`);
  for (const index of indexes) {
    await run(index.def);
    if (index.constraint) await run(`alter table measurements add constraint ${index.name} primary key using index ${index.name}`);
  }
  await run(`
    insert into latest_measurements (patient_id, kind, measurement_id, value, value2, unit, measured_at, level)
    select distinct on (patient_id, kind) patient_id, kind, id, value, value2, unit, measured_at, triage_level
      from measurements where measured_at > now() - interval '1 day'
     order by patient_id, kind, measured_at desc`);
  // Some open alerts, as triage would have raised them: ~3 % red on SpO2, ~8 % yellow on pulse.
  await run(`
    insert into alerts (patient_id, rule, severity, reasons, opened_at, updated_at, last_measurement_id)
    select p.id, r.rule, r.severity::alert_severity, '[]'::jsonb, now() - (p.n % 48) * interval '1 hour', now() - (p.n % 24) * interval '1 hour', l.measurement_id
      from bench_scale_patients p
      join (values ('spo2', 'red', 33), ('heart_rate', 'yellow', 12)) r(rule, severity, every) on p.n % r.every = 0
      left join latest_measurements l on l.patient_id = p.id and l.kind::text = r.rule`);
  const [count] = await run<{ n: number }>(`select count(*)::int as n from measurements`);
  const ids = await run<{ id: string }>(`select id::text as id from bench_scale_patients order by n`);
  await run('vacuum analyze');
  return { organisationId, clinician, patientIds: ids.map((r) => r.id), measurements: count?.n ?? 0 };
}
