import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertDetail, AlertList, PatientStatus } from '@naer/shared';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, nextEvent, startTestApp } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';

let t: TestApp;
let f: Fixture;
let hospital: TestClient;
let gp: TestClient;
let municipality: TestClient;
let outsider: TestClient;
const sockets: ClientSocket[] = [];

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
  const login = (u: TestUser) => new TestClient(t.baseUrl).login(u.email, u.password);
  [hospital, gp, municipality, outsider] = await Promise.all([login(f.hospital.clinician), login(f.gp.clinician), login(f.municipality.clinician), login(f.outsider.clinician)]);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.stop();
});

/** A fresh patient on the fixture's care team (hospital first in the chain) with one open red SpO2 alert. */
async function redAlert(): Promise<{ alert: Alert; patient: TestClient; patientId: string }> {
  const account = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
  const patient = await new TestClient(t.baseUrl).login(account.email, account.password);
  const id = randomUUID();
  const res = await patient.post('/api/measurements', { id, kind: 'spo2', value: 85, unit: '%', measuredAt: new Date(Date.now() - 60_000).toISOString(), source: 'manual' });
  expect(res.status).toBe(201);
  const list = await hospital.get<AlertList>('/api/alerts');
  const alert = list.body.items.find((a) => a.lastMeasurementId === id);
  if (!alert) throw new Error('the red reading opened no alert');
  return { alert, patient, patientId: account.patientId };
}

async function socketOf(client: TestClient): Promise<ClientSocket> {
  const socket = await client.socket();
  sockets.push(socket);
  return socket;
}

const detail = async (id: string) => (await hospital.get<AlertDetail>(`/api/alerts/${id}`)).body;

