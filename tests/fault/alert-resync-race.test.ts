import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Alert, AlertList } from '@naer/shared';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

/**
 * A clinician's screen resyncs with GET /api/alerts?after=<cursor> after a reconnect. On PostgreSQL
 * transactions commit in any order: a change that commits after a later one has already been read
 * must still reach the next resync. (PGlite runs one transaction at a time, so this is PostgreSQL's.)
 */

let t: TestApp;
let f: Fixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
}, 60_000);
afterAll(async () => t?.stop());

const redSpo2 = () => ({ id: randomUUID(), kind: 'spo2', value: 85, unit: '%', measuredAt: new Date(Date.now() - 60_000).toISOString(), source: 'manual' });

describe('resync after a cursor', () => {
  it('brings a change whose transaction commits after a later change was read', async () => {
    const [slow, fast] = [await createPatient(t.database, [f.hospital.id]), await createPatient(t.database, [f.hospital.id])];
    for (const patient of [slow, fast]) {
      const client = await new TestClient(t.baseUrl).login(patient.email, patient.password);
      expect((await client.post('/api/measurements', redSpo2())).status).toBe(201);
    }
    const nurse = await new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
    const alertOf = (list: AlertList, patientId: string) => list.items.find((a: Alert) => a.patientId === patientId);
    const start = await nurse.get<AlertList>('/api/alerts');
    const slowAlert = alertOf(start.body, slow.patientId);
    expect(slowAlert).toBeDefined();

    // A transaction changes the slow patient's alert (taking its sequence number) and stays open…
    const client = t.database.postgresClient!;
    const open = await client.reserve();
    try {
      await open`begin`;
      await open`update alerts set breaches = breaches + 1, seq = nextval('alert_change_seq') where id = ${slowAlert!.id}::uuid`;
      // …while a later change to the other patient's alert commits and is read by a resync.
      const other = await new TestClient(t.baseUrl).login(fast.email, fast.password);
      expect((await other.post('/api/measurements', redSpo2())).status).toBe(201);
      const first = await nurse.get<AlertList>(`/api/alerts?after=${start.body.cursor}`);
      expect(alertOf(first.body, fast.patientId)?.breaches).toBe(2);
      expect(alertOf(first.body, slow.patientId)).toBeUndefined();
      await open`commit`;

      const next = await nurse.get<AlertList>(`/api/alerts?after=${first.body.cursor}`);
      expect(next.status).toBe(200);
      expect(alertOf(next.body, slow.patientId)?.breaches).toBe((slowAlert?.breaches ?? 0) + 1);
    } finally {
      await open`rollback`.catch(() => undefined);
      open.release();
    }
  });

  it('does not send changes again because of a long transaction in another database on the same server', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await new TestClient(t.baseUrl).login(patient.email, patient.password);
    const nurse = await new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
    const elsewhere = postgres(inject('postgresAdminUrl'), { max: 1, onnotice: () => undefined });
    const open = await elsewhere.reserve();
    try {
      // Another application's transaction on the server's default database, holding a transaction id.
      await open`begin`;
      await open`select pg_current_xact_id()`;
      expect((await client.post('/api/measurements', redSpo2())).status).toBe(201);
      const first = await nurse.get<AlertList>('/api/alerts');
      const next = await nurse.get<AlertList>(`/api/alerts?after=${first.body.cursor}`);
      expect(next.body.items.filter((a) => a.patientId === patient.patientId)).toEqual([]);
    } finally {
      await open`rollback`.catch(() => undefined);
      open.release();
      await elsewhere.end();
    }
  });
});
