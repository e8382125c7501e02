import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Consultation } from '@naer/shared';
import { createFixture } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, nextEvent, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

type ErrorBody = { error: { message: string; details?: Array<{ path: string }> } };

let t: TestApp;
let f: Fixture;
let hospital: TestClient;
const login = (user: TestUser) => new TestClient(t.baseUrl).login(user.email, user.password);
const inMinutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

async function book(overrides: Record<string, unknown> = {}) {
  return hospital.post<{ consultation: Consultation } & ErrorBody>('/api/consultations', {
    patientId: f.patient.patientId, startsAt: inMinutes(5), durationMinutes: 30, type: 'follow_up', purpose: 'Opfølgning',
    participantUserIds: [f.patient.id, f.municipality.clinician.id], ...overrides,
  });
}

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
  hospital = await login(f.hospital.clinician);
});
afterAll(async () => t.stop());

describe('booking', () => {
  it('books with the organiser as a participant, and every invitee hears it live', async () => {
    const patientSocket = await (await login(f.patient)).socket();
    const heard = nextEvent(patientSocket, 'consultation:updated');
    const res = await book();
    expect(res.status).toBe(201);
    const c = res.body.consultation;
    expect(c).toMatchObject({ patientId: f.patient.patientId, type: 'follow_up', status: 'scheduled', organiserId: f.hospital.clinician.id, durationMinutes: 30 });
    expect(c.participants.map((p) => p.userId).sort()).toEqual([f.hospital.clinician.id, f.patient.id, f.municipality.clinician.id].sort());
    expect(c.organisation?.id).toBe(f.hospital.id);
    expect((await heard).consultation.id).toBe(c.id);
    patientSocket.disconnect();
    const mine = await (await login(f.municipality.clinician)).get<{ consultations: Consultation[] }>('/api/consultations');
    expect(mine.body.consultations.map((x) => x.id)).toContain(c.id);
  });

  it('refuses bad input naming the field, strangers as invitees, and organisations without the consultation responsibility', async () => {
    const bad = await book({ durationMinutes: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('durationMinutes');
    const past = await book({ startsAt: inMinutes(-120) });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toContain('startsAt');
    const stranger = await book({ participantUserIds: [f.outsider.clinician.id] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.message).toContain('participantUserIds');
    const gp = await (await login(f.gp.clinician)).post<ErrorBody>('/api/consultations', {
      patientId: f.patient.patientId, startsAt: inMinutes(5), durationMinutes: 30, type: 'follow_up', purpose: 'x', participantUserIds: [],
    });
    expect(gp.status).toBe(403);
    expect(gp.body.error.message).toMatch(/consultation/);
  });

  it('moves and cancels, and the invitees see both live; a non-participant is refused', async () => {
    const { consultation } = (await book()).body;
    const patientSocket = await (await login(f.patient)).socket();
    const moved = nextEvent(patientSocket, 'consultation:updated', (e) => e.consultation.id === consultation.id);
    const later = inMinutes(90);
    expect((await hospital.post(`/api/consultations/${consultation.id}/move`, { startsAt: later })).status).toBe(200);
    expect((await moved).consultation.startsAt).toBe(later);
    const cancelled = nextEvent(patientSocket, 'consultation:updated', (e) => e.consultation.status === 'cancelled');
    expect((await hospital.post(`/api/consultations/${consultation.id}/cancel`)).status).toBe(200);
    expect((await cancelled).consultation.id).toBe(consultation.id);
    patientSocket.disconnect();
    expect((await (await login(f.otherPatient)).get(`/api/consultations/${consultation.id}`)).status).toBe(403);
  });
});

describe('the call', () => {
  it('lets invited participants join, relays signals between them, tells the others who left, and audits join and leave', async () => {
    const { consultation } = (await book()).body;
    const a = await hospital.socket();
    const b = await (await login(f.patient)).socket();
    const joinA = await a.emitWithAck('consultation:join', { consultationId: consultation.id });
    expect(joinA).toMatchObject({ ok: true, peers: [] });
    const joined = nextEvent(a, 'consultation:peer-joined');
    const joinB = await b.emitWithAck('consultation:join', { consultationId: consultation.id });
    if (!joinA.ok || !joinB.ok) throw new Error('join refused');
    expect(joinB.peers.map((p) => p.userId)).toEqual([f.hospital.clinician.id]);
    expect((await joined).peer).toMatchObject({ peerId: joinB.self.peerId, userId: f.patient.id, role: 'patient' });

    const offer = nextEvent(b, 'consultation:signal');
    a.emit('consultation:signal', { consultationId: consultation.id, to: joinB.self.peerId, description: { type: 'offer', sdp: 'v=0 test' } });
    expect(await offer).toMatchObject({ consultationId: consultation.id, from: joinA.self.peerId, description: { type: 'offer', sdp: 'v=0 test' } });
    const candidate = nextEvent(a, 'consultation:signal');
    b.emit('consultation:signal', { consultationId: consultation.id, to: joinA.self.peerId, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' } });
    expect((await candidate).candidate?.candidate).toContain('127.0.0.1');

    const left = nextEvent(a, 'consultation:peer-left');
    b.disconnect();
    expect((await left).peerId).toBe(joinB.self.peerId);
    a.disconnect();
    await new Promise((r) => setTimeout(r, 200));
    const presence = await t.database.rows<{ user_id: string; action: string }>(sql`
      select user_id, action from audit_log where resource = 'consultation_call' and details->>'consultationId' = ${consultation.id} and outcome = 'allowed' order by id`);
    expect(presence.filter((r) => r.user_id === f.patient.id).map((r) => r.action)).toEqual(['join', 'leave']);
    // The patient sees it in "Hvem har set mine data".
    const log = await (await login(f.patient)).get<{ items: Array<{ resource: string }> }>(`/api/patients/${f.patient.patientId}/access-log`);
    expect(log.body.items.some((i) => i.resource === 'consultation_call')).toBe(true);
  });

  it('refuses the uninvited, a cancelled call, a call far in the future, and a malformed id; a signal from outside the call goes nowhere', async () => {
    const { consultation } = (await book({ participantUserIds: [f.patient.id] })).body;
    const outsider = await (await login(f.municipality.clinician)).socket();
    const refused = await outsider.emitWithAck('consultation:join', { consultationId: consultation.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const inside = await hospital.socket();
    const joined = await inside.emitWithAck('consultation:join', { consultationId: consultation.id });
    if (!joined.ok) throw new Error('join refused');
    let leaked = false;
    inside.on('consultation:signal', () => (leaked = true));
    outsider.emit('consultation:signal', { consultationId: consultation.id, to: joined.self.peerId, description: { type: 'offer', sdp: 'x' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(leaked).toBe(false);
    inside.disconnect();
    expect(await outsider.emitWithAck('consultation:join', { consultationId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    outsider.disconnect();

    const patient = await (await login(f.patient)).socket();
    const future = (await book({ startsAt: inMinutes(24 * 60) })).body.consultation;
    expect(await patient.emitWithAck('consultation:join', { consultationId: future.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await hospital.post(`/api/consultations/${consultation.id}/cancel`);
    expect(await patient.emitWithAck('consultation:join', { consultationId: consultation.id })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    patient.disconnect();
  });

  it('after the call, the summary goes to the patient and to the care-team notes', async () => {
    const { consultation } = (await book()).body;
    const res = await hospital.post<{ consultation: Consultation }>(`/api/consultations/${consultation.id}/summary`, { summary: 'Fortsæt med inhalatoren morgen og aften.' });
    expect(res.status).toBe(200);
    expect(res.body.consultation).toMatchObject({ status: 'completed', summary: 'Fortsæt med inhalatoren morgen og aften.' });
    const seen = await (await login(f.patient)).get<{ consultation: Consultation }>(`/api/consultations/${consultation.id}`);
    expect(seen.body.consultation.summary).toContain('inhalatoren');
    const notes = await (await login(f.gp.clinician)).get<{ notes: Array<{ body: string }> }>(`/api/patients/${f.patient.patientId}/notes`);
    expect(notes.body.notes[0]?.body).toContain('Fortsæt med inhalatoren');
  });
});

describe('ad-hoc specialist advice', () => {
  it('the municipal nurse calls the hospital: every hospital clinician online sees it ring, the first to take it joins, the next gets 409', async () => {
    const [colleague] = await t.database.rows<{ email: string }>(sql`insert into users (email, role, organisation_id, display_name, password_hash)
      select 'colleague-' || substr(md5(random()::text), 1, 8) || '@test.naer.dk', 'clinician', organisation_id, 'Kollega', password_hash from users where id = ${f.hospital.clinician.id}::uuid
      returning email`);
    const second = await new TestClient(t.baseUrl).login(colleague?.email ?? '', f.hospital.clinician.password);
    const [s1, s2] = await Promise.all([hospital.socket(), second.socket()]);
    const ring1 = nextEvent(s1, 'consultation:incoming');
    const ring2 = nextEvent(s2, 'consultation:incoming');
    const nurse = await login(f.municipality.clinician);
    const res = await nurse.post<{ consultation: Consultation }>(`/api/patients/${f.patient.patientId}/calls`, { organisationId: f.hospital.id });
    expect(res.status).toBe(201);
    expect(res.body.consultation).toMatchObject({ type: 'specialist_advice', call: { organisation: { id: f.hospital.id }, takenBy: null } });
    const id = res.body.consultation.id;
    expect((await ring1).consultation.id).toBe(id);
    expect((await ring2).consultation.id).toBe(id);

    const taken = nextEvent(s2, 'consultation:incoming', (e) => e.consultation.call?.takenBy !== null);
    expect((await hospital.post(`/api/consultations/${id}/take`)).status).toBe(200);
    expect((await taken).consultation.call?.takenBy).toBe(f.hospital.clinician.id);
    expect((await second.post<ErrorBody>(`/api/consultations/${id}/take`)).status).toBe(409);
    expect((await (await login(f.gp.clinician)).post(`/api/consultations/${id}/take`)).status).toBe(403);

    const joined = await s1.emitWithAck('consultation:join', { consultationId: id });
    expect(joined.ok).toBe(true);
    const nurseSocket = await nurse.socket();
    expect((await nurseSocket.emitWithAck('consultation:join', { consultationId: id })).ok).toBe(true);
    expect((await s2.emitWithAck('consultation:join', { consultationId: id })).ok).toBe(false);
    for (const s of [s1, s2, nurseSocket]) s.disconnect();
  });

  it('refuses calling an organisation that is not on the care team, naming the field', async () => {
    const res = await (await login(f.municipality.clinician)).post<ErrorBody>(`/api/patients/${f.patient.patientId}/calls`, { organisationId: f.outsider.id });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('organisationId');
  });
});