describe('claiming an alert', () => {
  it('records who claimed it and when, and moves responsibility to their organisation', async () => {
    const { alert } = await redAlert();
    expect(alert).toMatchObject({ status: 'open', ownerId: null, owner: null, responsibleOrgId: f.hospital.id });
    const res = await municipality.post<Alert>(`/api/alerts/${alert.id}/claim`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'claimed', ownerId: f.municipality.clinician.id, responsibleOrgId: f.municipality.id });
    expect(res.body.owner).toMatchObject({ id: f.municipality.clinician.id, name: 'kommune-nurse', organisation: { id: f.municipality.id, type: 'municipality' } });
    expect(res.body.claimedAt).not.toBeNull();
    expect(BigInt(res.body.cursor)).toBeGreaterThan(BigInt(alert.cursor));

    const { events } = await detail(alert.id);
    expect(events.map((e) => e.type)).toEqual(['raised', 'claimed']);
    expect(events[1]).toMatchObject({ actor: { name: 'kommune-nurse', role: 'clinician', organisation: { id: f.municipality.id } }, data: { organisationId: f.municipality.id } });
  });

  it('lets exactly one of two clinicians claiming at the same moment win; the other gets 409 naming the owner', async () => {
    const { alert } = await redAlert();
    const results = await Promise.all([hospital.post<Alert & ErrorBody>(`/api/alerts/${alert.id}/claim`), gp.post<Alert & ErrorBody>(`/api/alerts/${alert.id}/claim`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)?.body;
    const loser = results.find((r) => r.status === 409)?.body;
    expect(loser?.error.code).toBe('conflict');
    expect(loser?.error.message).toContain(winner?.owner?.name ?? 'missing');
    const { events } = await detail(alert.id);
    expect(events.filter((e) => e.type === 'claimed')).toHaveLength(1);
  });

  it('answers a repeated claim by the owner with the alert unchanged', async () => {
    const { alert } = await redAlert();
    const first = await hospital.post<Alert>(`/api/alerts/${alert.id}/claim`);
    const again = await hospital.post<Alert>(`/api/alerts/${alert.id}/claim`);
    expect(again.status).toBe(200);
    expect(again.body.cursor).toBe(first.body.cursor);
    expect((await detail(alert.id)).events.filter((e) => e.type === 'claimed')).toHaveLength(1);
  });

  it('refuses a clinician outside the care team (403, audited as refused) and a patient (403)', async () => {
    const { alert, patient, patientId } = await redAlert();
    const res = await outsider.post<ErrorBody>(`/api/alerts/${alert.id}/claim`);
    expect(res.status).toBe(403);
    const [refused] = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_log where patient_id = ${patientId}::uuid and user_id = ${f.outsider.clinician.id}::uuid and outcome = 'refused'`,
    );
    expect(refused?.n).toBe(1);
    expect((await patient.post<ErrorBody>(`/api/alerts/${alert.id}/claim`)).status).toBe(403);
    expect((await detail(alert.id)).alert.status).toBe('open');
  });

  it('answers an unknown alert with 404 and a malformed id with 400 naming the id', async () => {
    expect((await hospital.post<ErrorBody>(`/api/alerts/${randomUUID()}/claim`)).status).toBe(404);
    const bad = await hospital.post<ErrorBody>('/api/alerts/not-an-id/claim');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.[0]?.path).toBe('id');
    expect(bad.body.error.message).toContain('alert id');
  });
});

describe('releasing an alert', () => {
  it('lets only the owner release it, back to open with a fresh claim deadline', async () => {
    const { alert } = await redAlert();
    await hospital.post(`/api/alerts/${alert.id}/claim`);
    const other = await gp.post<ErrorBody>(`/api/alerts/${alert.id}/release`);
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain('hospital-nurse');
    const res = await hospital.post<Alert>(`/api/alerts/${alert.id}/release`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'open', ownerId: null, owner: null, claimedAt: null, responsibleOrgId: f.hospital.id });
    expect(new Date(res.body.claimDueAt ?? 0).getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    expect((await detail(alert.id)).events.map((e) => e.type)).toEqual(['raised', 'claimed', 'released']);
    expect((await hospital.post<ErrorBody>(`/api/alerts/${alert.id}/release`)).status).toBe(409);
  });
});

describe('resolving an alert', () => {
  it('claims and resolves an unclaimed alert in one step, with outcome and note, and the resync feed sees it', async () => {
    const { alert } = await redAlert();
    const before = await hospital.get<AlertList>('/api/alerts');
    const res = await gp.post<Alert>(`/api/alerts/${alert.id}/resolve`, { outcome: 'contacted_patient', note: '  Ringet op, har det bedre.  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', outcome: 'contacted_patient', outcomeNote: 'Ringet op, har det bedre.', ownerId: f.gp.clinician.id });
    expect(res.body.resolvedAt).not.toBeNull();
    const { events } = await detail(alert.id);
    expect(events.map((e) => e.type)).toEqual(['raised', 'claimed', 'resolved']);
    expect(events[2]?.data).toMatchObject({ outcome: 'contacted_patient', note: 'Ringet op, har det bedre.' });
    const open = await hospital.get<AlertList>('/api/alerts');
    expect(open.body.items.some((a) => a.id === alert.id)).toBe(false);
    const changed = await hospital.get<AlertList>(`/api/alerts?after=${before.body.cursor}`);
    expect(changed.body.items.find((a) => a.id === alert.id)?.status).toBe('resolved');
  });

  it('refuses to resolve someone else\u2019s alert and a resolved one (409)', async () => {
    const { alert } = await redAlert();
    await hospital.post(`/api/alerts/${alert.id}/claim`);
    const other = await municipality.post<ErrorBody>(`/api/alerts/${alert.id}/resolve`, { outcome: 'home_visit' });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain('hospital-nurse');
    expect((await hospital.post(`/api/alerts/${alert.id}/resolve`, { outcome: 'no_action_needed' })).status).toBe(200);
    expect((await hospital.post<ErrorBody>(`/api/alerts/${alert.id}/resolve`, { outcome: 'no_action_needed' })).status).toBe(409);
    expect((await hospital.post<ErrorBody>(`/api/alerts/${alert.id}/claim`)).status).toBe(409);
  });

  it('names the field when the outcome is missing or not one of the list, and changes nothing', async () => {
    const { alert } = await redAlert();
    const missing = await hospital.post<ErrorBody>(`/api/alerts/${alert.id}/resolve`, { note: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details?.[0]?.path).toBe('outcome');
    const wrong = await hospital.post<ErrorBody>(`/api/alerts/${alert.id}/resolve`, { outcome: 'fixed' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('outcome must be one of contacted_patient');
    const long = await hospital.post<ErrorBody>(`/api/alerts/${alert.id}/resolve`, { outcome: 'admitted', note: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.body.error.details?.[0]?.path).toBe('note');
    expect((await hospital.post<ErrorBody>(`/api/alerts/${alert.id}/resolve`)).status).toBe(400);
    expect((await detail(alert.id)).alert.status).toBe('open');
  });
});

describe('live updates', () => {
  it('sends alert:updated with the owner to every care-team organisation, and a plain version to the patient', async () => {
    const { alert, patient } = await redAlert();
    const [h, m, p] = await Promise.all([socketOf(hospital), socketOf(municipality), socketOf(patient)]);
    const claimed = (e: { alert: Alert }) => e.alert.id === alert.id && e.alert.status === 'claimed';
    const events = Promise.all([nextEvent(h, 'alert:updated', claimed), nextEvent(m, 'alert:updated', claimed), nextEvent(p, 'alert:updated', claimed)]);
    await gp.post(`/api/alerts/${alert.id}/claim`);
    const [forHospital, forMunicipality, forPatient] = await events;
    expect(forHospital.alert.owner?.name).toBe('gp-nurse');
    expect(forMunicipality.alert.responsibleOrganisation?.id).toBe(f.gp.id);
    expect(forPatient.alert.ownerId).toBe(f.gp.clinician.id);
    expect(forPatient.alert.owner).toBeUndefined();

    const resolved = (e: { alert: Alert }) => e.alert.id === alert.id && e.alert.status === 'resolved';
    const done = Promise.all([nextEvent(h, 'alert:updated', resolved), nextEvent(p, 'alert:updated', resolved)]);
    await gp.post(`/api/alerts/${alert.id}/resolve`, { outcome: 'medication_changed', note: 'Prednisolon startet' });
    const [clinicianView, patientView] = await done;
    expect(clinicianView.alert.outcomeNote).toBe('Prednisolon startet');
    expect(patientView.alert.outcomeNote).toBeNull();
  });

  it('tells no one outside the care team', async () => {
    const { alert } = await redAlert();
    const o = await socketOf(outsider);
    const h = await socketOf(hospital);
    const heard: string[] = [];
    o.on('alert:updated', (e) => heard.push(e.alert.id));
    const delivered = nextEvent(h, 'alert:updated', (e) => e.alert.id === alert.id);
    await hospital.post(`/api/alerts/${alert.id}/claim`);
    await delivered;
    expect(heard).not.toContain(alert.id);
  });
});

describe('the alert page and the patient\u2019s status', () => {
  it('returns the timeline with actor names, roles and organisations, and audits the read with the alert id', async () => {
    const { alert, patientId } = await redAlert();
    await hospital.post(`/api/alerts/${alert.id}/claim`);
    const res = await municipality.get<AlertDetail>(`/api/alerts/${alert.id}`);
    expect(res.status).toBe(200);
    expect(res.body.patient.id).toBe(patientId);
    expect(res.body.alert.owner?.organisation?.id).toBe(f.hospital.id);
    expect(res.body.events[0]).toMatchObject({ type: 'raised', actor: { role: 'patient' } });
    expect(res.body.careTeam.map((o) => o.id)).toEqual([f.hospital.id, f.gp.id, f.municipality.id]);
    const [audited] = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_log where patient_id = ${patientId}::uuid and user_id = ${f.municipality.clinician.id}::uuid
            and resource = 'alert' and action = 'read' and details ->> 'alertId' = ${alert.id}`,
    );
    expect(audited?.n).toBe(1);
    expect((await outsider.get<ErrorBody>(`/api/alerts/${alert.id}`)).status).toBe(403);
  });

  it('tells the patient it was received, who saw it, and that we call today once a nurse has it', async () => {
    const { alert, patient, patientId } = await redAlert();
    const before = await patient.get<PatientStatus>(`/api/patients/${patientId}/status`);
    expect(before.status).toBe(200);
    expect(before.body.items).toEqual([
      expect.objectContaining({ alertId: alert.id, rule: 'spo2', severity: 'red', status: 'open', seenBy: null, handledBy: null, callToday: false }),
    ]);
    await municipality.get(`/api/alerts/${alert.id}`);
    const seen = await patient.get<PatientStatus>(`/api/patients/${patientId}/status`);
    expect(seen.body.items[0]?.seenBy).toMatchObject({ organisation: expect.stringContaining('kommune') as string });

    await hospital.post(`/api/alerts/${alert.id}/claim`);
    const claimed = await patient.get<PatientStatus>(`/api/patients/${patientId}/status`);
    expect(claimed.body.items[0]).toMatchObject({ status: 'claimed', callToday: true, handledBy: { name: 'hospital-nurse', organisation: expect.stringContaining('hospital') as string } });
    // Seen by whoever came first: the municipal nurse opened it before the hospital took it.
    expect(claimed.body.items[0]?.seenBy?.organisation).toContain('kommune');

    await hospital.post(`/api/alerts/${alert.id}/resolve`, { outcome: 'contacted_patient' });
    const resolved = await patient.get<PatientStatus>(`/api/patients/${patientId}/status`);
    expect(resolved.body.items[0]).toMatchObject({ status: 'resolved', outcome: 'contacted_patient', callToday: false });
    expect((await new TestClient(t.baseUrl).login(f.otherPatient.email, f.otherPatient.password).then((c) => c.get(`/api/patients/${patientId}/status`))).status).toBe(403);
  });

  it('keeps a resolved alert on the patient’s history for the days asked, and today’s status to one day', async () => {
    const { alert, patient, patientId } = await redAlert();
    await hospital.post(`/api/alerts/${alert.id}/claim`);
    await hospital.post(`/api/alerts/${alert.id}/resolve`, { outcome: 'contacted_patient' });
    await t.database.rows(sql`update alerts set resolved_at = now() - interval '3 days' where id = ${alert.id}::uuid`);
    const ids = (body: PatientStatus) => body.items.map((item) => item.alertId);
    expect(ids((await patient.get<PatientStatus>(`/api/patients/${patientId}/status`)).body)).not.toContain(alert.id);
    const week = await patient.get<PatientStatus>(`/api/patients/${patientId}/status?days=7`);
    expect(week.status).toBe(200);
    expect(week.body.items.find((item) => item.alertId === alert.id)).toMatchObject({ status: 'resolved', outcome: 'contacted_patient' });
    expect(ids((await patient.get<PatientStatus>(`/api/patients/${patientId}/status?days=2`)).body)).not.toContain(alert.id);
    for (const days of ['0', '366', 'many']) {
      const bad = await patient.get<ErrorBody>(`/api/patients/${patientId}/status?days=${days}`);
      expect(bad.status, days).toBe(400);
      expect(bad.body.error.message).toContain('days');
    }
  });
});
