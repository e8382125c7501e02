import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Dashboard } from '@naer/shared';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

/*
 * A small population whose figures are worked out by hand below. September 2026 (30 days) against
 * 2–31 August. The hospital H follows P1–P8; the GP G is partner for P1–P6; P9 belongs to another
 * organisation only. Every schedule is one SpO2 reading a day.
 */
type ErrorBody = { error: { message: string; details?: Array<{ path: string }> } };

let t: TestApp;
let f: Fixture;
let hospital: TestClient;
const P: string[] = [];

const DAILY = { kinds: ['spo2'], phases: [{ timesPerWeek: 7 }], timeOfDay: '09:00', graceHours: 4 };
const at = (text: string) => `${text}:00+02:00`;

async function exec(query: ReturnType<typeof sql>) {
  await t.database.rows(query);
}

/** One green (or given level) SpO2 reading a day at 09:00 Danish summer time, first day included, `days` days. */
async function readings(patientId: string, first: string, days: number, level = 'green', kind = 'spo2') {
  await exec(sql`
    insert into measurements (id, patient_id, kind, value, unit, original_value, original_unit, measured_at, received_at, source, quality, triage_level, triage_reasons, payload_hash)
    select gen_random_uuid(), ${patientId}::uuid, ${kind}::measurement_kind, 95, '%', '95'::jsonb, '%', t, t, 'device', 'ok', ${level}::triage_level, '[]'::jsonb, 'h'
      from generate_series(${at(`${first}T09:00`)}::timestamptz, ${at(`${first}T09:00`)}::timestamptz + (${days - 1} * interval '1 day'), interval '1 day') t`);
}

async function alert(a: { patient: string; rule: string; severity: string; opened: string; claimed?: string; claimedBy?: string; resolved?: string; resolvedBy?: string; outcome?: string; escalated?: string }) {
  const [row] = await t.database.rows<{ id: string }>(sql`
    insert into alerts (patient_id, rule, severity, status, reasons, opened_at, updated_at, claimed_at, owner_id, resolved_at, resolved_by, outcome)
    values (${a.patient}::uuid, ${a.rule}, ${a.severity}::alert_severity, ${a.resolved ? 'resolved' : a.claimed ? 'claimed' : 'open'}::alert_status, '[]'::jsonb,
            ${at(a.opened)}::timestamptz, ${at(a.opened)}::timestamptz, ${a.claimed ? at(a.claimed) : null}::timestamptz, ${a.claimedBy ?? null}::uuid,
            ${a.resolved ? at(a.resolved) : null}::timestamptz, ${a.resolvedBy ?? null}::uuid, ${a.outcome ?? null})
    returning id`);
  const id = row?.id ?? '';
  if (a.claimed) await exec(sql`insert into alert_events (alert_id, type, actor_id, at) values (${id}::uuid, 'claimed', ${a.claimedBy ?? null}::uuid, ${at(a.claimed)}::timestamptz)`);
  if (a.escalated) await exec(sql`insert into alert_events (alert_id, type, actor_id, at) values (${id}::uuid, 'escalated', null, ${at(a.escalated)}::timestamptz)`);
  if (a.resolved) await exec(sql`insert into alert_events (alert_id, type, actor_id, at) values (${id}::uuid, 'resolved', ${a.resolvedBy ?? null}::uuid, ${at(a.resolved)}::timestamptz)`);
}

