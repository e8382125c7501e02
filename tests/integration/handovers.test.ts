import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertDetail, AlertList, CareTeam, Handover, HandoverList, PatientStatus } from '@naer/shared';
import { users } from '../../server/src/db/schema';
import { hashPassword } from '../../server/src/modules/auth/password';
import { PASSWORD, createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, nextEvent, startTestApp } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';

let t: TestApp;
let f: Fixture;
let hospital: TestClient;
let gp: TestClient;
let municipality: TestClient;
/** A second municipal nurse, for two people answering the same handover at once. */
let acuteNurse: TestClient;
let acuteNurseId: string;
let outsider: TestClient;
const sockets: ClientSocket[] = [];

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
  const login = (u: Pick<TestUser, 'email' | 'password'>) => new TestClient(t.baseUrl).login(u.email, u.password);
  const email = `akut-${randomUUID().slice(0, 8)}@test.naer.dk`;
  const [acute] = await t.database.db
    .insert(users)
    .values({ email, role: 'clinician', organisationId: f.municipality.id, displayName: 'akut-nurse', jobTitle: 'Akutsygeplejerske', passwordHash: await hashPassword(PASSWORD) })
    .returning({ id: users.id });
  acuteNurseId = acute?.id ?? '';
  [hospital, gp, municipality, outsider, acuteNurse] = await Promise.all([
    login(f.hospital.clinician),
    login(f.gp.clinician),
    login(f.municipality.clinician),
    login(f.outsider.clinician),
    login({ email, password: PASSWORD }),
  ]);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.stop();
});

/** A fresh patient on the fixture's care team with a red SpO2 alert the hospital nurse has claimed. */
async function claimedRed(): Promise<{ alert: Alert; patient: TestClient; patientId: string }> {
  const account = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
  const patient = await new TestClient(t.baseUrl).login(account.email, account.password);
  const id = randomUUID();
  await patient.post('/api/measurements', { id, kind: 'spo2', value: 85, unit: '%', measuredAt: new Date(Date.now() - 60_000).toISOString(), source: 'manual' });
  const list = await hospital.get<AlertList>('/api/alerts');
  const open = list.body.items.find((a) => a.lastMeasurementId === id);
  if (!open) throw new Error('the red reading opened no alert');
  const claimed = await hospital.post<Alert>(`/api/alerts/${open.id}/claim`);
  expect(claimed.status).toBe(200);
  return { alert: claimed.body, patient, patientId: account.patientId };
}

const handOver = (client: TestClient, alertId: string, toOrganisationId: string, message = 'SpO2 85 %. Ring hende i dag, og vurder besøg.') =>
  client.post<Handover & ErrorBody>(`/api/alerts/${alertId}/handover`, { toOrganisationId, message });

const alertOf = async (id: string) => (await hospital.get<AlertDetail>(`/api/alerts/${id}`)).body;

async function socketOf(client: TestClient): Promise<ClientSocket> {
  const socket = await client.socket();
  sockets.push(socket);
  return socket;
}

