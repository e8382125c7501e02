import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { NewSystemClient, SystemClient } from '@naer/shared';
import { createFixture } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

type ErrorBody = { error: { message: string; details?: Array<{ path: string }> } };

let t: TestApp;
let f: Fixture;
let admin: TestClient;

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
  admin = await new TestClient(t.baseUrl).login(f.admin.email, f.admin.password);
});
afterAll(async () => t.stop());

const bearer = (token: string, path = '/fhir/R4/metadata') => fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('system clients', () => {
  it('an administrator registers a system for one organisation and sees its credential once; only a hash is stored', async () => {
    const res = await admin.post<NewSystemClient>('/api/admin/system-clients', { name: 'EPJ Nord', organisationId: f.hospital.id });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^naer_sys_[A-Za-z0-9_-]{40,}$/);
    expect(res.body.client).toMatchObject({ name: 'EPJ Nord', organisation: { id: f.hospital.id }, revokedAt: null });
    const list = await admin.get<{ items: Array<SystemClient & { token?: string }> }>('/api/admin/system-clients');
    expect(list.body.items.map((c) => c.name)).toContain('EPJ Nord');
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    const stored = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from system_clients where token_hash = ${res.body.token}`);
    expect(stored[0]?.n).toBe(0);
    const audit = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where resource = 'system_client' and action = 'create' and user_id = ${f.admin.id}::uuid`);
    expect(audit[0]?.n).toBe(1);
  });

  it('the credential is accepted on /fhir; an unknown or revoked one is a 401', async () => {
    const created = (await admin.post<NewSystemClient>('/api/admin/system-clients', { name: 'Omsorgssystem', organisationId: f.municipality.id })).body;
    expect((await bearer(created.token)).status).not.toBe(401);
    expect((await bearer(`${created.token}x`)).status).toBe(401);
    expect((await bearer('naer_sys_unknown')).status).toBe(401);
    const revoked = await admin.post<SystemClient>(`/api/admin/system-clients/${created.client.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await bearer(created.token)).status).toBe(401);
  });

  it('is for administrators only, and names what is wrong', async () => {
    const clinician = await new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
    expect((await clinician.post('/api/admin/system-clients', { name: 'X', organisationId: f.hospital.id })).status).toBe(403);
    expect((await clinician.get('/api/admin/system-clients')).status).toBe(403);
    const noName = await admin.post<ErrorBody>('/api/admin/system-clients', { name: ' ', organisationId: f.hospital.id });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details?.map((d) => d.path)).toContain('name');
    const unknown = await admin.post<ErrorBody>('/api/admin/system-clients', { name: 'EPJ Syd', organisationId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('organisationId');
    expect((await admin.post('/api/admin/system-clients/00000000-0000-4000-8000-000000000000/revoke')).status).toBe(404);
  });
});

describe('a system reading through FHIR', () => {
  it('sees what its organisation\u2019s clinicians see, and its reads show in the patient\u2019s access log in its own name', async () => {
    const created = (await admin.post<NewSystemClient>('/api/admin/system-clients', { name: 'EPJ Midt', organisationId: f.hospital.id })).body;
    const read = await bearer(created.token, `/fhir/R4/Patient/${f.patient.patientId}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { resourceType: string }).resourceType).toBe('Patient');
    const search = await bearer(created.token, `/fhir/R4/Observation?patient=${f.patient.patientId}`);
    expect(search.status).toBe(200);

    // An organisation not on the care team: refused, as its clinicians would be.
    const outsider = (await admin.post<NewSystemClient>('/api/admin/system-clients', { name: 'EPJ Syd', organisationId: f.outsider.id })).body;
    expect((await bearer(outsider.token, `/fhir/R4/Patient/${f.patient.patientId}`)).status).toBe(403);

    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    const log = await patient.get<{ items: Array<{ who: { name: string | null; organisation: { id: string } | null }; outcome: string }> }>(`/api/patients/${f.patient.patientId}/access-log`);
    const names = log.body.items.map((e) => `${e.who.name ?? ''}:${e.outcome}`);
    expect(names).toContain('EPJ Midt (system):allowed');
    expect(names).toContain('EPJ Syd (system):refused');
  });
});
