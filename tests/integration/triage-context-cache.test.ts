import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Measurement } from '@naer/shared';
import { mergeLimits } from '@naer/shared/domain';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// Each node triages a submission against its cached copy of the patient's context and writes only if
// the patient's context version is unchanged: two nodes on one database show what another node did.
let nodeA: TestApp;
let nodeB: TestApp;
let f: Fixture;

beforeAll(async () => {
  nodeA = await startTestApp();
  nodeB = await startTestApp({ database: nodeA.database });
  f = await createFixture(nodeA.database);
});
afterAll(async () => {
  await nodeB.app.close();
  await nodeA.stop();
});

const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();
const reading = (kind: string, value: number, unit: string, at = hoursAgo(0)) => ({ id: randomUUID(), kind, value, unit, measuredAt: at, source: 'manual' });
const on = (node: TestApp, user: { email: string; password: string }) => new TestClient(node.baseUrl).login(user.email, user.password);
const version = async (patientId: string) =>
  (await nodeA.database.rows<{ v: string }>(sql`select context_version::text as v from patients where id = ${patientId}::uuid`))[0]?.v;

describe('the per-node triage context', () => {
  it('triages against a reading another node stored: a 2.5 kg gain in 3 days is red even when the earlier weights went elsewhere', async () => {
    const patient = await createPatient(nodeA.database, [f.hospital.id], { programmes: ['heart_failure'] });
    const a = await on(nodeA, patient);
    const b = await on(nodeB, patient);
    // Node A holds the patient's weights: one from before the 3-day window.
    expect((await a.post('/api/measurements', reading('body_weight', 80, 'kg', hoursAgo(100)))).status).toBe(201);
    // Node B stores the one inside it that the trend needs.
    expect((await b.post('/api/measurements', reading('body_weight', 80, 'kg', hoursAgo(60)))).status).toBe(201);
    const gained = await a.post<Measurement>('/api/measurements', reading('body_weight', 82.5, 'kg', hoursAgo(1)));
    expect(gained.status).toBe(201);
    expect(gained.body.triage.reasons.map((r) => r.code)).toContain('body_weight.trend.red');
  });

  it('uses limits changed on another node for the very next reading', async () => {
    const patient = await createPatient(nodeA.database, [f.hospital.id]);
    const a = await on(nodeA, patient);
    expect((await a.post<Measurement>('/api/measurements', reading('spo2', 91, '%'))).body.triage.level).toBe('yellow');
    const stricter = { ...mergeLimits(['copd']).spo2, absolute: [{ level: 'red', op: 'lt', value: 93 }] };
    const changed = await (await on(nodeB, f.hospital.clinician)).request('PUT', `/api/patients/${patient.patientId}/limits/spo2`, { rules: stricter, reason: 'Stricter' });
    expect(changed.status).toBe(200);
    expect((await a.post<Measurement>('/api/measurements', reading('spo2', 91, '%'))).body.triage.level).toBe('red');
  });

  it('follows a care-team change made straight in the database (a trigger moves the version on)', async () => {
    const patient = await createPatient(nodeA.database, [f.hospital.id, f.municipality.id]);
    const a = await on(nodeA, patient);
    expect((await a.post('/api/measurements', reading('spo2', 96, '%'))).status).toBe(201);
    const before = await version(patient.patientId);
    await nodeA.database.rows(sql`update care_team_members set responsibilities = '["red"]'::jsonb where patient_id = ${patient.patientId}::uuid and organisation_id = ${f.municipality.id}::uuid`);
    await nodeA.database.rows(sql`update care_team_members set responsibilities = '["yellow"]'::jsonb where patient_id = ${patient.patientId}::uuid and organisation_id = ${f.hospital.id}::uuid`);
    expect(Number(await version(patient.patientId))).toBe(Number(before) + 2);
    expect((await a.post('/api/measurements', reading('spo2', 85, '%'))).status).toBe(201);
    const [alert] = await nodeA.database.rows<{ responsible_org_id: string }>(sql`select responsible_org_id from alerts where patient_id = ${patient.patientId}::uuid and rule = 'spo2'`);
    expect(alert?.responsible_org_id).toBe(f.municipality.id);
  });

  it('stores each of many readings sent at once to both nodes exactly once, each counted in the version', async () => {
    const patient = await createPatient(nodeA.database, [f.hospital.id]);
    const [a, b] = [await on(nodeA, patient), await on(nodeB, patient)];
    const before = Number(await version(patient.patientId));
    const sent = Array.from({ length: 20 }, (_, i) => reading('heart_rate', 70 + i, '/min', hoursAgo(i / 10)));
    const answers = await Promise.all(sent.map((r, i) => (i % 2 ? a : b).post('/api/measurements', r)));
    expect(answers.map((r) => r.status)).toEqual(sent.map(() => 201));
    const [count] = await nodeA.database.rows<{ n: number }>(sql`select count(*)::int as n from measurements where patient_id = ${patient.patientId}::uuid and kind = 'heart_rate'`);
    expect(count?.n).toBe(20);
    expect(Number(await version(patient.patientId))).toBeGreaterThanOrEqual(before + 20);
  });
});
