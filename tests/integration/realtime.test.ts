import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '@naer/shared';
import { createFixture } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, nextEvent, startTestApp } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';

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

const red = () => ({ id: randomUUID(), kind: 'spo2', value: 85, unit: '%', measuredAt: new Date(Date.now() - 60_000).toISOString(), source: 'manual' });

async function connectAs(user: { email: string; password: string }) {
  const client = await new TestClient(t.baseUrl).login(user.email, user.password);
  const socket = await client.socket();
  sockets.push(socket);
  return { client, socket };
}

describe('live notifications', () => {
  it('delivers alert:raised to every organisation on the care team and the patient within a second', async () => {
    const hospital = await connectAs(f.hospital.clinician);
    const municipality = await connectAs(f.municipality.clinician);
    const patient = await connectAs(f.patient);
    const body = red();
    const forPatient = (e: { patientId: string; alert: Alert }) => e.patientId === f.patient.patientId && e.alert.lastMeasurementId === body.id;
    const events = Promise.all([
      nextEvent(hospital.socket, 'alert:raised', forPatient, 1_000),
      nextEvent(municipality.socket, 'alert:raised', forPatient, 1_000),
      nextEvent(patient.socket, 'alert:raised', forPatient, 1_000),
      nextEvent(hospital.socket, 'measurement:received', (e) => e.measurement.id === body.id, 1_000),
    ]);
    expect((await patient.client.post('/api/measurements', body)).status).toBe(201);
    const [raised] = await events;
    expect(raised.alert).toMatchObject({ severity: 'red', status: 'open', rule: 'spo2' });
  });

  it('sends alert:updated for a further breach of an open alert', async () => {
    const hospital = await connectAs(f.hospital.clinician);
    const patient = await new TestClient(t.baseUrl).login(f.otherPatient.email, f.otherPatient.password);
    const first = red();
    const raised = nextEvent(hospital.socket, 'alert:raised', (e) => e.alert.lastMeasurementId === first.id);
    await patient.post('/api/measurements', first);
    await raised;
    const second = red();
    const updated = nextEvent(hospital.socket, 'alert:updated', (e) => e.alert.lastMeasurementId === second.id);
    await patient.post('/api/measurements', second);
    expect((await updated).alert.breaches).toBe(2);
  });

  it('tells no one outside the care team, and no other patient', async () => {
    const outsider = await connectAs(f.outsider.clinician);
    const other = await connectAs(f.otherPatient);
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    const heard: string[] = [];
    for (const s of [outsider.socket, other.socket]) {
      s.on('alert:raised', (e) => heard.push(e.patientId));
      s.on('alert:updated', (e) => heard.push(e.patientId));
      s.on('measurement:received', (e) => heard.push(e.patientId));
    }
    const hospital = await connectAs(f.hospital.clinician);
    const body = red();
    const delivered = nextEvent(hospital.socket, 'measurement:received', (e) => e.measurement.id === body.id);
    await patient.post('/api/measurements', body);
    await delivered;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard.filter((id) => id === f.patient.patientId)).toEqual([]);
  });

  it('refuses a socket without a valid session', async () => {
    const anonymous = new TestClient(t.baseUrl);
    await expect(anonymous.socket()).rejects.toThrow(/unauthenticated/);
    anonymous.cookie = 'naer_session=not-a-real-token';
    await expect(anonymous.socket()).rejects.toThrow(/unauthenticated/);
  });

  it('lets a client that missed events while disconnected resync from the API', async () => {
    const hospital = await connectAs(f.hospital.clinician);
    const before = await hospital.client.get<{ cursor: string }>('/api/alerts');
    hospital.socket.disconnect();
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    const body = { ...red(), kind: 'heart_rate', value: 130, unit: '/min' };
    await patient.post('/api/measurements', body);
    const missed = await hospital.client.get<{ items: Alert[] }>(`/api/alerts?after=${before.body.cursor}`);
    expect(missed.body.items.some((a) => a.lastMeasurementId === body.id && a.severity === 'red')).toBe(true);
  });
});
