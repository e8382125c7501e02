import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/client';
import type { Database } from '../../server/src/db/client';
import { runMigrations } from '../../server/src/db/migrate';
import { MAX_FAILURES_PER_ACCOUNT } from '../../server/src/modules/auth/login-throttle';
import { organisations } from '../../server/src/db/schema';
import { createFixture, createPatient, PASSWORD } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, nextEvent } from '../support/test-app';
import type { ClientSocket } from '../support/test-app';
import { setResponsibilities } from '../support/monitoring';
import { testDatabaseUrl } from '../support/test-database';
import { ServerProcess, freePort } from './server-process';

/**
 * Two real server processes (`tsx server/src/main.ts`) on loopback and one PostgreSQL database, as
 * two nodes behind a load balancer: sockets fan out through the PostgreSQL adapter, sessions and the
 * login limit live in the database, and the timed jobs never do the same work twice.
 */

/** Both nodes' job loop interval (JOB_INTERVAL_MS): short, so the two loops race several times within seconds. */
const JOB_INTERVAL_MS = 1_000;
const START_TIMEOUT_MS = 150_000;

let databaseUrl: string;
let database: Database;
let f: Fixture;
let a: ServerProcess;
let b: ServerProcess;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  const url = await testDatabaseUrl();
  if (!url) throw new Error('the fault project runs on PostgreSQL: NAER_TEST_ENGINE must be postgres');
  databaseUrl = url;
  database = await openDatabase({ databaseUrl, dataDir: 'unused', poolSize: 4 });
  await runMigrations(database);
  f = await createFixture(database);
  // The municipality is the 24/7 team: an unclaimed red at the (always open) hospital escalates to it.
  await database.db.update(organisations).set({ alwaysOpen: true, serviceHours: null }).where(eq(organisations.id, f.municipality.id));
  const [portA, portB] = [await freePort(), await freePort()];
  // Both start at once: migrations, the demo seed (node A) and the adapter's table go through the start-up lock.
  a = new ServerProcess(portA, { DATABASE_URL: databaseUrl, SEED_DEMO: 'true', NODE_ENV: 'test', JOB_INTERVAL_MS: String(JOB_INTERVAL_MS) });
  b = new ServerProcess(portB, { DATABASE_URL: databaseUrl, SEED_DEMO: 'false', NODE_ENV: 'test', JOB_INTERVAL_MS: String(JOB_INTERVAL_MS) });
  await Promise.all([a.start(START_TIMEOUT_MS), b.start(START_TIMEOUT_MS)]);
}, START_TIMEOUT_MS + 30_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  a?.killSync();
  b?.killSync();
  await database?.close();
});

async function socketOn(node: ServerProcess, user: { email: string; password: string }): Promise<ClientSocket> {
  const socket = await (await new TestClient(node.baseUrl).login(user.email, user.password)).socket();
  sockets.push(socket);
  return socket;
}

const reading = (kind: 'spo2', value: number) => ({ id: randomUUID(), kind, value, unit: '%', measuredAt: new Date(Date.now() - 60_000).toISOString(), source: 'manual' });