async function involvement(patientId: string, answeredAt: string, score: number) {
  await exec(sql`
    insert into questionnaire_responses (id, patient_id, questionnaire_id, questionnaire_version, answers, score, answered_at, received_at, source, triage_level, triage_reasons, payload_hash)
    values (gen_random_uuid(), ${patientId}::uuid, 'involvement-monthly', 1, ${JSON.stringify({ involved: score })}::jsonb, ${score}, ${at(answeredAt)}::timestamptz, ${at(answeredAt)}::timestamptz, 'manual', 'green', '[]'::jsonb, 'h')`);
}

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
  const H = f.hospital.id;
  const G = f.gp.id;
  const M = f.municipality.id;
  for (let i = 1; i <= 8; i++) {
    const team = i <= 6 ? [H, G, M] : [H, M];
    P.push((await createPatient(t.database, team, { programmes: i === 7 ? ['heart_failure'] : ['copd'] })).patientId);
  }
  P.push((await createPatient(t.database, [f.outsider.id])).patientId);
  const [p1, p2, p3, p4, p5, p6, p7, p8, p9] = P as [string, string, string, string, string, string, string, string, string];
  const enrol = (id: string, enrolled: string, ended: string | null = null) =>
    exec(sql`update enrolments set enrolled_at = ${at(enrolled)}::timestamptz, ended_at = ${ended ? at(ended) : null}::timestamptz, schedule = ${JSON.stringify(DAILY)}::jsonb where patient_id = ${id}::uuid`);
  for (const id of [p1, p2, p3, p4, p5, p6, p9]) await enrol(id, '2026-08-01T10:00');
  await enrol(p7, '2026-09-10T10:00');
  await enrol(p8, '2026-07-01T10:00', '2026-09-15T10:00');
  // P1 pauses 21–30 September.
  await exec(sql`insert into monitoring_pauses (patient_id, starts_at, ends_at, reason, created_by) values (${p1}::uuid, ${at('2026-09-21T00:00')}::timestamptz, ${at('2026-10-01T00:00')}::timestamptz, 'holiday', ${f.hospital.clinician.id}::uuid)`);

  await readings(p1, '2026-09-01', 20);
  await readings(p2, '2026-09-01', 15);
  await readings(p3, '2026-09-01', 15, 'green');
  await readings(p3, '2026-09-16', 15, 'yellow');
  await readings(p4, '2026-09-01', 24);
  await readings(p5, '2026-09-01', 6);
  await readings(p6, '2026-09-01', 30);
  await readings(p6, '2026-09-01', 30, 'green', 'heart_rate');
  await readings(p7, '2026-09-10', 21);
  await readings(p8, '2026-09-01', 7);
  await readings(p9, '2026-09-01', 30);
  // Two of P3's readings reviewed by the hospital.
  await exec(sql`update measurements set reviewed_at = ${at('2026-09-20T12:00')}::timestamptz, reviewed_by = ${f.hospital.clinician.id}::uuid
                  where id in (select id from measurements where patient_id = ${p3}::uuid order by measured_at limit 2)`);

  const h = f.hospital.clinician.id;
  const m = f.municipality.clinician.id;
  await alert({ patient: p1, rule: 'spo2', severity: 'red', opened: '2026-09-05T10:00', claimed: '2026-09-05T10:10', claimedBy: h, resolved: '2026-09-05T11:00', resolvedBy: h, outcome: 'contacted_patient' });
  await alert({ patient: p2, rule: 'spo2', severity: 'red', opened: '2026-09-06T10:00', claimed: '2026-09-06T10:20', claimedBy: m, resolved: '2026-09-06T12:00', resolvedBy: m, outcome: 'admitted' });
  await alert({ patient: p3, rule: 'spo2', severity: 'red', opened: '2026-09-07T10:00', claimed: '2026-09-07T10:30', claimedBy: h, resolved: '2026-09-07T10:40', resolvedBy: h, outcome: 'home_visit' });
  await alert({ patient: p4, rule: 'spo2', severity: 'red', opened: '2026-09-08T10:00', claimed: '2026-09-08T11:00', claimedBy: h });
  await alert({ patient: p5, rule: 'spo2', severity: 'red', opened: '2026-09-09T10:00', escalated: '2026-09-09T10:30' });
  for (const [day, outcome] of [['10', 'no_action_needed'], ['12', 'no_action_needed'], ['14', 'no_action_needed'], ['16', 'medication_changed']] as const) {
    const next = String(Number(day) + 1);
    await alert({ patient: p6, rule: 'heart_rate', severity: 'yellow', opened: `2026-09-${day}T10:00`, claimed: `2026-09-${day}T12:00`, claimedBy: h, resolved: `2026-09-${next}T09:00`, resolvedBy: h, outcome });
  }
  await alert({ patient: p8, rule: 'missing', severity: 'missing', opened: '2026-09-03T13:00', resolved: '2026-09-04T08:00', outcome: 'reading_received' });
  await alert({ patient: p9, rule: 'spo2', severity: 'red', opened: '2026-09-05T10:00', claimed: '2026-09-05T10:05', claimedBy: f.outsider.clinician.id, resolved: '2026-09-05T10:30', resolvedBy: f.outsider.clinician.id, outcome: 'admitted' });
  // August: one admission for P1.
  await alert({ patient: p1, rule: 'spo2', severity: 'red', opened: '2026-08-10T10:00', claimed: '2026-08-10T10:40', claimedBy: h, resolved: '2026-08-10T12:00', resolvedBy: h, outcome: 'admitted' });

  // Messages: one from the hospital counts, the patient's own does not.
  const message = (sender: string, role: string, org: string | null) =>
    exec(sql`insert into messages (id, patient_id, sender_id, sender_role, sender_org_id, body, sent_at) values (gen_random_uuid(), ${p1}::uuid, ${sender}::uuid, ${role}::user_role, ${org}::uuid, 'Hej', ${at('2026-09-12T10:00')}::timestamptz)`);
  await message(h, 'clinician', H);
  await message(P[0] ?? '', 'patient', null).catch(() => undefined);
  // Consultations: one held, one cancelled.
  for (const status of ['completed', 'cancelled']) {
    await exec(sql`insert into consultations (patient_id, organiser_id, organisation_id, starts_at, duration_minutes, type, purpose, status, created_at, updated_at)
                   values (${p1}::uuid, ${h}::uuid, ${H}::uuid, ${at('2026-09-20T10:00')}::timestamptz, 20, 'follow_up', 'Opfølgning', ${status}, now(), now())`);
  }
  await involvement(p1, '2026-09-05T12:00', 4);
  await involvement(p2, '2026-09-06T12:00', 2);
  await involvement(p3, '2026-09-07T12:00', 5);

  hospital = await new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
}, 60_000);
afterAll(async () => t.stop());

