import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Note, PatientOverview } from '@naer/shared';
import { createFixture } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, nextEvent, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

let t: TestApp;
let f: Fixture;
const login = (user: TestUser) => new TestClient(t.baseUrl).login(user.email, user.password);
const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
});
afterAll(async () => t.stop());

describe('care-team notes', () => {
  it('any clinician on the team writes one; every sector reads it with author, organisation and time; colleagues hear it live', async () => {
    const gp = await login(f.gp.clinician);
    const municipalSocket = await (await login(f.municipality.clinician)).socket();
    const patientSocket = await (await login(f.patient)).socket();
    const id = randomUUID();
    const heard = nextEvent(municipalSocket, 'note:added', (e) => e.note.id === id);
    let patientHeard = false;
    patientSocket.on('note:added', () => (patientHeard = true));

    const res = await gp.post<{ note: Note }>(`/api/patients/${f.patient.patientId}/notes`, { id, body: '  Ny vanddrivende medicin fra i dag.  ' });
    expect(res.status).toBe(201);
    expect(res.body.note.body).toBe('Ny vanddrivende medicin fra i dag.');
    expect(res.body.note.author).toMatchObject({ userId: f.gp.clinician.id, organisation: { id: f.gp.id, type: 'gp' } });
    expect((await heard).note.id).toBe(id);

    for (const reader of [f.hospital.clinician, f.municipality.clinician]) {
      const list = await (await login(reader)).get<{ notes: Note[] }>(`/api/patients/${f.patient.patientId}/notes`);
      expect(list.status).toBe(200);
      expect(list.body.notes[0]?.id).toBe(id);
    }
    const again = await gp.post<{ note: Note }>(`/api/patients/${f.patient.patientId}/notes`, { id, body: 'Ny vanddrivende medicin fra i dag.' });
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(patientHeard).toBe(false);
    municipalSocket.disconnect();
    patientSocket.disconnect();
  });

  it('audits the write and every read', async () => {
    const hospital = await login(f.hospital.clinician);
    await hospital.get(`/api/patients/${f.otherPatient.patientId}/notes`);
    const rows = await t.database.rows<{ action: string }>(sql`
      select action from audit_log where user_id = ${f.hospital.clinician.id}::uuid and patient_id = ${f.otherPatient.patientId}::uuid and resource = 'note'`);
    expect(rows.map((r) => r.action)).toContain('read');
    const writes = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where user_id = ${f.gp.clinician.id}::uuid and resource = 'note' and action = 'create'`);
    expect(writes[0]?.n).toBe(1);
  });

  it('refuses an empty or too long note naming the body, a clinician off the team, the patient and a relative', async () => {
    const hospital = await login(f.hospital.clinician);
    const empty = await hospital.post<ErrorBody>(`/api/patients/${f.patient.patientId}/notes`, { id: randomUUID(), body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('body');
    const long = await hospital.post<ErrorBody>(`/api/patients/${f.patient.patientId}/notes`, { id: randomUUID(), body: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    const outsider = await login(f.outsider.clinician);
    expect((await outsider.get(`/api/patients/${f.patient.patientId}/notes`)).status).toBe(403);
    expect((await outsider.post(`/api/patients/${f.patient.patientId}/notes`, { id: randomUUID(), body: 'Hej' })).status).toBe(403);
    const patient = await login(f.patient);
    expect((await patient.get(`/api/patients/${f.patient.patientId}/notes`)).status).toBe(403);
  });
});

describe('the patient overview', () => {
  it('gives the period\u2019s readings with source and limit version, questionnaire answers, and the alert timeline with who did what', async () => {
    const patient = await login(f.patient);
    const hospital = await login(f.hospital.clinician);
    const red = randomUUID();
    expect((await patient.post('/api/measurements', { id: red, kind: 'spo2', value: 85, unit: '%', measuredAt: hoursAgo(3), source: 'manual' })).status).toBe(201);
    expect((await patient.post('/api/measurements', { id: randomUUID(), kind: 'heart_rate', value: 70, unit: '/min', measuredAt: hoursAgo(24 * 25), source: 'device' })).status).toBe(201);
    const answer = await patient.post('/api/questionnaire-responses', {
      id: randomUUID(), patientId: f.patient.patientId, questionnaireId: 'copd-daily', version: 1, answeredAt: hoursAgo(2), source: 'manual',
      answers: { breathless: 1, 'sputum-amount': 0, 'sputum-colour': 0, cough: 0 },
    });
    expect(answer.status).toBe(201);
    const [alert] = await t.database.rows<{ id: string }>(sql`select id from alerts where patient_id = ${f.patient.patientId}::uuid and rule = 'spo2' and status = 'open'`);
    expect((await hospital.post(`/api/alerts/${alert?.id}/claim`)).status).toBe(200);

    const week = await hospital.get<PatientOverview>(`/api/patients/${f.patient.patientId}/overview?days=7`);
    expect(week.status).toBe(200);
    expect(week.body.readings.map((r) => r.id)).toContain(red);
    // Two weeks before the period come along for the limits' windows, no more.
    expect(week.body.readings.every((r) => Date.parse(r.measuredAt) >= Date.parse(week.body.from) - 14 * 86_400_000)).toBe(true);
    const reading = week.body.readings.find((r) => r.id === red);
    expect(reading).toMatchObject({ kind: 'spo2', value: 85, level: 'red', source: 'manual', quality: 'ok' });
    expect(reading?.limitId).toMatch(/^[0-9a-f-]{36}$/);
    const timeline = week.body.alerts.find((a) => a.id === alert?.id);
    expect(timeline?.events.map((e) => e.type)).toEqual(['raised', 'claimed']);
    expect(timeline?.events[1]?.actor).toMatchObject({ id: f.hospital.clinician.id, organisation: { id: f.hospital.id, type: 'hospital' } });
    expect(timeline?.owner).toBe('hospital-nurse');

    const month = await hospital.get<PatientOverview>(`/api/patients/${f.patient.patientId}/overview?days=30`);
    expect(month.body.readings.length).toBe(week.body.readings.length + 1);
    expect(month.body.questionnaires).toHaveLength(1);
    expect(month.body.questionnaires[0]).toMatchObject({ questionnaireId: 'copd-daily', answers: { breathless: 1 } });
  });

  it('refuses a bad period naming days, a patient, and a clinician off the team; audits the read', async () => {
    const hospital = await login(f.hospital.clinician);
    const bad = await hospital.get<ErrorBody>(`/api/patients/${f.patient.patientId}/overview?days=14`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('days');
    expect((await (await login(f.patient)).get(`/api/patients/${f.patient.patientId}/overview`)).status).toBe(403);
    expect((await (await login(f.outsider.clinician)).get(`/api/patients/${f.patient.patientId}/overview`)).status).toBe(403);
    const reads = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where user_id = ${f.hospital.clinician.id}::uuid and resource = 'overview' and action = 'read'`);
    expect(reads[0]?.n).toBeGreaterThanOrEqual(2);
  });
});
