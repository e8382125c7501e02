import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Message, RelativeAcceptResult, RelativeInvitationCode, RelativeList, RelativeScope, SharedPatient } from '@naer/shared';
import { auditLog, invitations } from '../../server/src/db/schema';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, TestClock, nextEvent, startTestApp } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';

let t: TestApp;
let f: Fixture;
const clock = new TestClock();
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestApp({ clock });
  f = await createFixture(t.database);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.stop();
});

const login = (user: TestUser) => new TestClient(t.baseUrl).login(user.email, user.password);

async function connect(client: TestClient) {
  const socket = await client.socket();
  sockets.push(socket);
  return socket;
}

const reading = (value = 95) => ({ id: randomUUID(), kind: 'spo2', value, unit: '%', measuredAt: new Date(clock.now().getTime() - 60_000).toISOString(), source: 'manual' });

/** A patient on the fixture's care team, logged in. */
async function newPatient() {
  const user = await createPatient(t.database, [f.hospital.id, f.municipality.id]);
  return { user, client: await login(user) };
}

async function invite(patient: { user: { patientId: string }; client: TestClient }, scopes: RelativeScope[], notifyRed = false) {
  const res = await patient.client.post<RelativeInvitationCode>(`/api/patients/${patient.user.patientId}/relatives/invitations`, { scopes, notifyRed });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Someone new accepts an invitation: their account is created and they are signed in. */
async function joinAsNewRelative(code: string) {
  const client = new TestClient(t.baseUrl);
  const email = `relative-${randomUUID().slice(0, 8)}@test.naer.dk`;
  const res = await client.post<RelativeAcceptResult>('/api/relatives/accept', { code, email, password: 'en lang adgangskode', name: 'Anna Pårørende' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { client, email, result: res.body };
}

describe('inviting a relative', () => {
  it('gives the patient a one-time code, stores only its hash, and lists it as waiting', async () => {
    const patient = await newPatient();
    const code = await invite(patient, ['readings', 'messages'], true);
    expect(code.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(new Date(code.expiresAt).getTime() - clock.now().getTime()).toBe(7 * 86_400_000);
    const [stored] = await t.database.db.select().from(invitations).where(eq(invitations.id, code.id));
    expect(stored?.codeHash).not.toContain(code.code.replace(/-/g, ''));
    expect(stored?.grants).toEqual({ scopes: ['readings', 'messages'], notifyRed: true });
    const list = await patient.client.get<RelativeList>(`/api/patients/${patient.user.patientId}/relatives`);
    expect(list.body.invitations).toEqual([expect.objectContaining({ id: code.id, scopes: ['readings', 'messages'], notifyRed: true })]);
    expect(JSON.stringify(list.body)).not.toContain(code.code);
  });

  it.each([
    ['a clinician on the care team', () => f.hospital.clinician],
    ['another patient', () => f.otherPatient],
  ])('refuses an invitation made by %s with 403, and audits the refusal', async (_who, user) => {
    const actor = user();
    const res = await (await login(actor)).post<{ error: { message: string } }>(`/api/patients/${f.patient.patientId}/relatives/invitations`, { scopes: ['readings'] });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Only the patient/);
    const refused = await t.database.db.select().from(auditLog).where(and(eq(auditLog.userId, actor.id), eq(auditLog.resource, 'invitation'), eq(auditLog.outcome, 'refused')));
    expect(refused.length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['nothing to share', { scopes: [], notifyRed: false }, 'scopes'],
    ['an unknown scope', { scopes: ['diary'] }, 'scopes.0'],
    ['the same scope twice', { scopes: ['readings', 'readings'] }, 'scopes'],
    ['notifyRed that is not true or false', { scopes: ['readings'], notifyRed: 'yes' }, 'notifyRed'],
  ])('refuses an invitation with %s with 400 naming the field', async (_what, body, field) => {
    const res = await (await login(f.patient)).post<{ error: { details: Array<{ path: string }> } }>(`/api/patients/${f.patient.patientId}/relatives/invitations`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d) => d.path)).toContain(field);
  });
});

describe('accepting an invitation', () => {
  it('creates the relative\u2019s account, signs them in, and shows what the patient shared', async () => {
    const patient = await newPatient();
    const code = await invite(patient, ['readings'], true);
    const { client, result } = await joinAsNewRelative(code.code.toLowerCase().replace(/-/g, ' '));
    expect(result.user.role).toBe('relative');
    expect(result.shared).toMatchObject({ patient: { id: patient.user.patientId }, scopes: ['readings'], notifyRed: true });
    const me = await client.get<{ user: { role: string } }>('/api/auth/me');
    expect(me.body.user.role).toBe('relative');
    const mine = await client.get<{ items: SharedPatient[] }>('/api/relatives/me');
    expect(mine.body.items.map((s) => s.patient.id)).toEqual([patient.user.patientId]);
    const list = await patient.client.get<RelativeList>(`/api/patients/${patient.user.patientId}/relatives`);
    expect(list.body.relatives).toHaveLength(1);
    expect(list.body.relatives[0]).toMatchObject({ relative: { displayName: 'Anna Pårørende' }, scopes: ['readings'] });
    expect(list.body.invitations).toEqual([]);
  });

  it('accepts a code only once', async () => {
    const patient = await newPatient();
    const code = await invite(patient, ['readings']);
    await joinAsNewRelative(code.code);
    const again = await new TestClient(t.baseUrl).post<{ error: { message: string } }>('/api/relatives/accept', { code: code.code, email: 'someone@test.naer.dk', password: 'en lang adgangskode', name: 'X' });
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/ask the patient for a new one/i);
  });

  it('refuses a code older than 7 days and one the patient withdrew', async () => {
    const patient = await newPatient();
    const old = await invite(patient, ['readings']);
    const withdrawn = await invite(patient, ['readings']);
    expect((await patient.client.post(`/api/patients/${patient.user.patientId}/relatives/invitations/${withdrawn.id}/revoke`)).status).toBe(204);
    const body = (code: string) => ({ code, email: `r-${randomUUID().slice(0, 8)}@test.naer.dk`, password: 'en lang adgangskode', name: 'X' });
    expect((await new TestClient(t.baseUrl).post('/api/relatives/accept', body(withdrawn.code))).status).toBe(404);
    clock.advance(7 * 86_400_000 + 1000);
    try {
      expect((await new TestClient(t.baseUrl).post('/api/relatives/accept', body(old.code))).status).toBe(404);
    } finally {
      clock.set(new Date());
    }
    const failed = await t.database.db.select().from(auditLog).where(and(eq(auditLog.resource, 'invitation'), eq(auditLog.action, 'accept'), eq(auditLog.outcome, 'failed')));
    expect(failed.length).toBeGreaterThanOrEqual(2);
  });

  it('links a second patient to a signed-in relative with the code alone, and to an existing account with e-mail and password', async () => {
    const first = await newPatient();
    const second = await newPatient();
    const third = await newPatient();
    const { client, email } = await joinAsNewRelative((await invite(first, ['readings'])).code);
    const linked = await client.post<RelativeAcceptResult>('/api/relatives/accept', { code: (await invite(second, ['messages'])).code });
    expect(linked.status).toBe(201);
    expect(linked.body.shared.patient.id).toBe(second.user.patientId);
    const elsewhere = new TestClient(t.baseUrl);
    const existing = await elsewhere.post<RelativeAcceptResult>('/api/relatives/accept', { code: (await invite(third, ['alerts'])).code, email, password: 'en lang adgangskode' });
    expect(existing.status).toBe(201);
    const mine = await elsewhere.get<{ items: SharedPatient[] }>('/api/relatives/me');
    expect(mine.body.items.map((s) => s.patient.id).sort()).toEqual([first, second, third].map((p) => p.user.patientId).sort());
  });

  it('refuses a wrong password for an existing account without using the code', async () => {
    const patient = await newPatient();
    const { email } = await joinAsNewRelative((await invite(patient, ['readings'])).code);
    const code = await invite(patient, ['messages']);
    const wrong = await new TestClient(t.baseUrl).post('/api/relatives/accept', { code: code.code, email, password: 'forkert adgangskode' });
    expect(wrong.status).toBe(401);
    const list = await patient.client.get<RelativeList>(`/api/patients/${patient.user.patientId}/relatives`);
    expect(list.body.invitations.map((i) => i.id)).toEqual([code.id]);
  });

  it('refuses a signed-in clinician, and an e-mail that belongs to a patient', async () => {
    const patient = await newPatient();
    const code = await invite(patient, ['readings']);
    const nurse = await login(f.hospital.clinician);
    expect((await nurse.post('/api/relatives/accept', { code: code.code })).status).toBe(403);
    const taken = await new TestClient(t.baseUrl).post('/api/relatives/accept', { code: code.code, email: f.otherPatient.email, password: 'en lang adgangskode', name: 'X' });
    expect(taken.status).toBe(409);
  });

  it.each([
    ['a code of the wrong shape', { code: 'ABC' }, 'code'],
    ['no e-mail and password without a session', { code: 'ABCD-EFGH-JKLM' }, null],
  ])('answers %s with a 4xx that says what to do', async (_what, body, field) => {
    const res = await new TestClient(t.baseUrl).post<{ error: { message: string; details?: Array<{ path: string }> } }>('/api/relatives/accept', body);
    expect(res.status === 400 || res.status === 404).toBe(true);
    if (field) expect(res.body.error.details?.map((d) => d.path)).toContain(field);
    expect(res.body.error.message.length).toBeGreaterThan(20);
  });

  it('asks someone new for their name and a password of at least 10 characters', async () => {
    const patient = await newPatient();
    const code = await invite(patient, ['readings']);
    const res = await new TestClient(t.baseUrl).post<{ error: { details: Array<{ path: string }> } }>('/api/relatives/accept', { code: code.code, email: `n-${randomUUID().slice(0, 8)}@test.naer.dk`, password: 'kort' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d) => d.path).sort()).toEqual(['name', 'password']);
  });
});

