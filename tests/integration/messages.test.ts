import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Message, MessageThread, PatientSummary } from '@naer/shared';
import { auditLog, users } from '../../server/src/db/schema';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, nextEvent, startTestApp } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';

let t: TestApp;
let f: Fixture;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
  await t.database.db.update(users).set({ jobTitle: 'Sygeplejerske' }).where(eq(users.id, f.municipality.clinician.id));
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

const message = (body = 'Jeg har hostet mere i nat. Skal jeg gøre noget?') => ({ id: randomUUID(), body });
const thread = (patientId: string) => `/api/patients/${patientId}/messages`;

async function unreadOnBoard(client: TestClient, patientId: string): Promise<number | undefined> {
  const board = await client.get<{ items: PatientSummary[] }>('/api/patients');
  return board.body.items.find((p) => p.id === patientId)?.unreadMessages;
}

describe('the message thread', () => {
  it('delivers a patient\u2019s message live to every organisation on the care team and counts it unread on their boards', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
    const me = await login(patient);
    const hospital = await login(f.hospital.clinician);
    const gp = await login(f.gp.clinician);
    const hospitalSocket = await connect(hospital);
    const gpSocket = await connect(gp);
    const body = message();
    const heard = Promise.all([
      nextEvent(hospitalSocket, 'message:received', (e) => e.message.id === body.id),
      nextEvent(gpSocket, 'message:received', (e) => e.message.id === body.id),
    ]);
    const sent = await me.post<Message>(thread(patient.patientId), body);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ id: body.id, patientId: patient.patientId, body: body.body, sender: { id: patient.id, role: 'patient' }, readBy: [] });
    const [event] = await heard;
    expect(event.message.body).toBe(body.body);
    expect(await unreadOnBoard(hospital, patient.patientId)).toBe(1);
    expect(await unreadOnBoard(gp, patient.patientId)).toBe(1);
  });

  it('counts a message read for the whole organisation once a colleague has read it, but not for the other organisations', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.gp.id]);
    const me = await login(patient);
    const sent = await me.post<Message>(thread(patient.patientId), message('Første besked'));
    await me.post(thread(patient.patientId), message('Anden besked'));
    const hospital = await login(f.hospital.clinician);
    const gp = await login(f.gp.clinician);
    expect(await unreadOnBoard(hospital, patient.patientId)).toBe(2);

    const read = await hospital.post<{ messageIds: string[] }>(`${thread(patient.patientId)}/read`, { upTo: sent.body.id });
    expect(read.status).toBe(200);
    expect(read.body.messageIds).toEqual([sent.body.id]);
    expect(await unreadOnBoard(hospital, patient.patientId)).toBe(1);
    expect(await unreadOnBoard(gp, patient.patientId)).toBe(2);
    const view = await hospital.get<MessageThread>(thread(patient.patientId));
    expect(view.body.unread).toBe(1);
  });

  it('lets the care team reply, and the patient sees the reply live and the read receipt with job title and organisation', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.municipality.id]);
    const me = await login(patient);
    const mySocket = await connect(me);
    const nurse = await login(f.municipality.clinician);
    const question = await me.post<Message>(thread(patient.patientId), message());

    const receipt = nextEvent(mySocket, 'message:read', (e) => e.messageIds.includes(question.body.id));
    await nurse.post(`${thread(patient.patientId)}/read`, { upTo: question.body.id });
    const read = await receipt;
    expect(read.reader).toMatchObject({ id: f.municipality.clinician.id, role: 'clinician', jobTitle: 'Sygeplejerske', organisation: { id: f.municipality.id, type: 'municipality' } });

    const reply = message('Tag din anfaldsmedicin, og mål iltmætning igen om en time.');
    const live = nextEvent(mySocket, 'message:received', (e) => e.message.id === reply.id);
    expect((await nurse.post(thread(patient.patientId), reply)).status).toBe(201);
    const received = await live;
    expect(received.message.sender).toMatchObject({ role: 'clinician', jobTitle: 'Sygeplejerske', organisation: { id: f.municipality.id } });

    const view = await me.get<MessageThread>(thread(patient.patientId));
    expect(view.body.items.map((m) => m.id)).toEqual([question.body.id, reply.id]);
    expect(view.body.items[0]?.readBy.map((r) => r.reader.organisation?.id)).toEqual([f.municipality.id]);
    expect(view.body.unread).toBe(1);
    expect(view.body.answeredBy?.id).toBe(f.hospital.id);
  });

  it('stores a retried message once and tells no one twice; the same id with other text is a conflict', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const me = await login(patient);
    const hospitalSocket = await connect(await login(f.hospital.clinician));
    const body = message();
    let heard = 0;
    hospitalSocket.on('message:received', (e) => {
      if (e.message.id === body.id) heard++;
    });
    const first = nextEvent(hospitalSocket, 'message:received', (e) => e.message.id === body.id);
    expect((await me.post(thread(patient.patientId), body)).status).toBe(201);
    await first;
    const replay = await me.post<Message>(thread(patient.patientId), body);
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(body.id);
    const clash = await me.post<{ error: { code: string; message: string } }>(thread(patient.patientId), { ...body, body: 'Noget andet' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toMatch(/new id/);
    const view = await me.get<MessageThread>(thread(patient.patientId));
    expect(view.body.items).toHaveLength(1);
    // A replayed event would have arrived before this later one.
    const later = message('En sidste ting');
    const marker = nextEvent(hospitalSocket, 'message:received', (e) => e.message.id === later.id);
    await me.post(thread(patient.patientId), later);
    await marker;
    expect(heard).toBe(1);
  });

  it.each([
    ['an empty text', { id: randomUUID(), body: '   ' }, 'body'],
    ['a text over 2000 characters', { id: randomUUID(), body: 'x'.repeat(2001) }, 'body'],
    ['no client id', { body: 'Hej' }, 'id'],
    ['an id that is not a UUID', { id: '42', body: 'Hej' }, 'id'],
    ['an unknown field', { id: randomUUID(), body: 'Hej', urgent: true }, '(body)'],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_what, body, field) => {
    const me = await login(f.otherPatient);
    const res = await me.post<{ error: { code: string; message: string; details: Array<{ path: string }> } }>(thread(f.otherPatient.patientId), body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation');
    expect(res.body.error.details.map((d) => d.path)).toContain(field);
    const view = await me.get<MessageThread>(thread(f.otherPatient.patientId));
    expect(view.body.items.some((m) => m.body === 'Hej' || m.body.startsWith('xxx'))).toBe(false);
  });

  it('keeps the body of 2000 characters, trimmed of surrounding spaces', async () => {
    const me = await login(f.patient);
    const body = 'æ'.repeat(2000);
    const res = await me.post<Message>(thread(f.patient.patientId), { id: randomUUID(), body: `  ${body}\n` });
    expect(res.status).toBe(201);
    expect(res.body.body).toBe(body);
  });

  it('refuses a clinician outside the care team and another patient with 403, and audits the refusals', async () => {
    const outsider = await login(f.outsider.clinician);
    const other = await login(f.otherPatient);
    for (const client of [outsider, other]) {
      expect((await client.get(thread(f.patient.patientId))).status).toBe(403);
      expect((await client.post(thread(f.patient.patientId), message())).status).toBe(403);
    }
    const refused = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, f.outsider.clinician.id), eq(auditLog.patientId, f.patient.patientId), eq(auditLog.resource, 'message'), eq(auditLog.outcome, 'refused')));
    expect(refused.map((r) => r.action).sort()).toEqual(['read', 'write']);
  });

  it('audits every read of the thread with who, what and where from', async () => {
    const nurse = await login(f.gp.clinician);
    await nurse.get(thread(f.patient.patientId));
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, f.gp.clinician.id), eq(auditLog.patientId, f.patient.patientId), eq(auditLog.resource, 'message'), eq(auditLog.action, 'read')));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({ role: 'clinician', organisationId: f.gp.id, outcome: 'allowed' });
    expect(rows[0]?.ip).toBeTruthy();
  });

  it('lets an administrator read the thread but not write in it, and leaves no receipt when they look', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const sent = await (await login(patient)).post<Message>(thread(patient.patientId), message());
    const admin = await login(f.admin);
    expect((await admin.get(thread(patient.patientId))).status).toBe(200);
    expect((await admin.post(thread(patient.patientId), message())).status).toBe(403);
    const read = await admin.post<{ messageIds: string[] }>(`${thread(patient.patientId)}/read`, { upTo: sent.body.id });
    expect(read.status).toBe(200);
    expect(read.body.messageIds).toEqual([]);
    expect(await unreadOnBoard(await login(f.hospital.clinician), patient.patientId)).toBe(1);
  });

  it('answers 404 for a read receipt up to a message that is not in this thread', async () => {
    const nurse = await login(f.hospital.clinician);
    const elsewhere = await (await login(f.otherPatient)).post<Message>(thread(f.otherPatient.patientId), message());
    const res = await nurse.post<{ error: { message: string } }>(`${thread(f.patient.patientId)}/read`, { upTo: elsewhere.body.id });
    expect(res.status).toBe(404);
    const bad = await nurse.post<{ error: { details: Array<{ path: string }> } }>(`${thread(f.patient.patientId)}/read`, { upTo: 'newest' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]?.path).toBe('upTo');
  });

  it('pages back through a long thread with a cursor, oldest first within a page', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const me = await login(patient);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const body = message(`Besked ${i}`);
      ids.push(body.id);
      await me.post(thread(patient.patientId), body);
    }
    const newest = await me.get<MessageThread>(`${thread(patient.patientId)}?limit=3`);
    expect(newest.body.items.map((m) => m.body)).toEqual(['Besked 2', 'Besked 3', 'Besked 4']);
    expect(newest.body.olderCursor).toBeTruthy();
    const older = await me.get<MessageThread>(`${thread(patient.patientId)}?limit=3&before=${newest.body.olderCursor}`);
    expect(older.body.items.map((m) => m.body)).toEqual(['Besked 0', 'Besked 1']);
    expect(older.body.olderCursor).toBeNull();
    expect((await me.get(`${thread(patient.patientId)}?before=nonsense`)).status).toBe(400);
    expect((await me.get(`${thread(patient.patientId)}?limit=0`)).status).toBe(400);
  });
});
