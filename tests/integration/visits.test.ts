import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Alert, Measurement, Visit } from '@naer/shared';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, nextEvent, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

let t: TestApp;
let f: Fixture;
let municipal: TestClient;
let gpClinician: TestClient;

const login = (user: TestUser) => new TestClient(t.baseUrl).login(user.email, user.password);
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

/** RR 22 (TOBS 2, NEWS2 2), SpO2 91 on air scale 1 (NEWS2 3), systolic 105 (TOBS 0, NEWS2 1), pulse 112 (TOBS 2, NEWS2 2), 38.4 °C (TOBS 1, NEWS2 1), alert. */
const unwell = () => ({
  id: randomUUID(), measuredAt: minutesAgo(2), respiratoryRate: 22, spo2: 91, onOxygen: false, systolic: 105, diastolic: 70, pulse: 112, temperature: 38.4,
  consciousness: 'alert', spo2Scale: 1,
});

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
  municipal = await login(f.municipality.clinician);
  gpClinician = await login(f.gp.clinician);
});
afterAll(async () => t.stop());

describe('a home visit', () => {
  it('stores the signs as readings, scores TOBS and NEWS2, opens the alert in the same transaction and tells the care team', async () => {
    const hospital = await (await login(f.hospital.clinician)).socket();
    const body = unwell();
    const alertHeard = nextEvent(hospital, 'alert:raised', (e) => e.patientId === f.patient.patientId && e.alert.rule === 'early_warning');
    const visitHeard = nextEvent(hospital, 'visit:recorded', (e) => e.visit.id === body.id);
    const res = await municipal.post<{ visit: Visit }>(`/api/patients/${f.patient.patientId}/visits`, body);
    expect(res.status).toBe(201);
    const { visit } = res.body;
    expect(visit.tobs).toEqual({ total: 5, parts: { pulse: 2, systolic: 0, respiratoryRate: 2, temperature: 1, consciousness: 0 }, response: 'call_nurse' });
    expect(visit.news2).toMatchObject({ total: 9, scale: 1, band: 'high', response: 'emergency' });
    expect(visit.news2.parts).toEqual({ respiratoryRate: 2, spo2: 3, airOrOxygen: 0, systolic: 1, pulse: 2, consciousness: 0, temperature: 1 });
    expect(visit.triage.level).toBe('red');
    expect(visit.recordedBy.userId).toBe(f.municipality.clinician.id);

    const alert: { alert: Alert } = await alertHeard;
    expect(alert.alert.severity).toBe('red');
    expect((await visitHeard).visit.news2.total).toBe(9);
    hospital.disconnect();

    const readings = await t.database.rows<{ kind: string; source: string; entered_by: string; value: number; triage_level: string }>(
      sql`select kind, source, entered_by, value, triage_level from measurements where patient_id = ${f.patient.patientId}::uuid and measured_at = ${body.measuredAt}::timestamptz order by kind::text`,
    );
    expect(readings.map((r) => r.kind)).toEqual(['blood_pressure', 'body_temperature', 'consciousness', 'heart_rate', 'respiratory_rate', 'spo2']);
    expect(new Set(readings.map((r) => r.source))).toEqual(new Set(['nurse']));
    expect(new Set(readings.map((r) => r.entered_by))).toEqual(new Set([f.municipality.clinician.id]));
    // Each sign is triaged against the patient's own COPD limits: SpO2 91 is yellow, pulse 112 yellow, RR 22 yellow.
    expect(Object.fromEntries(readings.map((r) => [r.kind, r.triage_level]))).toMatchObject({ spo2: 'yellow', heart_rate: 'yellow', respiratory_rate: 'yellow', consciousness: 'green' });

    const audit = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where resource = 'visit' and action = 'create' and details->>'visitId' = ${body.id}`);
    expect(audit[0]?.n).toBe(1);
  });

  it('is idempotent: the same visit again answers 200 with the stored visit and adds nothing; other content under the id is a 409', async () => {
    const body = { ...unwell(), respiratoryRate: 16, pulse: 70, temperature: 36.9, spo2: 97 };
    const first = await municipal.post<{ visit: Visit }>(`/api/patients/${f.otherPatient.patientId}/visits`, body);
    expect(first.status).toBe(201);
    const again = await municipal.post<{ visit: Visit }>(`/api/patients/${f.otherPatient.patientId}/visits`, body);
    expect(again.status).toBe(200);
    expect(again.body.visit).toEqual(first.body.visit);
    const count = await t.database.rows<{ visits: number; readings: number }>(sql`
      select (select count(*)::int from visits where id = ${body.id}::uuid) as visits,
             (select count(*)::int from measurements where patient_id = ${f.otherPatient.patientId}::uuid and measured_at = ${body.measuredAt}::timestamptz) as readings`);
    expect(count[0]).toEqual({ visits: 1, readings: 6 });
    const changed = await municipal.post<ErrorBody>(`/api/patients/${f.otherPatient.patientId}/visits`, { ...body, pulse: 71 });
    expect(changed.status).toBe(409);
    expect(changed.body.error.message).toContain('id');
  });

  it('lists visits newest first, with the scores', async () => {
    const res = await municipal.get<{ visits: Visit[] }>(`/api/patients/${f.patient.patientId}/visits`);
    expect(res.status).toBe(200);
    expect(res.body.visits.length).toBeGreaterThanOrEqual(1);
    const times = res.body.visits.map((v) => v.measuredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('uses NEWS2 scale 2 by default for a patient whose limits accept 88 % (COPD), scale 1 otherwise, and the nurse can change it', async () => {
    const copd = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id], { programmes: ['copd'] });
    const hf = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id], { programmes: ['heart_failure'] });
    const { spo2Scale: _scale, ...noScale } = unwell();
    const onCopd = await municipal.post<{ visit: Visit }>(`/api/patients/${copd.patientId}/visits`, { ...noScale, spo2: 89 });
    expect(onCopd.body.visit.news2.scale).toBe(2);
    expect(onCopd.body.visit.news2.parts.spo2).toBe(0);
    const onHf = await municipal.post<{ visit: Visit }>(`/api/patients/${hf.patientId}/visits`, { ...noScale, id: randomUUID(), spo2: 89 });
    expect(onHf.body.visit.news2.scale).toBe(1);
    expect(onHf.body.visit.news2.parts.spo2).toBe(3);
    const changed = await municipal.post<{ visit: Visit }>(`/api/patients/${copd.patientId}/visits`, { ...noScale, id: randomUUID(), spo2: 89, spo2Scale: 1 });
    expect(changed.body.visit.news2.scale).toBe(1);
  });

  it('a calm visit stores green readings and opens no alert', async () => {
    const calm = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
    const res = await municipal.post<{ visit: Visit }>(`/api/patients/${calm.patientId}/visits`, {
      id: randomUUID(), measuredAt: minutesAgo(1), respiratoryRate: 16, spo2: 96, onOxygen: false, systolic: 130, pulse: 72, temperature: 36.8, consciousness: 'alert',
    });
    expect(res.status).toBe(201);
    expect(res.body.visit.triage.level).toBe('green');
    expect(res.body.visit.vitals.diastolic).toBeNull();
    const alerts = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from alerts where patient_id = ${calm.patientId}::uuid`);
    expect(alerts[0]?.n).toBe(0);
    const kinds = await t.database.rows<{ kind: string }>(sql`select kind from measurements where patient_id = ${calm.patientId}::uuid order by kind::text`);
    // No diastolic: no blood-pressure reading (the score still uses the systolic).
    expect(kinds.map((k) => k.kind)).toEqual(['body_temperature', 'consciousness', 'heart_rate', 'respiratory_rate', 'spo2']);
  });
});