describe('what a relative can see and do', () => {
  it('reads only what was granted, writes nothing but messages, and every read is audited as a relative', async () => {
    const patient = await newPatient();
    await patient.client.post('/api/measurements', reading());
    const { client: readingsOnly, result } = await joinAsNewRelative((await invite(patient, ['readings'])).code);
    const pid = patient.user.patientId;
    expect((await readingsOnly.get(`/api/patients/${pid}/measurements`)).status).toBe(200);
    const refused = await readingsOnly.get<{ error: { message: string } }>(`/api/patients/${pid}/messages`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/has not shared this with you/);
    expect((await readingsOnly.post('/api/measurements', { ...reading(), patientId: pid })).status).toBe(403);
    expect((await readingsOnly.get(`/api/patients/${pid}/measurements`.replace(pid, f.otherPatient.patientId))).status).toBe(403);
    const audits = await t.database.db.select().from(auditLog).where(and(eq(auditLog.userId, result.user.id), eq(auditLog.patientId, pid)));
    expect(audits).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'relative', resource: 'measurement', action: 'read', outcome: 'allowed' }),
      expect.objectContaining({ role: 'relative', resource: 'message', action: 'read', outcome: 'refused' }),
    ]));

    const { client: messenger } = await joinAsNewRelative((await invite(patient, ['messages'])).code);
    const sent = await messenger.post<Message>(`/api/patients/${pid}/messages`, { id: randomUUID(), body: 'Min mor har det dårligere i dag.' });
    expect(sent.status).toBe(201);
    expect(sent.body.sender).toMatchObject({ role: 'relative', displayName: 'Anna Pårørende' });
    expect((await messenger.get(`/api/patients/${pid}/measurements`)).status).toBe(403);
  });

  it('sends a relative live events only for the scopes they hold', async () => {
    const patient = await newPatient();
    const { client: relative } = await joinAsNewRelative((await invite(patient, ['readings'])).code);
    const socket = await connect(relative);
    const heard: string[] = [];
    socket.onAny((event: string) => heard.push(event));
    const nurse = await connect(await login(f.hospital.clinician));
    const red = reading(85);
    const received = nextEvent(socket, 'measurement:received', (e) => e.measurement.id === red.id);
    const raised = nextEvent(nurse, 'alert:raised', (e) => e.alert.lastMeasurementId === red.id);
    const msg = { id: randomUUID(), body: 'Hej' };
    const nurseHeardMessage = nextEvent(nurse, 'message:received', (e) => e.message.id === msg.id);
    await patient.client.post('/api/measurements', red);
    await patient.client.post(`/api/patients/${patient.user.patientId}/messages`, msg);
    await Promise.all([received, raised, nurseHeardMessage]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toContain('measurement:received');
    expect(heard).not.toContain('alert:raised');
    expect(heard).not.toContain('message:received');
  });

  it('tells a relative who asked to hear about red alerts about a red one, but not about a yellow one', async () => {
    const patient = await newPatient();
    const { client: relative } = await joinAsNewRelative((await invite(patient, [], true)).code);
    const socket = await connect(relative);
    const heard: string[] = [];
    socket.onAny((event: string, payload: { alert?: { severity: string } }) => heard.push(`${event}:${payload.alert?.severity ?? ''}`));
    const nurse = await connect(await login(f.hospital.clinician));
    const yellow = { ...reading(), kind: 'heart_rate', value: 105, unit: '/min' };
    const yellowSeen = nextEvent(nurse, 'alert:raised', (e) => e.alert.lastMeasurementId === yellow.id);
    await patient.client.post('/api/measurements', yellow);
    await yellowSeen;
    const red = reading(84);
    const redHeard = nextEvent(socket, 'alert:raised', (e) => e.alert.lastMeasurementId === red.id);
    await patient.client.post('/api/measurements', red);
    expect((await redHeard).alert.severity).toBe('red');
    expect(heard.filter((h) => h.startsWith('alert:')).every((h) => h.endsWith(':red'))).toBe(true);
    expect(heard.some((h) => h.startsWith('measurement:'))).toBe(false);
  });

  it('joins the rooms of a new grant on a socket that is already open', async () => {
    const first = await newPatient();
    const second = await newPatient();
    const { client: relative } = await joinAsNewRelative((await invite(first, ['readings'])).code);
    const socket = await connect(relative);
    expect((await relative.post('/api/relatives/accept', { code: (await invite(second, ['readings'])).code })).status).toBe(201);
    const body = reading();
    const heard = nextEvent(socket, 'measurement:received', (e) => e.measurement.id === body.id);
    await second.client.post('/api/measurements', body);
    expect((await heard).patientId).toBe(second.user.patientId);
  });
});

