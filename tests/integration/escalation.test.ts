import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/client';
import type { Database } from '../../server/src/db/client';
import { runMigrations } from '../../server/src/db/migrate';
import { createJobs, startJobs } from '../../server/src/jobs/job-runner';
import type { Jobs } from '../../server/src/jobs/job-runner';
import { createNotifier, silentNotifier } from '../../server/src/realtime/notifier';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { MINUTE, alertsOf, eventsOf, login, nextMondayUtc, setResponsibilities, spo2, useDemoServiceHours } from '../support/monitoring';
import type { StoredAlert } from '../support/monitoring';
import { TestClock, nextEvent, startTestApp } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';
import { testDatabaseUrl, testEngine } from '../support/test-database';

let t: TestApp;
let f: Fixture;
let jobs: Jobs;
let databaseUrl: string | undefined;
const clock = new TestClock();
const sockets: ClientSocket[] = [];
// Monday 09:30 UTC: the hospital (08:00-15:30 Danish time) is open; 22:00 UTC it is closed.
const mondayMorning = nextMondayUtc(9, 30);
const mondayNight = nextMondayUtc(22, 0);

beforeAll(async () => {
  databaseUrl = await testDatabaseUrl();
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 10 });
  await runMigrations(database);
  t = await startTestApp({ clock, database });
  f = await createFixture(t.database);
  await useDemoServiceHours(t.database, f);
  jobs = createJobs({ database: t.database, notifier: createNotifier(t.app.io) });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.stop();
});

/** A new patient on the fixture's care team with one open red SpO2 alert raised at `at`. */
async function redAlert(at: Date, gp: string[] = ['yellow']): Promise<{ patientId: string; alert: StoredAlert }> {
  clock.set(at);
  const account = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
  await setResponsibilities(t.database, f, account.patientId, gp);
  const patient = await login(t.baseUrl, account);
  expect((await patient.post('/api/measurements', spo2(85, new Date(at.getTime() - MINUTE)))).status).toBe(201);
  const [alert] = await alertsOf(t.database, account.patientId, 'spo2');
  if (!alert) throw new Error('the red reading opened no alert');
  return { patientId: account.patientId, alert };
}

const alertById = async (id: string) => {
  const [row] = await t.database.rows<StoredAlert>(sql`select * from alerts where id = ${id}::uuid`);
  if (!row) throw new Error(`no alert ${id}`);
  return row;
};
const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

async function socketAs(user: Fixture['municipality']['clinician']): Promise<ClientSocket> {
  const socket = await (await login(t.baseUrl, user)).socket();
  sockets.push(socket);
  return socket;
}