const SEPTEMBER = 'from=2026-09-01&to=2026-09-30';

describe('the dashboard of one organisation', () => {
  it('counts the population, adherence, worsening and admissions as worked out by hand', async () => {
    const res = await hospital.get<Dashboard>(`/api/dashboard?${SEPTEMBER}`);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.period).toEqual({ from: '2026-09-01', to: '2026-09-30', days: 30 });
    expect(d.previousPeriod).toEqual({ from: '2026-08-02', to: '2026-08-31', days: 30 });
    expect(d.organisation?.id).toBe(f.hospital.id);
    const pop = d.population;
    expect(pop.enrolledPatients).toBe(8);
    // P7 started, P8 ended, P1 paused: one each, shown as "< 5".
    expect([pop.startedPatients, pop.endedPatients, pop.pausedPatients]).toEqual(['< 5', '< 5', '< 5']);
    // 6 × 30 + P7 21 (10–30 Sep) + P8 14 (1–14 Sep) = 215 patient-days.
    expect(pop.patientDays).toBe(215);
    expect(pop.patientMonths).toBeCloseTo(215 / 30, 6);
    // Expected: P1 30 − 10 paused = 20, P2–P6 150, P7 21, P8 14 = 205; received 20+15+30+24+6+30+21+7 = 153.
    expect(pop.adherence).toMatchObject({ expected: 205, received: 153 });
    expect(pop.adherence.overall).toBeCloseTo(153 / 205, 6);
    // Under 50 %: P5 (20 %); 50–79 %: P2 (50 %), P8 (50 %); 80 % or more: P1, P3, P4 (80 %), P6, P7.
    expect(pop.adherence.distribution).toEqual([
      { band: 'under_50', patients: '< 5' },
      { band: 'from_50_to_79', patients: '< 5' },
      { band: 'from_80', patients: 5 },
    ]);
    expect(pop.adherence.patients?.[0]).toMatchObject({ patientId: P[4], adherence: 0.2 });
    expect(pop.adherence.patients).toHaveLength(8);
    // P3: green first half, yellow second.
    expect(pop.worsenedPatients).toBe('< 5');
    expect(pop.admissions).toBe(1);
    expect(pop.admissionsPer100PatientMonths).toBeCloseTo(100 / (215 / 30), 6);
  });

  it('measures the quality for the patient: response times per sector with percentiles, escalations, unclaimed, outcomes, involvement', async () => {
    const { quality: q } = (await hospital.get<Dashboard>(`/api/dashboard?${SEPTEMBER}`)).body;
    expect(q.redAlerts).toBe(5);
    // Claims 10, 20, 30, 60 minutes: median 25; p90 at rank 2.7 → 30 + 0.7 × 30 = 51.
    expect(q.timeToClaim).toEqual({
      alerts: 4, medianMinutes: 25, p90Minutes: 51,
      bySector: [
        { sector: 'hospital', alerts: 3, medianMinutes: 30, p90Minutes: 54 },
        { sector: 'municipality', alerts: 1, medianMinutes: 20, p90Minutes: 20 },
      ],
    });
    // Resolutions 60, 120, 40: median 60; p90 at rank 1.8 → 60 + 0.8 × 60 = 108.
    expect(q.timeToResolution.medianMinutes).toBe(60);
    expect(q.timeToResolution.p90Minutes).toBe(108);
    expect(q.timeToResolution.bySector).toEqual([
      { sector: 'hospital', alerts: 2, medianMinutes: 50, p90Minutes: 58 },
      { sector: 'municipality', alerts: 1, medianMinutes: 120, p90Minutes: 120 },
    ]);
    expect(q.escalations).toBe(1);
    expect(q.resolvedAlerts).toBe(8);
    expect(q.neverClaimed).toBe(1);
    expect(q.outcomes).toEqual({ contacted_patient: 1, home_visit: 1, medication_changed: 1, referred_to_hospital: 0, admitted: 1, no_action_needed: 3 });
    expect(q.involvement.averageScore).toBeCloseTo(11 / 3, 9);
    expect(q.involvement.answeredPatients).toBe('< 5');
    expect(q.involvement.answeredShare).toBe(3 / 8);
  });

  it('counts the cost: the organisation\u2019s own actions per patient-month, the alert burden, and no-action by rule', async () => {
    const { cost: c } = (await hospital.get<Dashboard>(`/api/dashboard?${SEPTEMBER}`)).body;
    // Claims by the hospital: 3 red + 4 yellow; the municipality's claim is theirs.
    // Two readings reviewed at once: one review.
    expect(c.actions).toEqual({ claims: 7, reviews: 1, visits: 0, messages: 1, consultations: 1, total: 10 });
    expect(c.actionsPerPatientMonth.total).toBeCloseTo(10 / (215 / 30), 9);
    expect(c.alerts).toEqual({ red: 5, yellow: 4 });
    expect(c.alertsPer100PatientDays.red).toBeCloseTo(500 / 215, 9);
    expect(c.alertsPer100PatientDays.yellow).toBeCloseTo(400 / 215, 9);
    expect(c.noActionByRule).toEqual([
      { rule: 'heart_rate', resolved: 4, noAction: 3, share: 0.75 },
      { rule: 'spo2', resolved: 3, noAction: 0, share: 0 },
      { rule: 'missing', resolved: 1, noAction: 0, share: 0 },
    ]);
  });

  it('compares with the period before', async () => {
    const { previous } = (await hospital.get<Dashboard>(`/api/dashboard?${SEPTEMBER}`)).body;
    // August 2–31: P1–P6 and P8 enrolled (7), nobody started, no readings at all.
    expect(previous.population.enrolledPatients).toBe(7);
    expect(previous.population.startedPatients).toBe(0);
    expect(previous.population.adherence).toMatchObject({ expected: 210, received: 0, overall: 0 });
    expect(previous.population.adherence.distribution).toEqual([
      { band: 'under_50', patients: 7 },
      { band: 'from_50_to_79', patients: 0 },
      { band: 'from_80', patients: 0 },
    ]);
    expect(previous.population.admissions).toBe(1);
    expect(previous.quality.timeToClaim).toMatchObject({ alerts: 1, medianMinutes: 40, p90Minutes: 40 });
  });

  it('filters by programme and by care-team partner', async () => {
    const hf = (await hospital.get<Dashboard>(`/api/dashboard?${SEPTEMBER}&programme=heart_failure`)).body;
    expect(hf.population.enrolledPatients).toBe('< 5');
    expect(hf.filters.programme).toBe('heart_failure');
    const withGp = (await hospital.get<Dashboard>(`/api/dashboard?${SEPTEMBER}&partner=${f.gp.id}`)).body;
    expect(withGp.population.enrolledPatients).toBe(6);
    expect(withGp.filters.partner?.id).toBe(f.gp.id);
    expect(withGp.quality.redAlerts).toBe(5);
  });

  it('gives weekly series for the charts', async () => {
    const { series } = (await hospital.get<Dashboard>(`/api/dashboard?${SEPTEMBER}`)).body;
    expect(series.current.weeks[0]).toBe('2026-08-31');
    expect(series.current.weeks).toHaveLength(5);
    expect(series.current.adherence).toHaveLength(5);
    expect(series.previous.weeks[0]).toBe('2026-07-27');
  });
});