describe('handing an alert over', () => {
  it('keeps the sender responsible until accepted, and both organisations see it pending', async () => {
    const { alert } = await claimedRed();
    const res = await handOver(hospital, alert.id, f.municipality.id);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      alert: { id: alert.id, severity: 'red' },
      from: { id: f.hospital.id },
      fromUser: { id: f.hospital.clinician.id, name: 'hospital-nurse' },
      to: { id: f.municipality.id, type: 'municipality' },
      message: 'SpO2 85 %. Ring hende i dag, og vurder besøg.',
      decidedAt: null,
    });
    const { alert: now, events } = await alertOf(alert.id);
    expect(now).toMatchObject({ status: 'claimed', ownerId: f.hospital.clinician.id, responsibleOrgId: f.hospital.id });
    expect(now.pendingHandover).toMatchObject({ id: res.body.id, to: { id: f.municipality.id }, fromUser: { name: 'hospital-nurse' } });
    expect(events.at(-1)).toMatchObject({ type: 'handover_requested', data: { toOrganisationId: f.municipality.id, message: res.body.message } });

    const incoming = await municipality.get<HandoverList>('/api/handovers?status=pending');
    const outgoing = await hospital.get<HandoverList>('/api/handovers');
    expect(incoming.body.items.map((h) => h.id)).toContain(res.body.id);
    expect(outgoing.body.items.map((h) => h.id)).toContain(res.body.id);
    expect((await gp.get<HandoverList>('/api/handovers')).body.items.map((h) => h.id)).not.toContain(res.body.id);
    const board = await municipality.get<AlertList>('/api/alerts');
    expect(board.body.items.find((a) => a.id === alert.id)?.pendingHandover?.to.id).toBe(f.municipality.id);
  });

  it('moves responsibility and ownership to the accepting nurse in one step', async () => {
    const { alert, patient, patientId } = await claimedRed();
    const requested = await handOver(hospital, alert.id, f.municipality.id);
    const accepted = await municipality.post<Handover>(`/api/handovers/${requested.body.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', decidedBy: { id: f.municipality.clinician.id, name: 'kommune-nurse' } });
    const { alert: now, events } = await alertOf(alert.id);
    expect(now).toMatchObject({ status: 'claimed', ownerId: f.municipality.clinician.id, responsibleOrgId: f.municipality.id, pendingHandover: null });
    expect(now.owner?.organisation?.id).toBe(f.municipality.id);
    expect(events.map((e) => e.type)).toEqual(['raised', 'claimed', 'handover_requested', 'handover_accepted']);
    expect(events.at(-1)?.actor).toMatchObject({ name: 'kommune-nurse', organisation: { id: f.municipality.id } });
    expect((await municipality.get<HandoverList>('/api/handovers')).body.items.map((h) => h.id)).not.toContain(requested.body.id);

    const status = await patient.get<PatientStatus>(`/api/patients/${patientId}/status`);
    expect(status.body.items[0]?.handledBy).toMatchObject({ name: 'kommune-nurse', organisation: expect.stringContaining('kommune') as string });
    expect(status.body.items[0]?.callToday).toBe(true);
    // The previous owner no longer holds it: only the new owner may resolve.
    expect((await hospital.post<ErrorBody>(`/api/alerts/${alert.id}/resolve`, { outcome: 'contacted_patient' })).status).toBe(409);
    expect((await municipality.post(`/api/alerts/${alert.id}/resolve`, { outcome: 'home_visit' })).status).toBe(200);
  });

  it('returns a declined handover with the reason; the original owner is unchanged and may ask again', async () => {
    const { alert } = await claimedRed();
    const requested = await handOver(hospital, alert.id, f.municipality.id);
    const noReason = await municipality.post<ErrorBody>(`/api/handovers/${requested.body.id}/decline`, { reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details?.[0]?.path).toBe('reason');
    const declined = await municipality.post<Handover>(`/api/handovers/${requested.body.id}/decline`, { reason: 'Ingen ledige sygeplejersker før kl. 18.' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'Ingen ledige sygeplejersker før kl. 18.' });
    const { alert: now, events } = await alertOf(alert.id);
    expect(now).toMatchObject({ ownerId: f.hospital.clinician.id, responsibleOrgId: f.hospital.id, pendingHandover: null });
    expect(events.at(-1)).toMatchObject({ type: 'handover_declined', data: { reason: 'Ingen ledige sygeplejersker før kl. 18.' } });
    expect((await handOver(hospital, alert.id, f.gp.id)).status).toBe(201);
  });

  it('lets only the receiving organisation answer, and only once', async () => {
    const { alert } = await claimedRed();
    const requested = await handOver(hospital, alert.id, f.municipality.id);
    expect((await gp.post<ErrorBody>(`/api/handovers/${requested.body.id}/accept`)).status).toBe(403);
    expect((await hospital.post<ErrorBody>(`/api/handovers/${requested.body.id}/accept`)).status).toBe(403);
    expect((await outsider.post<ErrorBody>(`/api/handovers/${requested.body.id}/accept`)).status).toBe(403);
    const both = await Promise.all([municipality.post<Handover & ErrorBody>(`/api/handovers/${requested.body.id}/accept`), acuteNurse.post<Handover & ErrorBody>(`/api/handovers/${requested.body.id}/accept`)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)?.body.decidedBy?.id;
    expect([f.municipality.clinician.id, acuteNurseId]).toContain(winner);
    expect((await alertOf(alert.id)).alert.ownerId).toBe(winner);
    const late = await municipality.post<ErrorBody>(`/api/handovers/${requested.body.id}/decline`, { reason: 'for sent' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('already accepted');
  });

  it('asks for another organisation on the care team and a message, naming the field', async () => {
    const { alert } = await claimedRed();
    const notOnTeam = await handOver(hospital, alert.id, f.outsider.id);
    expect(notOnTeam.status).toBe(400);
    expect(notOnTeam.body.error.details?.[0]?.path).toBe('toOrganisationId');
    expect((await handOver(hospital, alert.id, f.hospital.id)).status).toBe(400);
    const noMessage = await hospital.post<ErrorBody>(`/api/alerts/${alert.id}/handover`, { toOrganisationId: f.municipality.id });
    expect(noMessage.status).toBe(400);
    expect(noMessage.body.error.message).toContain('message is required');
    expect((await hospital.post<ErrorBody>(`/api/alerts/${alert.id}/handover`, { toOrganisationId: 'x', message: 'y' })).body.error.details?.[0]?.path).toBe('toOrganisationId');
    const [count] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from handovers where alert_id = ${alert.id}::uuid`);
    expect(count?.n).toBe(0);
  });

  it('allows one pending handover per alert, and only from the owner or the responsible organisation', async () => {
    const { alert } = await claimedRed();
    const notOwner = await handOver(gp, alert.id, f.municipality.id);
    expect(notOwner.status).toBe(409);
    expect(notOwner.body.error.message).toContain('hospital-nurse');
    expect((await handOver(hospital, alert.id, f.municipality.id)).status).toBe(201);
    const second = await handOver(hospital, alert.id, f.gp.id);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain('already waiting');
  });

  it('cancels a pending handover when the owner resolves the alert, and lets the sender withdraw one', async () => {
    const { alert } = await claimedRed();
    const requested = await handOver(hospital, alert.id, f.municipality.id);
    await hospital.post(`/api/alerts/${alert.id}/resolve`, { outcome: 'admitted', note: 'Indlagt via 112' });
    const [row] = await t.database.rows<{ status: string }>(sql`select status from handovers where id = ${requested.body.id}::uuid`);
    expect(row?.status).toBe('cancelled');
    expect((await municipality.post<ErrorBody>(`/api/handovers/${requested.body.id}/accept`)).status).toBe(409);

    const other = await claimedRed();
    const withdrawn = await handOver(hospital, other.alert.id, f.gp.id);
    expect((await gp.post<ErrorBody>(`/api/handovers/${withdrawn.body.id}/cancel`)).status).toBe(403);
    const cancelled = await hospital.post<Handover>(`/api/handovers/${withdrawn.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await alertOf(other.alert.id)).alert.pendingHandover).toBeNull();
  });

  it('treats a claim by the receiving organisation as accepting the pending handover', async () => {
    const { alert } = await claimedRed();
    const requested = await handOver(hospital, alert.id, f.municipality.id);
    await hospital.post(`/api/alerts/${alert.id}/release`);
    const claimed = await municipality.post<Alert>(`/api/alerts/${alert.id}/claim`);
    expect(claimed.body).toMatchObject({ ownerId: f.municipality.clinician.id, responsibleOrgId: f.municipality.id, pendingHandover: null });
    const [row] = await t.database.rows<{ status: string; decided_by: string }>(sql`select status, decided_by from handovers where id = ${requested.body.id}::uuid`);
    expect(row).toEqual({ status: 'accepted', decided_by: f.municipality.clinician.id });
  });
});

describe('live handover events', () => {
  it('shows the request on the receiving organisation\u2019s screen and the new owner on the sender\u2019s', async () => {
    const { alert, patient } = await claimedRed();
    const [h, m, p] = await Promise.all([socketOf(hospital), socketOf(municipality), socketOf(patient)]);
    const patientHeard: string[] = [];
    p.on('handover:requested', (e) => patientHeard.push(e.handover.id));
    p.on('handover:updated', (e) => patientHeard.push(e.handover.id));

    const incoming = nextEvent(m, 'handover:requested', (e) => e.handover.alert?.id === alert.id);
    const pendingOnBoard = nextEvent(h, 'alert:updated', (e) => e.alert.id === alert.id && e.alert.pendingHandover?.to.id === f.municipality.id);
    const requested = await handOver(hospital, alert.id, f.municipality.id);
    expect((await incoming).handover).toMatchObject({ id: requested.body.id, message: requested.body.message, patient: { name: expect.stringContaining('Testpatient') as string } });
    await pendingOnBoard;

    const decided = nextEvent(h, 'handover:updated', (e) => e.handover.id === requested.body.id);
    const moved = nextEvent(h, 'alert:updated', (e) => e.alert.id === alert.id && e.alert.ownerId === f.municipality.clinician.id);
    const patientSees = nextEvent(p, 'alert:updated', (e) => e.alert.id === alert.id && e.alert.ownerId === f.municipality.clinician.id);
    await municipality.post(`/api/handovers/${requested.body.id}/accept`);
    expect((await decided).handover.status).toBe('accepted');
    expect((await moved).alert.owner).toMatchObject({ name: 'kommune-nurse', organisation: { id: f.municipality.id } });
    expect((await patientSees).alert.pendingHandover).toBeUndefined();
    expect(patientHeard).toEqual([]);
  });
});

describe('the patient\u2019s follow-up and care team', () => {
  it('lists the care team with names, types and responsibilities, and who owns the follow-up', async () => {
    const { patientId } = await claimedRed();
    const res = await gp.get<CareTeam>(`/api/patients/${patientId}/care-team`);
    expect(res.status).toBe(200);
    expect(res.body.organisations.map((o) => [o.id, o.type])).toEqual([
      [f.hospital.id, 'hospital'],
      [f.gp.id, 'gp'],
      [f.municipality.id, 'municipality'],
    ]);
    expect(res.body.followUpOwner).toMatchObject({ organisation: { id: f.hospital.id }, userId: null });
    expect((await outsider.get<ErrorBody>(`/api/patients/${patientId}/care-team`)).status).toBe(403);
  });

  it('moves the follow-up to the accepting organisation; until then the sender keeps it', async () => {
    const { patientId } = await claimedRed();
    expect((await gp.post<ErrorBody>(`/api/patients/${patientId}/handover`, { toOrganisationId: f.municipality.id, message: 'x' })).status).toBe(409);
    const requested = await hospital.post<Handover>(`/api/patients/${patientId}/handover`, { toOrganisationId: f.municipality.id, message: 'Udskrevet; kommunen følger op.' });
    expect(requested.status).toBe(201);
    expect(requested.body.alert).toBeNull();
    expect((await hospital.post<ErrorBody>(`/api/patients/${patientId}/handover`, { toOrganisationId: f.gp.id, message: 'y' })).status).toBe(409);
    expect((await hospital.get<CareTeam>(`/api/patients/${patientId}/care-team`)).body.followUpOwner?.organisation.id).toBe(f.hospital.id);
    expect((await municipality.post(`/api/handovers/${requested.body.id}/accept`)).status).toBe(200);
    const after = await hospital.get<CareTeam>(`/api/patients/${patientId}/care-team`);
    expect(after.body.followUpOwner).toMatchObject({ organisation: { id: f.municipality.id }, userId: f.municipality.clinician.id });
  });
});
