import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { AccessLogEntry, AccessLogPage, RelativeAcceptResult, RelativeInvitationCode } from '@naer/shared';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, TestClock, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let f: Fixture;
const clock = new TestClock();

beforeAll(async () => {
  t = await startTestApp({ clock });
  f = await createFixture(t.database);
});
afterAll(async () => t.stop());

const login = (user: TestUser) => new TestClient(t.baseUrl).login(user.email, user.password);
const log = (patientId: string, query = '') => `/api/patients/${patientId}/access-log${query}`;
const others = (items: AccessLogEntry[]) => items.filter((i) => !i.who.isPatient);

describe('the patient\u2019s own access log', () => {
  it('shows who looked at which data, with name, role and organisation, newest first', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.municipality.id]);
    const nurse = await login(f.hospital.clinician);
    await nurse.get(`/api/patients/${patient.patientId}/measurements`);
    clock.advance(60_000);
    await (await login(f.municipality.clinician)).get(`/api/patients/${patient.patientId}/messages`);
    clock.advance(60_000);
    const res = await (await login(patient)).get<AccessLogPage>(log(patient.patientId));
    expect(res.status).toBe(200);
    const [newest, older] = res.body.items;
    expect(newest).toMatchObject({
      who: { userId: f.municipality.clinician.id, name: 'kommune-nurse', role: 'clinician', organisation: { id: f.municipality.id, type: 'municipality' }, isPatient: false },
      resource: 'message',
      action: 'read',
      outcome: 'allowed',
      count: 1,
    });
    expect(older).toMatchObject({ who: { userId: f.hospital.clinician.id, organisation: { id: f.hospital.id } }, resource: 'measurement', action: 'read' });
    expect(newest && older && newest.lastAt > older.lastAt).toBe(true);
  });

  it('hides the patient\u2019s own use unless asked for it', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const me = await login(patient);
    await me.get(`/api/patients/${patient.patientId}/measurements`);
    await (await login(f.hospital.clinician)).get(`/api/patients/${patient.patientId}/measurements`);
    const plain = await me.get<AccessLogPage>(log(patient.patientId));
    expect(plain.body.items.every((i) => !i.who.isPatient)).toBe(true);
    expect(plain.body.items).toHaveLength(1);
    const all = await me.get<AccessLogPage>(log(patient.patientId, '?includeOwn=true'));
    expect(all.body.items.some((i) => i.who.isPatient && i.resource === 'measurement')).toBe(true);
    expect((await me.get<{ error: { details: Array<{ path: string }> } }>(log(patient.patientId, '?includeOwn=maybe'))).body.error.details[0]?.path).toBe('includeOwn');
  });

  it('groups repeated looks by one person at one kind of data on one day, with a count', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const nurse = await login(f.hospital.clinician);
    for (let i = 0; i < 3; i++) await nurse.get(`/api/patients/${patient.patientId}/measurements`);
    const res = await (await login(patient)).get<AccessLogPage>(log(patient.patientId));
    expect(others(res.body.items)).toEqual([expect.objectContaining({ resource: 'measurement', action: 'read', count: 3 })]);
  });

  it('shows refused attempts from outside the care team as refused', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    expect((await (await login(f.outsider.clinician)).get(`/api/patients/${patient.patientId}/measurements`)).status).toBe(403);
    const res = await (await login(patient)).get<AccessLogPage>(log(patient.patientId));
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ who: { userId: f.outsider.clinician.id }, outcome: 'refused' });
  });

  it('shows a relative\u2019s reads with the relative\u2019s name and role', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const me = await login(patient);
    const code = await me.post<RelativeInvitationCode>(`/api/patients/${patient.patientId}/relatives/invitations`, { scopes: ['readings'] });
    const relative = new TestClient(t.baseUrl);
    const joined = await relative.post<RelativeAcceptResult>('/api/relatives/accept', { code: code.body.code, email: `r-${randomUUID().slice(0, 8)}@test.naer.dk`, password: 'en lang adgangskode', name: 'Bo Søn' });
    await relative.get(`/api/patients/${patient.patientId}/measurements`);
    const res = await me.get<AccessLogPage>(log(patient.patientId));
    const byRelative = res.body.items.find((i) => i.who.userId === joined.body.user.id && i.resource === 'measurement');
    expect(byRelative?.who).toMatchObject({ name: 'Bo Søn', role: 'relative', organisation: null, isPatient: false });
  });

  it('pages back a week of days at a time, newest first', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const nurse = await login(f.hospital.clinician);
    const start = new Date();
    try {
      clock.set(new Date(start.getTime() - 20 * 86_400_000));
      await nurse.get(`/api/patients/${patient.patientId}/measurements`);
      clock.set(new Date(start.getTime() - 2 * 86_400_000));
      await nurse.get(`/api/patients/${patient.patientId}/messages`);
    } finally {
      clock.set(start);
    }
    const me = await login(patient);
    const first = await me.get<AccessLogPage>(log(patient.patientId));
    expect(others(first.body.items).map((i) => i.resource)).toEqual(['message']);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await me.get<AccessLogPage>(log(patient.patientId, `?cursor=${first.body.nextCursor}`));
    expect(others(second.body.items).map((i) => i.resource)).toEqual(['measurement']);
    expect(second.body.nextCursor).toBeNull();
    expect((await me.get(log(patient.patientId, '?cursor=%%%'))).status).toBe(400);
  });
});

describe('who may read an access log', () => {
  it('lets an administrator read any patient\u2019s log', async () => {
    const res = await (await login(f.admin)).get<AccessLogPage>(log(f.patient.patientId));
    expect(res.status).toBe(200);
  });

  it('refuses a clinician on the care team with 403 and a clear message, and shows the attempt in the log', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const res = await (await login(f.hospital.clinician)).get<{ error: { message: string } }>(log(patient.patientId));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Only the patient and administrators/);
    const mine = await (await login(patient)).get<AccessLogPage>(log(patient.patientId));
    expect(mine.body.items).toEqual([expect.objectContaining({ resource: 'access_log', outcome: 'refused' })]);
  });

  it('refuses another patient with 403', async () => {
    expect((await (await login(f.otherPatient)).get(log(f.patient.patientId))).status).toBe(403);
  });

  it('keeps the records it is built from append-only', async () => {
    const failure = (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => String((e as { cause?: unknown }).cause ?? e));
    expect(await failure(t.database.rows(sql`update audit_log set user_id = null where patient_id = ${f.patient.patientId}::uuid`))).toMatch(/append-only/);
    expect(await failure(t.database.rows(sql`delete from audit_log where patient_id = ${f.patient.patientId}::uuid`))).toMatch(/append-only/);
  });
});