describe('privacy, access and audit', () => {
  it('hides names from an administrator, who sees any organisation or all of them', async () => {
    const admin = await new TestClient(t.baseUrl).login(f.admin.email, f.admin.password);
    const one = (await admin.get<Dashboard>(`/api/dashboard?${SEPTEMBER}&organisation=${f.hospital.id}`)).body;
    expect(one.population.enrolledPatients).toBe(8);
    expect(one.population.adherence.patients).toBeNull();
    const all = await admin.get<Dashboard>(`/api/dashboard?${SEPTEMBER}`);
    expect(all.body.organisation).toBeNull();
    expect(all.body.population.enrolledPatients).toBe(9);
  });

  it('shows a clinician their own organisation only; patients and relatives get 403', async () => {
    const gp = await new TestClient(t.baseUrl).login(f.gp.clinician.email, f.gp.clinician.password);
    expect((await gp.get<Dashboard>(`/api/dashboard?${SEPTEMBER}`)).body.population.enrolledPatients).toBe(6);
    const other = await gp.get<ErrorBody>(`/api/dashboard?${SEPTEMBER}&organisation=${f.hospital.id}`);
    expect(other.status).toBe(403);
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    expect((await patient.get(`/api/dashboard?${SEPTEMBER}`)).status).toBe(403);
    expect((await patient.get(`/api/dashboard.csv?${SEPTEMBER}`)).status).toBe(403);
    expect((await new TestClient(t.baseUrl).get(`/api/dashboard?${SEPTEMBER}`)).status).toBe(401);
  });

  it('answers bad dates and a reversed period with 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['from=2026-02-30&to=2026-03-31', 'from'],
      ['from=2026-09-01&to=30-09-2026', 'to'],
      ['from=2026-10-01&to=2026-09-01', 'from'],
      ['from=2020-01-01&to=2026-09-01', 'to'],
      [`${SEPTEMBER}&programme=asthma`, 'programme'],
      [`${SEPTEMBER}&partner=not-a-uuid`, 'partner'],
    ];
    for (const [query, field] of cases) {
      const res = await hospital.get<ErrorBody>(`/api/dashboard?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details?.map((d) => d.path), query).toContain(field);
      expect(res.body.error.message, query).toContain(field);
    }
    expect((await hospital.get<ErrorBody>('/api/dashboard.csv?from=2026-13-01&to=2026-12-31')).status).toBe(400);
  });

  it('exports exactly the table rows as CSV with a header row', async () => {
    const res = await fetch(`${t.baseUrl}/api/dashboard.csv?${SEPTEMBER}`, { headers: { cookie: hospital.cookie ?? '' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('Mål,Måltal,Denne periode,Forrige periode,Enhed');
    expect(lines).toContain('Befolkningens sundhed,Patienter i forløb,8,7,patienter');
    expect(lines).toContain('Befolkningens sundhed,Startet i perioden,< 5,0,patienter');
    expect(lines).toContain('Kvalitet for patienten,"Fra rød alarm til den blev taget, median",25,40,minutter');
    const english = await fetch(`${t.baseUrl}/api/dashboard.csv?${SEPTEMBER}&lang=en`, { headers: { cookie: hospital.cookie ?? '' } });
    expect((await english.text()).split('\r\n')[0]).toBe('Aim,Measure,This period,Previous period,Unit');
  });

  it('audits every read, JSON and CSV, and every refusal', async () => {
    const before = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where resource = 'dashboard' and user_id = ${f.hospital.clinician.id}::uuid`);
    await hospital.get(`/api/dashboard?${SEPTEMBER}&programme=copd`);
    await fetch(`${t.baseUrl}/api/dashboard.csv?${SEPTEMBER}`, { headers: { cookie: hospital.cookie ?? '' } });
    const rows = await t.database.rows<{ details: Record<string, unknown>; outcome: string }>(
      sql`select details, outcome from audit_log where resource = 'dashboard' and user_id = ${f.hospital.clinician.id}::uuid order by id desc limit 2`,
    );
    const after = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where resource = 'dashboard' and user_id = ${f.hospital.clinician.id}::uuid`);
    expect((after[0]?.n ?? 0) - (before[0]?.n ?? 0)).toBe(2);
    expect(rows.map((r) => r.details.format)).toEqual(['csv', 'json']);
    expect(rows[1]?.details).toMatchObject({ from: '2026-09-01', to: '2026-09-30', programme: 'copd', organisation: f.hospital.id });
    const refused = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where resource = 'dashboard' and user_id = ${f.patient.id}::uuid and outcome = 'refused'`);
    expect(refused[0]?.n).toBeGreaterThanOrEqual(1);
  });
});
