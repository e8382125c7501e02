import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { LimitPreview, LimitRules, LimitVersion, Measurement, PatientLimits } from '@naer/shared';
import { defaultLimits } from '@naer/shared/domain';
import { auditLog, patientLimits } from '../../server/src/db/schema';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, nextEvent, startTestApp } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';

const DAY = 86_400_000;
let t: TestApp;
let f: Fixture;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.stop();
});

interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

type Patient = TestUser & { patientId: string };

const as = (user: { email: string; password: string }) => new TestClient(t.baseUrl).login(user.email, user.password);
const team = () => [f.hospital.id, f.gp.id, f.municipality.id];
const newPatient = () => createPatient(t.database, team());

/** Stricter SpO2 limits: red below 90, yellow below 94. */
const stricterSpo2 = (): LimitRules => ({ kind: 'spo2', absolute: [{ level: 'red', op: 'lt', value: 90 }, { level: 'yellow', op: 'lt', value: 94 }], baseline: [], trend: [] });

const put = (client: TestClient, patientId: string, kind: string, body: unknown) => client.request<LimitVersion & ErrorBody>('PUT', `/api/patients/${patientId}/limits/${kind}`, body);

/** Stores SpO2 readings as the patient, `[daysAgo, value]` each. */
async function readings(patient: Patient, values: Array<[number, number]>): Promise<Measurement[]> {
  const client = await as(patient);
  const batch = values.map(([days, value]) => ({ id: randomUUID(), kind: 'spo2', value, unit: '%', measuredAt: new Date(Date.now() - days * DAY).toISOString(), source: 'manual' }));
  const res = await client.post<{ measurements: Measurement[] }>('/api/measurements', { measurements: batch });
  if (res.status !== 201) throw new Error(`readings failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.measurements;
}

describe('GET /api/patients/:id/limits', () => {
  it('shows the current limits per kind with who set them, when and why', async () => {
    const patient = await newPatient();
    const res = await (await as(f.hospital.clinician)).get<PatientLimits>(`/api/patients/${patient.patientId}/limits`);
    expect(res.status).toBe(200);
    expect(res.body.patient.id).toBe(patient.patientId);
    expect(res.body.canEdit).toBe(true);
    expect(res.body.kinds.map((k) => k.kind)).toEqual(['spo2', 'heart_rate', 'body_weight', 'blood_pressure', 'body_temperature', 'respiratory_rate', 'consciousness']);
    for (const kind of res.body.kinds) {
      expect(kind.current, kind.kind).toMatchObject({ status: 'current', reason: 'test defaults', rules: defaultLimits('copd')[kind.kind] });
      expect(kind.history.map((v) => v.status), kind.kind).toEqual(['current']);
    }
  });

  it('marks one version current per kind when several kinds have a history', async () => {
    const patient = await newPatient();
    const client = await as(f.hospital.clinician);
    expect((await put(client, patient.patientId, 'spo2', { rules: stricterSpo2(), reason: 'Iltmætning' })).status).toBe(200);
    expect((await put(client, patient.patientId, 'heart_rate', { rules: { ...defaultLimits('copd').heart_rate, absolute: [] }, reason: 'Puls' })).status).toBe(200);
    const res = await client.get<PatientLimits>(`/api/patients/${patient.patientId}/limits`);
    const statuses = Object.fromEntries(res.body.kinds.map((k) => [k.kind, k.history.map((v) => v.status)]));
    expect(statuses).toEqual({ spo2: ['current', 'past'], heart_rate: ['current', 'past'], body_weight: ['current'], blood_pressure: ['current'], body_temperature: ['current'], respiratory_rate: ['current'], consciousness: ['current'] });
    expect(res.body.kinds.find((k) => k.kind === 'heart_rate')?.current?.reason).toBe('Puls');
  });

  it('lets the patient read their own limits, but not edit them', async () => {
    const patient = await newPatient();
    const res = await (await as(patient)).get<PatientLimits>(`/api/patients/${patient.patientId}/limits`);
    expect(res.status).toBe(200);
    expect(res.body.canEdit).toBe(false);
  });

  it('is refused outside the care team (403), unknown patients are 404, and reads are audited', async () => {
    const patient = await newPatient();
    expect((await (await as(f.outsider.clinician)).get(`/api/patients/${patient.patientId}/limits`)).status).toBe(403);
    expect((await (await as(f.hospital.clinician)).get(`/api/patients/${randomUUID()}/limits`)).status).toBe(404);
    expect((await new TestClient(t.baseUrl).get(`/api/patients/${patient.patientId}/limits`)).status).toBe(401);
    await (await as(f.hospital.clinician)).get(`/api/patients/${patient.patientId}/limits`);
    const reads = await t.database.db.select().from(auditLog).where(and(eq(auditLog.patientId, patient.patientId), eq(auditLog.resource, 'limits')));
    expect(reads.map((r) => r.outcome).sort()).toEqual(['allowed', 'refused']);
  });
});

describe('PUT /api/patients/:id/limits/:kind', () => {
  it('saves a new version with who, when and why; the history keeps the old one', async () => {
    const patient = await newPatient();
    const client = await as(f.hospital.clinician);
    const res = await put(client, patient.patientId, 'spo2', { rules: stricterSpo2(), reason: 'Skærpet efter indlæggelse' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'current', reason: 'Skærpet efter indlæggelse', setBy: { id: f.hospital.clinician.id, organisation: { id: f.hospital.id } } });

    const limits = await client.get<PatientLimits>(`/api/patients/${patient.patientId}/limits`);
    const spo2 = limits.body.kinds.find((k) => k.kind === 'spo2');
    expect(spo2?.current?.id).toBe(res.body.id);
    expect(spo2?.history.map((v) => [v.status, v.reason])).toEqual([
      ['current', 'Skærpet efter indlæggelse'],
      ['past', 'test defaults'],
    ]);
    const rows = await t.database.db.select().from(patientLimits).where(and(eq(patientLimits.patientId, patient.patientId), eq(patientLimits.kind, 'spo2')));
    expect(rows).toHaveLength(2);
    const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.patientId, patient.patientId), eq(auditLog.resource, 'limits'), eq(auditLog.action, 'update')));
    expect(audit[0]?.details).toMatchObject({ kind: 'spo2', limitId: res.body.id });
  });

  it('triages each reading with the limits in force at the time it was measured', async () => {
    const patient = await newPatient();
    expect((await put(await as(f.hospital.clinician), patient.patientId, 'spo2', { rules: stricterSpo2(), reason: 'Skærpet' })).status).toBe(200);
    const client = await as(patient);
    const submit = (minutesAgo: number) =>
      client.post<Measurement>('/api/measurements', { id: randomUUID(), kind: 'spo2', value: 89, unit: '%', measuredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), source: 'manual' });
    // 89 % is yellow under the COPD defaults (red < 88) and red under the new limits (red < 90).
    expect((await submit(60)).body.triage.level).toBe('yellow');
    expect((await submit(0)).body.triage.level).toBe('red');
  });

  it('lets a GP change limits where the GP answers for them on the care team', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, { organisationId: f.gp.id, responsibilities: ['yellow', 'limits'] }]);
    expect((await put(await as(f.gp.clinician), patient.patientId, 'heart_rate', { rules: { ...defaultLimits('copd').heart_rate, absolute: [{ level: 'red', op: 'gt', value: 130 }] }, reason: 'Kendt takykardi' })).status).toBe(200);
  });

  it.each([
    ['a patient (even their own)', (p: Patient) => p],
    ['a clinician outside the care team', () => f.outsider.clinician],
    ['an administrator', () => f.admin],
  ])('refuses %s with 403, saves nothing, and audits the refusal', async (_who, user) => {
    const patient = await newPatient();
    const res = await put(await as(user(patient)), patient.patientId, 'spo2', { rules: stricterSpo2(), reason: 'Forsøg' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/care team/);
    const rows = await t.database.db.select().from(patientLimits).where(and(eq(patientLimits.patientId, patient.patientId), eq(patientLimits.kind, 'spo2')));
    expect(rows).toHaveLength(1);
    const refused = await t.database.db.select().from(auditLog).where(and(eq(auditLog.patientId, patient.patientId), eq(auditLog.outcome, 'refused')));
    expect(refused.length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['no reason', { rules: stricterSpo2() }, 'reason'],
    ['a blank reason', { rules: stricterSpo2(), reason: '   ' }, 'reason'],
    ['a threshold that is not a number', { rules: { ...stricterSpo2(), absolute: [{ level: 'red', op: 'lt', value: '88' }] }, reason: 'x-fejl' }, 'rules.absolute.0.value'],
    ['an impossible SpO2 threshold (typo)', { rules: { ...stricterSpo2(), absolute: [{ level: 'red', op: 'lt', value: 880 }] }, reason: 'Tastefejl' }, 'rules.absolute.0.value'],
    ['an unknown operator', { rules: { ...stricterSpo2(), absolute: [{ level: 'red', op: 'below', value: 88 }] }, reason: 'Forkert' }, 'rules.absolute.0.op'],
    ['rules for another kind', { rules: { ...defaultLimits('copd').heart_rate }, reason: 'Forkert slags' }, 'rules.kind'],
    ['a validFrom in the past', { rules: stricterSpo2(), reason: 'Tilbagedateret', validFrom: new Date(Date.now() - DAY).toISOString() }, 'validFrom'],
  ])('answers %s with 400 naming the field, and saves nothing', async (_case, body, path) => {
    const patient = await newPatient();
    const res = await put(await as(f.hospital.clinician), patient.patientId, 'spo2', body);
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toContain(path);
    const rows = await t.database.db.select().from(patientLimits).where(and(eq(patientLimits.patientId, patient.patientId), eq(patientLimits.kind, 'spo2')));
    expect(rows).toHaveLength(1);
  });

  it('answers an unknown kind with 400', async () => {
    const patient = await newPatient();
    const res = await put(await as(f.hospital.clinician), patient.patientId, 'glucose', { rules: stricterSpo2(), reason: 'Ukendt' });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.[0]?.path).toBe('kind');
  });

  it('schedules limits with a later validFrom without changing the current ones', async () => {
    const patient = await newPatient();
    const client = await as(f.hospital.clinician);
    const res = await put(client, patient.patientId, 'spo2', { rules: stricterSpo2(), reason: 'Fra næste uge', validFrom: new Date(Date.now() + 7 * DAY).toISOString() });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('scheduled');
    const spo2 = (await client.get<PatientLimits>(`/api/patients/${patient.patientId}/limits`)).body.kinds.find((k) => k.kind === 'spo2');
    expect(spo2?.current?.reason).toBe('test defaults');
    expect(spo2?.history[0]?.status).toBe('scheduled');
  });

  it('answers 409 when someone else changed the limits since the editor loaded them', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, { organisationId: f.gp.id, responsibilities: ['yellow', 'limits'] }]);
    const client = await as(f.hospital.clinician);
    const before = (await client.get<PatientLimits>(`/api/patients/${patient.patientId}/limits`)).body.kinds.find((k) => k.kind === 'spo2')?.current?.id;
    expect((await put(await as(f.gp.clinician), patient.patientId, 'spo2', { rules: stricterSpo2(), reason: 'Egen læge', basedOn: before })).status).toBe(200);
    const stale = await put(client, patient.patientId, 'spo2', { rules: stricterSpo2(), reason: 'Hospitalet', basedOn: before });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/Reload/);
  });

  it('tells the care team and the patient over the socket after the change is saved', async () => {
    const patient = await newPatient();
    const gp = await (await as(f.gp.clinician)).socket();
    sockets.push(gp);
    const event = nextEvent(gp, 'limits:changed', (e) => e.patientId === patient.patientId);
    const res = await put(await as(f.hospital.clinician), patient.patientId, 'spo2', { rules: stricterSpo2(), reason: 'Live' });
    const received = await event;
    expect(received).toMatchObject({ kind: 'spo2', version: { id: res.body.id, reason: 'Live', status: 'current' } });
  });
});

describe('POST /api/patients/:id/limits/:kind/preview', () => {
  it('counts the last 30 days\u2019 red and yellow readings under the new limits against the current ones', async () => {
    const patient = await newPatient();
    // Under COPD defaults (red < 88, yellow < 92): 95 green, 91 yellow, 89 yellow, 87 red, 93 green; the 40-day-old one is outside.
    await readings(patient, [[40, 80], [5, 95], [4, 91], [3, 89], [2, 87], [1, 93]]);
    const client = await as(f.hospital.clinician);
    const res = await client.post<LimitPreview>(`/api/patients/${patient.patientId}/limits/spo2/preview`, { rules: stricterSpo2() });
    expect(res.status).toBe(200);
    expect(res.body.readings).toBe(5);
    expect(res.body.window.days).toBe(30);
    expect(res.body.old).toMatchObject({ red: 1, yellow: 2, green: 2 });
    expect(res.body.new).toMatchObject({ red: 2, yellow: 2, green: 1 });
    expect(res.body.changes.map((c) => [c.value, c.old, c.new])).toEqual([
      [93, 'green', 'yellow'],
      [89, 'yellow', 'red'],
    ]);
  });

  it('saves nothing and audits the read', async () => {
    const patient = await newPatient();
    await (await as(f.hospital.clinician)).post(`/api/patients/${patient.patientId}/limits/spo2/preview`, { rules: stricterSpo2() });
    const rows = await t.database.db.select().from(patientLimits).where(eq(patientLimits.patientId, patient.patientId));
    expect(rows).toHaveLength(7);
    const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.patientId, patient.patientId), eq(auditLog.resource, 'limits_preview')));
    expect(audit).toHaveLength(1);
  });

  it('answers zero readings for a patient who has not measured yet', async () => {
    const patient = await newPatient();
    const res = await (await as(f.hospital.clinician)).post<LimitPreview>(`/api/patients/${patient.patientId}/limits/spo2/preview`, { rules: stricterSpo2() });
    expect(res.body).toMatchObject({ readings: 0, changes: [], new: { red: 0, yellow: 0 } });
  });

  it('validates the proposed rules like a save, naming the field', async () => {
    const patient = await newPatient();
    const res = await (await as(f.hospital.clinician)).post<ErrorBody>(`/api/patients/${patient.patientId}/limits/spo2/preview`, { rules: { ...stricterSpo2(), baseline: [{ level: 'yellow', direction: 'below', op: 'ge', by: -4, windowDays: 7, stat: 'median', minReadings: 3 }] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toContain('rules.baseline.0.by');
  });

  it('is for clinicians on the care team only', async () => {
    const patient = await newPatient();
    expect((await (await as(patient)).post(`/api/patients/${patient.patientId}/limits/spo2/preview`, { rules: stricterSpo2() })).status).toBe(403);
    expect((await (await as(f.outsider.clinician)).post(`/api/patients/${patient.patientId}/limits/spo2/preview`, { rules: stricterSpo2() })).status).toBe(403);
  });
});