describe('withdrawing access', () => {
  it('takes effect at once: the open socket hears access:revoked and nothing more, and the next API call is refused', async () => {
    const patient = await newPatient();
    const pid = patient.user.patientId;
    const { client: relative, result } = await joinAsNewRelative((await invite(patient, ['readings', 'alerts', 'messages'], true)).code);
    const socket = await connect(relative);
    const before = reading();
    const heardBefore = nextEvent(socket, 'measurement:received', (e) => e.measurement.id === before.id);
    await patient.client.post('/api/measurements', before);
    await heardBefore;

    const revoked = nextEvent(socket, 'access:revoked', (e) => e.patientId === pid);
    const res = await patient.client.post(`/api/relatives/${result.shared.grantId}/revoke`);
    expect(res.status).toBe(204);
    await revoked;
    expect((await relative.get(`/api/patients/${pid}/measurements`)).status).toBe(403);
    expect((await relative.get(`/api/patients/${pid}/messages`)).status).toBe(403);
    expect((await relative.post(`/api/patients/${pid}/messages`, { id: randomUUID(), body: 'Hej' })).status).toBe(403);

    const after: string[] = [];
    socket.onAny((event: string, payload: { patientId?: string }) => {
      if (payload.patientId === pid) after.push(event);
    });
    const nurse = await connect(await login(f.hospital.clinician));
    const red = reading(84);
    const msg = { id: randomUUID(), body: 'Efter tilbagetrækning' };
    const delivered = Promise.all([
      nextEvent(nurse, 'alert:raised', (e) => e.alert.lastMeasurementId === red.id),
      nextEvent(nurse, 'message:received', (e) => e.message.id === msg.id),
    ]);
    await patient.client.post('/api/measurements', red);
    await patient.client.post(`/api/patients/${pid}/messages`, msg);
    await delivered;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(after).toEqual([]);

    const mine = await relative.get<{ items: SharedPatient[] }>('/api/relatives/me');
    expect(mine.body.items).toEqual([]);
    const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.patientId, pid), eq(auditLog.resource, 'relative_grant'), eq(auditLog.action, 'revoke')));
    expect(audit).toHaveLength(1);
  });

  it('lets only the patient withdraw access', async () => {
    const patient = await newPatient();
    const { result } = await joinAsNewRelative((await invite(patient, ['readings'])).code);
    for (const user of [f.hospital.clinician, f.admin, f.otherPatient]) {
      expect((await (await login(user)).post(`/api/relatives/${result.shared.grantId}/revoke`)).status).toBe(403);
    }
    expect((await patient.client.post(`/api/relatives/${randomUUID()}/revoke`)).status).toBe(404);
    expect((await patient.client.post('/api/relatives/not-a-grant/revoke')).status).toBe(400);
  });

  it('gives a relative who connects after the withdrawal no rooms for that patient', async () => {
    const patient = await newPatient();
    const { client: relative, result } = await joinAsNewRelative((await invite(patient, ['readings'])).code);
    await patient.client.post(`/api/relatives/${result.shared.grantId}/revoke`);
    const socket = await connect(relative);
    const heard: string[] = [];
    socket.onAny((event: string) => heard.push(event));
    const nurse = await connect(await login(f.hospital.clinician));
    const body = reading();
    const seen = nextEvent(nurse, 'measurement:received', (e) => e.measurement.id === body.id);
    await patient.client.post('/api/measurements', body);
    await seen;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual([]);
  });
});