/** Resolves once `condition` holds, polling the database; for waits with no event to await. */
async function until<T>(what: string, timeoutMs: number, condition: () => Promise<T | undefined>): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await condition();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} within ${timeoutMs} ms`);
    await delay(250);
  }
}

/**
 * The adapter starts listening a moment after the node answers its health check: green readings
 * go to one node until a socket on the other hears one.
 */
async function waitForFanOut(listener: ClientSocket, sender: TestClient, patientId: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const body = reading('spo2', 97);
    const heard = nextEvent(listener, 'measurement:received', (e) => e.patientId === patientId && e.measurement.id === body.id, 1_000).then(
      () => true,
      () => false,
    );
    expect((await sender.post('/api/measurements', body)).status).toBe(201);
    if (await heard) return;
  }
  throw new Error('no fan-out between the nodes after 30 s');
}

describe('two nodes on one PostgreSQL', () => {
  it('tells a clinician connected to node A about a red alert submitted to node B, and the other way round', async () => {
    const hospitalOnA = await socketOn(a, f.hospital.clinician);
    const municipalityOnB = await socketOn(b, f.municipality.clinician);
    const patientOnB = await new TestClient(b.baseUrl).login(f.patient.email, f.patient.password);
    const patientOnA = await new TestClient(a.baseUrl).login(f.patient.email, f.patient.password);
    await waitForFanOut(hospitalOnA, patientOnB, f.patient.patientId);
    await waitForFanOut(municipalityOnB, patientOnA, f.patient.patientId);

    const red = reading('spo2', 85);
    const raised = Promise.all([
      nextEvent(hospitalOnA, 'alert:raised', (e) => e.alert.lastMeasurementId === red.id, 3_000),
      nextEvent(municipalityOnB, 'alert:raised', (e) => e.alert.lastMeasurementId === red.id, 3_000),
    ]);
    expect((await patientOnB.post('/api/measurements', red)).status).toBe(201);
    const [onA, onB] = await raised;
    expect(onA.alert).toMatchObject({ severity: 'red', status: 'open' });
    expect(onB.alert.id).toBe(onA.alert.id);
  });

  it('keeps events inside the care team across nodes', async () => {
    const outsiderOnA = await socketOn(a, f.outsider.clinician);
    const hospitalOnA = await socketOn(a, f.hospital.clinician);
    const patientOnB = await new TestClient(b.baseUrl).login(f.otherPatient.email, f.otherPatient.password);
    await waitForFanOut(hospitalOnA, patientOnB, f.otherPatient.patientId);
    let leaked = 0;
    outsiderOnA.on('measurement:received', () => leaked++);
    const body = reading('spo2', 96);
    const heard = nextEvent(hospitalOnA, 'measurement:received', (e) => e.measurement.id === body.id, 3_000);
    expect((await patientOnB.post('/api/measurements', body)).status).toBe(201);
    await heard;
    expect(leaked).toBe(0);
  });

  it('closes a session’s socket on node A when the session logs out on node B', async () => {
    const onA = await new TestClient(a.baseUrl).login(f.gp.clinician.email, f.gp.clinician.password);
    const socket = await onA.socket();
    sockets.push(socket);
    const onB = new TestClient(b.baseUrl);
    onB.cookie = onA.cookie;
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect((await onB.post('/api/auth/logout')).status).toBe(204);
    expect(await Promise.race([closed, delay(5_000, 'still connected')])).toBe('io server disconnect');
    expect((await onA.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a session on node B moments after it logs out on node A, though node B had just used it', async () => {
    const onA = await new TestClient(a.baseUrl).login(f.gp.clinician.email, f.gp.clinician.password);
    const onB = new TestClient(b.baseUrl);
    onB.cookie = onA.cookie;
    // Node B now has the session in its short-lived cache.
    for (let i = 0; i < 3; i++) expect((await onB.get('/api/auth/me')).status).toBe(200);
    expect((await onA.post('/api/auth/logout')).status).toBe(204);
    const started = Date.now();
    await until('node B refuses the ended session', 1_000, async () => ((await onB.get('/api/auth/me')).status === 401 ? true : undefined));
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('applies the login limit across nodes', async () => {
    const account = await createPatient(database, [f.hospital.id]);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      const node = i % 2 === 0 ? a : b;
      expect((await new TestClient(node.baseUrl).request('POST', '/api/auth/login', { email: account.email, password: 'wrong-password' })).status).toBe(401);
    }
    expect((await new TestClient(b.baseUrl).request('POST', '/api/auth/login', { email: account.email, password: PASSWORD })).status).toBe(429);
    expect((await new TestClient(a.baseUrl).request('POST', '/api/auth/login', { email: account.email, password: PASSWORD })).status).toBe(429);
  });

  it(
    'escalates overdue red alerts exactly once while both nodes run their job loop',
    async () => {
      // Three patients, three red alerts, all overdue at once: both nodes' next runs find them due.
      const patients = [await createPatient(database, [f.hospital.id, f.gp.id, f.municipality.id]), await createPatient(database, [f.hospital.id, f.gp.id, f.municipality.id]), await createPatient(database, [f.hospital.id, f.gp.id, f.municipality.id])];
      const alertIds: string[] = [];
      for (const [i, patient] of patients.entries()) {
        await setResponsibilities(database, f, patient.patientId);
        const client = await new TestClient((i % 2 === 0 ? a : b).baseUrl).login(patient.email, patient.password);
        const red = reading('spo2', 84);
        expect((await client.post('/api/measurements', red)).status).toBe(201);
        const [row] = await database.rows<{ id: string }>(sql`select id from alerts where last_measurement_id = ${red.id}::uuid`);
        if (!row) throw new Error('no alert for the red reading');
        alertIds.push(row.id);
      }
      const gpOnB = await socketOn(b, f.gp.clinician);
      const updates = new Map<string, number>();
      gpOnB.on('alert:updated', (e) => updates.set(e.alert.id, (updates.get(e.alert.id) ?? 0) + 1));

      await database.rows(sql`update alerts set claim_due_at = now() - interval '1 minute' where id in (${sql.join(alertIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
      const escalated = async () =>
        database.rows<{ alert_id: string; n: number }>(sql`
          select alert_id, count(*)::int as n from alert_events
           where type = 'escalated' and alert_id in (${sql.join(alertIds.map((id) => sql`${id}::uuid`), sql`, `)})
           group by alert_id`);
      await until('every overdue alert escalated', JOB_INTERVAL_MS + 15_000, async () => ((await escalated()).length === alertIds.length ? true : undefined));
      // Both nodes run at least once more with the alerts in the database (and nothing due any more).
      await delay(JOB_INTERVAL_MS + 5_000);

      expect((await escalated()).map((row) => row.n)).toEqual(alertIds.map(() => 1));
      const levels = await database.rows<{ escalation_level: number }>(sql`select escalation_level from alerts where id in (${sql.join(alertIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
      expect(levels.map((row) => row.escalation_level)).toEqual(alertIds.map(() => 1));
      const moved = await database.rows<{ to: string }>(sql`select data->>'to' as to from alert_events where type = 'escalated' and alert_id in (${sql.join(alertIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
      expect(moved.map((row) => row.to)).toEqual(alertIds.map(() => f.municipality.id));
      // One escalation, one notification, wherever the socket is connected.
      expect(alertIds.map((id) => updates.get(id) ?? 0)).toEqual(alertIds.map(() => 1));
    },
    2 * JOB_INTERVAL_MS + 60_000,
  );

  it('logs no adapter or job errors, and both nodes shut down cleanly on SIGTERM (the adapter’s pool closes)', async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    const [stopA, stopB] = await Promise.all([a.stop(), b.stop()]);
    expect(stopA).toMatchObject({ code: 0, graceful: true });
    expect(stopB).toMatchObject({ code: 0, graceful: true });
    for (const node of [a, b]) expect(node.logText()).not.toMatch(/socket adapter:|job .* failed|failed:/);
  });
});