describe('escalation of unclaimed red alerts', () => {
  it('leaves a red alert with the hospital until its claim time has passed', async () => {
    const { alert } = await redAlert(mondayMorning);
    expect(alert).toMatchObject({ severity: 'red', status: 'open', responsible_org_id: f.hospital.id, escalation_level: 0 });
    expect(iso(alert.claim_due_at)).toBe(new Date(mondayMorning.getTime() + 30 * MINUTE).toISOString());

    await jobs.runEscalation(new Date(mondayMorning.getTime() + 30 * MINUTE - 1));
    expect(await alertById(alert.id)).toMatchObject({ responsible_org_id: f.hospital.id, escalation_level: 0 });
    expect(await eventsOf(t.database, alert.id)).toEqual([expect.objectContaining({ type: 'raised' })]);
  });

  it('escalates once to the municipal 24/7 team after 30 minutes, tells every care-team screen, and audits it as the system', async () => {
    const { alert, patientId } = await redAlert(mondayMorning);
    const due = new Date(mondayMorning.getTime() + 30 * MINUTE);
    clock.set(due);
    const municipality = await socketAs(f.municipality.clinician);
    const hospital = await socketAs(f.hospital.clinician);
    const heard = Promise.all([
      nextEvent(municipality, 'alert:updated', (e) => e.alert.id === alert.id),
      nextEvent(hospital, 'alert:updated', (e) => e.alert.id === alert.id),
    ]);

    const result = await jobs.runEscalation(due);
    expect(result.escalated).toBeGreaterThanOrEqual(1);
    const [event] = await heard;
    expect(event.alert).toMatchObject({ responsibleOrgId: f.municipality.id, escalationLevel: 1, status: 'open', claimDueAt: new Date(due.getTime() + 30 * MINUTE).toISOString() });

    const events = await eventsOf(t.database, alert.id);
    expect(events.map((e) => e.type)).toEqual(['raised', 'escalated']);
    expect(events[1]).toMatchObject({ actor_id: null, data: { from: f.hospital.id, to: f.municipality.id, level: 1 } });
    const audit = await t.database.rows<{ user_id: string | null; action: string }>(
      sql`select user_id, action from audit_log where patient_id = ${patientId}::uuid and resource = 'alert' and action = 'escalate'`,
    );
    expect(audit).toEqual([{ user_id: null, action: 'escalate' }]);

    // Running again at the same moment finds nothing more to do for this alert.
    await jobs.runEscalation(due);
    expect((await eventsOf(t.database, alert.id)).filter((e) => e.type === 'escalated')).toHaveLength(1);
  });

  it('goes to the GP first when the GP answers for red and is open, then to the 24/7 team, then stops', async () => {
    const { alert } = await redAlert(mondayMorning, ['red', 'yellow']);
    const first = new Date(mondayMorning.getTime() + 30 * MINUTE);
    await jobs.runEscalation(first);
    expect(await alertById(alert.id)).toMatchObject({ responsible_org_id: f.gp.id, escalation_level: 1 });

    const second = new Date(first.getTime() + 30 * MINUTE);
    await jobs.runEscalation(second);
    expect(await alertById(alert.id)).toMatchObject({ responsible_org_id: f.municipality.id, escalation_level: 2 });

    // Nowhere further: the deadline is cleared so the alert is not picked again, and the timeline says so.
    const third = new Date(second.getTime() + 30 * MINUTE);
    await jobs.runEscalation(third);
    const last = await alertById(alert.id);
    expect(last).toMatchObject({ responsible_org_id: f.municipality.id, escalation_level: 2, claim_due_at: null, status: 'open' });
    await jobs.runEscalation(new Date(third.getTime() + 60 * MINUTE));
    expect((await eventsOf(t.database, alert.id)).map((e) => e.type)).toEqual(['raised', 'escalated', 'escalated', 'escalation_exhausted']);
  });

  it('routes a red outside service hours straight to the 24/7 team, which is the end of the chain', async () => {
    const { alert } = await redAlert(mondayNight);
    expect(alert).toMatchObject({ responsible_org_id: f.municipality.id, escalation_level: 0 });
    await jobs.runEscalation(new Date(mondayNight.getTime() + 30 * MINUTE));
    expect(await alertById(alert.id)).toMatchObject({ responsible_org_id: f.municipality.id, escalation_level: 0, claim_due_at: null });
    expect((await eventsOf(t.database, alert.id)).map((e) => e.type)).toEqual(['raised', 'escalation_exhausted']);
  });

  it('leaves claimed and resolved alerts alone', async () => {
    const claimed = await redAlert(mondayMorning);
    await t.database.rows(sql`update alerts set status = 'claimed', claimed_at = ${mondayMorning.toISOString()}::timestamptz where id = ${claimed.alert.id}::uuid`);
    const resolved = await redAlert(mondayMorning);
    await t.database.rows(sql`update alerts set status = 'resolved', resolved_at = ${mondayMorning.toISOString()}::timestamptz where id = ${resolved.alert.id}::uuid`);
    await jobs.runEscalation(new Date(mondayMorning.getTime() + 2 * 60 * MINUTE));
    expect(await alertById(claimed.alert.id)).toMatchObject({ status: 'claimed', responsible_org_id: f.hospital.id, escalation_level: 0 });
    expect(await alertById(resolved.alert.id)).toMatchObject({ status: 'resolved', escalation_level: 0 });
  });

  it('escalates each alert exactly once when two job runners work on the same database at the same time', async () => {
    const created = await Promise.all(Array.from({ length: 12 }, () => redAlert(mondayMorning)));
    const due = new Date(mondayMorning.getTime() + 31 * MINUTE);
    let second: Database | undefined;
    try {
      // Two nodes need two connection pools to one PostgreSQL; PGlite is one process with one connection, so there it runs serially.
      second = testEngine() === 'postgres' ? await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 5 }) : undefined;
      const other = createJobs({ database: second ?? t.database, notifier: silentNotifier });
      const results = second ? await Promise.all([jobs.runEscalation(due), other.runEscalation(due)]) : [await jobs.runEscalation(due), await other.runEscalation(due)];
      if (!second) expect(results[1]).toEqual({ escalated: 0, exhausted: 0 });
      // Every escalation the two runners report is one event in the database: none was done twice.
      const [events] = await t.database.rows<{ n: number | string }>(sql`select count(*) as n from alert_events where type = 'escalated' and at = ${due.toISOString()}::timestamptz`);
      expect(Number(events?.n)).toBe(results.reduce((sum, r) => sum + r.escalated, 0));
      expect(results.reduce((sum, r) => sum + r.escalated, 0)).toBeGreaterThanOrEqual(created.length);
    } finally {
      await second?.close();
    }
    for (const { alert } of created) {
      const escalations = (await eventsOf(t.database, alert.id)).filter((e) => e.type === 'escalated');
      expect(escalations, `alert ${alert.id}`).toHaveLength(1);
      expect(await alertById(alert.id)).toMatchObject({ responsible_org_id: f.municipality.id, escalation_level: 1 });
    }
  });

  it('runs on its own timer from startJobs and stops cleanly', async () => {
    const { alert } = await redAlert(mondayMorning);
    clock.set(new Date(mondayMorning.getTime() + 45 * MINUTE));
    const hospital = await socketAs(f.hospital.clinician);
    const escalated = nextEvent(hospital, 'alert:updated', (e) => e.alert.id === alert.id && e.alert.escalationLevel === 1, 5_000);
    const running = startJobs({ database: t.database, clock, notifier: createNotifier(t.app.io), intervalMs: 60_000, log: () => undefined });
    try {
      expect((await escalated).alert.responsibleOrgId).toBe(f.municipality.id);
    } finally {
      await running.stop();
    }
  });
});
