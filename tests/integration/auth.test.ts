import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditLog } from '../../server/src/db/schema';
import { createFixture } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let f: Fixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
});
afterAll(async () => t.stop());

describe('login and sessions', () => {
  it('logs in with an httpOnly SameSite session cookie and tells who is signed in', async () => {
    const res = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: f.hospital.clinician.email.toUpperCase(), password: f.hospital.clinician.password }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^naer_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await fetch(`${t.baseUrl}/api/auth/me`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(await me.json()).toMatchObject({ user: { id: f.hospital.clinician.id, role: 'clinician', organisation: { id: f.hospital.id, type: 'hospital' } } });
  });

  it('tells a patient which patient record they are', async () => {
    const client = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    expect((await client.get('/api/auth/me')).body).toMatchObject({ user: { role: 'patient', patientId: f.patient.patientId, organisation: null } });
  });

  it('refuses a wrong password and an unknown account with the same message, and audits the failure', async () => {
    const client = new TestClient(t.baseUrl);
    const wrong = await client.post<{ error: { message: string } }>('/api/auth/login', { email: f.patient.email, password: 'nope' });
    const unknown = await client.post<{ error: { message: string } }>('/api/auth/login', { email: 'nobody@test.naer.dk', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    const failed = await t.database.db.select().from(auditLog).where(sql`${auditLog.action} = 'login' and ${auditLog.outcome} = 'failed' and ${auditLog.details}->>'userId' = ${f.patient.id}`);
    expect(failed.length).toBeGreaterThanOrEqual(1);
  });

  it('answers a malformed login with 400 naming the field', async () => {
    const res = await new TestClient(t.baseUrl).post<{ error: { details: Array<{ path: string }> } }>('/api/auth/login', { email: 'not-an-email', password: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d) => d.path).sort()).toEqual(['email', 'password']);
  });

  it('revokes the session on logout', async () => {
    const client = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    const cookie = client.cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    client.cookie = cookie;
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('answers 401 without a session on every patient-scoped endpoint', async () => {
    const anonymous = new TestClient(t.baseUrl);
    for (const path of ['/api/auth/me', '/api/patients', `/api/patients/${f.patient.patientId}`, `/api/patients/${f.patient.patientId}/measurements`, '/api/alerts']) {
      expect((await anonymous.get(path)).status, path).toBe(401);
    }
  });

  it('stores only a hash of the session token', async () => {
    const client = await new TestClient(t.baseUrl).login(f.gp.clinician.email, f.gp.clinician.password);
    const token = client.cookie?.split('=')[1] ?? '';
    const rows = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from sessions where token_hash = ${token}`);
    expect(rows[0]?.n).toBe(0);
  });
});

describe('the audit log', () => {
  it('cannot be altered or deleted', async () => {
    const failure = (query: Promise<unknown>) => query.then(() => 'succeeded', (error: Error) => `${error.message} ${String(error.cause)}`);
    expect(await failure(t.database.rows(sql`update audit_log set action = 'x'`))).toMatch(/append-only/);
    expect(await failure(t.database.rows(sql`delete from audit_log`))).toMatch(/append-only/);
  });

  it('records reads of patient data', async () => {
    const nurse = await new TestClient(t.baseUrl).login(f.municipality.clinician.email, f.municipality.clinician.password);
    await nurse.get(`/api/patients/${f.patient.patientId}/measurements`);
    const reads = await t.database.db.select().from(auditLog).where(sql`${auditLog.userId} = ${f.municipality.clinician.id} and ${auditLog.patientId} = ${f.patient.patientId} and ${auditLog.action} = 'read'`);
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads[0]).toMatchObject({ role: 'clinician', organisationId: f.municipality.id, resource: 'measurement' });
  });
});