describe('refusals', () => {
  it('answers 400 naming the field, and stores nothing', async () => {
    const body = { ...unwell(), respiratoryRate: 80 };
    const res = await municipal.post<ErrorBody>(`/api/patients/${f.patient.patientId}/visits`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toContain('respiratoryRate');
    expect(res.body.error.message).toContain('respiratoryRate');
    const bad = await municipal.post<ErrorBody>(`/api/patients/${f.patient.patientId}/visits`, { ...unwell(), consciousness: 'sleepy' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('consciousness');
    const future = await municipal.post<ErrorBody>(`/api/patients/${f.patient.patientId}/visits`, { ...unwell(), measuredAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toContain('measuredAt');
    const stored = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from visits where id = ${body.id}::uuid`);
    expect(stored[0]?.n).toBe(0);
  });

  it('refuses an organisation on the care team without home visits or acute care (the GP), with a plain message, and audits it', async () => {
    const body = unwell();
    const res = await gpClinician.post<ErrorBody>(`/api/patients/${f.patient.patientId}/visits`, body);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/home visits|acute/);
    const refused = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_log where user_id = ${f.gp.clinician.id}::uuid and resource = 'visit' and outcome = 'refused'`,
    );
    expect(refused[0]?.n).toBeGreaterThanOrEqual(1);
    // Reading the visits stays open to the whole care team.
    expect((await gpClinician.get(`/api/patients/${f.patient.patientId}/visits`)).status).toBe(200);
  });

  it('refuses a clinician outside the care team and a patient', async () => {
    const outsider = await login(f.outsider.clinician);
    expect((await outsider.post(`/api/patients/${f.patient.patientId}/visits`, unwell())).status).toBe(403);
    const patient = await login(f.patient);
    expect((await patient.post(`/api/patients/${f.patient.patientId}/visits`, unwell())).status).toBe(403);
  });
});

describe('the readings of a visit', () => {
  it('come back through the readings list with consciousness as its level', async () => {
    const res = await municipal.get<{ items: Measurement[] }>(`/api/patients/${f.patient.patientId}/measurements?kind=consciousness`);
    expect(res.status).toBe(200);
    expect(res.body.items[0]?.original.value).toBe('alert');
    expect(res.body.items[0]?.value).toBe(0);
  });
});

describe('per-patient visit thresholds', () => {
  // NEWS2: RR 22 → 2, SpO2 94 (scale 1) → 1, systolic 105 → 1, pulse 95 → 1: total 5, no single parameter at 3.
  const signs = () => ({ id: randomUUID(), measuredAt: minutesAgo(1), respiratoryRate: 22, spo2: 94, onOxygen: false, systolic: 105, pulse: 95, temperature: 37, consciousness: 'alert', spo2Scale: 1 });
  type Thresholds = { news2Red: number; news2Yellow: number; tobsYellow: number; defaults: Record<string, number>; setAt: string | null; setBy: { id: string } | null; reason: string | null };

  it('start national; the organisation answering for limits tightens them, and the next visit is triaged against them', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
    const hospital = await login(f.hospital.clinician);
    const before = await hospital.get<{ visitThresholds: Thresholds }>(`/api/patients/${patient.patientId}/limits`);
    expect(before.body.visitThresholds).toEqual({ news2Red: 7, news2Yellow: 5, tobsYellow: 2, defaults: { news2Red: 7, news2Yellow: 5, tobsYellow: 2 }, setAt: null, setBy: null, reason: null });

    const usual = await municipal.post<{ visit: Visit }>(`/api/patients/${patient.patientId}/visits`, signs());
    expect(usual.body.visit.news2.total).toBe(5);
    expect(usual.body.visit.triage.level).toBe('yellow');

    const set = await hospital.request<Thresholds>('PUT', `/api/patients/${patient.patientId}/visit-thresholds`, { news2Red: 5, news2Yellow: 3, tobsYellow: 1, reason: 'Lille reserve' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ news2Red: 5, news2Yellow: 3, tobsYellow: 1, reason: 'Lille reserve', setBy: { id: f.hospital.clinician.id } });

    const tight = await municipal.post<{ visit: Visit }>(`/api/patients/${patient.patientId}/visits`, signs());
    expect(tight.body.visit.triage.level).toBe('red');
    expect(tight.body.visit.triage.reasons[0]).toEqual({ code: 'news2_total', level: 'red', params: { total: 5, threshold: 5 } });
    // The earlier visit keeps the level it was triaged with.
    const listed = await municipal.get<{ visits: Visit[] }>(`/api/patients/${patient.patientId}/visits`);
    expect(listed.body.visits.find((v) => v.id === usual.body.visit.id)?.triage.level).toBe('yellow');

    const audit = await t.database.rows<{ details: { visitThresholds: unknown; previous: unknown } }>(
      sql`select details from audit_log where patient_id = ${patient.patientId}::uuid and resource = 'limits' and action = 'update' and details ? 'visitThresholds'`,
    );
    expect(audit.map((a) => a.details)).toEqual([{ visitThresholds: { news2Red: 5, news2Yellow: 3, tobsYellow: 1 }, previous: { news2Red: 7, news2Yellow: 5, tobsYellow: 2 } }]);

    // Back to the national thresholds.
    const reset = await hospital.request<Thresholds>('PUT', `/api/patients/${patient.patientId}/visit-thresholds`, { news2Red: 7, news2Yellow: 5, tobsYellow: 2, reason: 'Tilbage til nationale' });
    expect(reset.body).toMatchObject({ news2Red: 7, news2Yellow: 5, tobsYellow: 2 });
    expect((await municipal.post<{ visit: Visit }>(`/api/patients/${patient.patientId}/visits`, signs())).body.visit.triage.level).toBe('yellow');
  });

  it('can only be tightened, needs a reason, and is refused to the other organisations and the patient; nothing changes', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
    const hospital = await login(f.hospital.clinician);
    const url = `/api/patients/${patient.patientId}/visit-thresholds`;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ news2Red: 8, news2Yellow: 5, tobsYellow: 2, reason: 'Løsere' }, 'news2Red'],
      [{ news2Red: 6, news2Yellow: 6, tobsYellow: 2, reason: 'Forkert orden' }, 'news2Yellow'],
      [{ news2Red: 6, news2Yellow: 4, tobsYellow: 3, reason: 'Løsere TOBS' }, 'tobsYellow'],
      [{ news2Red: 6, news2Yellow: 4, tobsYellow: 2 }, 'reason'],
      [{ news2Red: 5.5, news2Yellow: 4, tobsYellow: 2, reason: 'Decimal' }, 'news2Red'],
    ];
    for (const [body, field] of cases) {
      const res = await hospital.request<ErrorBody>('PUT', url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details?.map((d) => d.path)).toContain(field);
    }
    const ok = { news2Red: 6, news2Yellow: 4, tobsYellow: 2, reason: 'Forsøg' };
    const gp = await gpClinician.request<ErrorBody>('PUT', url, ok);
    expect(gp.status).toBe(403);
    expect(gp.body.error.message).toMatch(/limits/);
    expect((await municipal.request('PUT', url, ok)).status).toBe(403);
    expect((await (await login(f.patient)).request('PUT', `/api/patients/${f.patient.patientId}/visit-thresholds`, ok)).status).toBe(403);
    const rows = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from visit_thresholds where patient_id = ${patient.patientId}::uuid`);
    expect(rows[0]?.n).toBe(0);
  });
});
