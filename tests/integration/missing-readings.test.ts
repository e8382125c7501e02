import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pause, TriageReason } from '@naer/shared';
import { ScheduleSchema } from '@naer/shared';
import { dueSlots } from '@naer/shared/domain';
import { openDatabase } from '../../server/src/db/client';
import type { Database } from '../../server/src/db/client';
import { runMigrations } from '../../server/src/db/migrate';
import { enrolments } from '../../server/src/db/schema';
import { createJobs } from '../../server/src/jobs/job-runner';
import type { Jobs } from '../../server/src/jobs/job-runner';
import { createNotifier, silentNotifier } from '../../server/src/realtime/notifier';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { DAY, HOUR, MINUTE, alertsOf, eventsOf, login, nextMondayUtc, setResponsibilities, spo2, useDemoServiceHours } from '../support/monitoring';
import { TestClock, nextEvent, startTestApp } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';
import { testDatabaseUrl, testEngine } from '../support/test-database';

let t: TestApp;
let f: Fixture;
let jobs: Jobs;
let databaseUrl: string | undefined;
const clock = new TestClock();
const sockets: ClientSocket[] = [];
/** Each test runs in its own week, so the clock only moves forward. */
const firstMonday = nextMondayUtc(0);
const SCHEDULE = { kinds: ['spo2', 'heart_rate'], phases: [{ timesPerWeek: 7 }], timeOfDay: '09:00', graceHours: 4 };

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

/** A patient enrolled the Friday before week `week`, measuring daily at 09:00 Danish time; `deadline(i)` is day i's slot + 4 h. */
async function scheduledPatient(week: number): Promise<{ account: TestUser & { patientId: string }; slot: (day: number) => Date; deadline: (day: number) => Date }> {
  const monday = new Date(firstMonday.getTime() + week * 7 * DAY);
  const enrolledAt = new Date(monday.getTime() - 3 * DAY);
  const account = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
  await setResponsibilities(t.database, f, account.patientId);
  await t.database.db.update(enrolments).set({ schedule: SCHEDULE, enrolledAt }).where(eq(enrolments.patientId, account.patientId));
  const slots = dueSlots(ScheduleSchema.parse(SCHEDULE), enrolledAt, monday, new Date(monday.getTime() + 7 * DAY));
  const slot = (day: number) => {
    const found = slots[day];
    if (!found) throw new Error(`no slot on day ${day}`);
    return found;
  };
  return { account, slot, deadline: (day) => new Date(slot(day).getTime() + 4 * HOUR) };
}

async function submitAt(account: TestUser, at: Date): Promise<void> {
  clock.set(at);
  const patient = await login(t.baseUrl, account);
  expect((await patient.post('/api/measurements', spo2(96, at))).status).toBe(201);
}

async function run(at: Date) {
  clock.set(at);
  return jobs.runMissingReadings(at);
}

async function socketAs(user: TestUser): Promise<ClientSocket> {
  const socket = await (await login(t.baseUrl, user)).socket();
  sockets.push(socket);
  return socket;
}

describe('missing readings', () => {
  it('raises one missing alert to the municipality exactly when the 4-hour grace period has passed', async () => {
    const { account, deadline } = await scheduledPatient(0);
    await submitAt(account, new Date(deadline(0).getTime() - DAY - 2 * HOUR)); // Sunday morning's reading

    await run(new Date(deadline(0).getTime() - 1));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toEqual([]);

    clock.set(deadline(0));
    const municipality = await socketAs(f.municipality.clinician);
    const raised = nextEvent(municipality, 'alert:raised', (e) => e.patientId === account.patientId && e.alert.rule === 'missing');
    await run(deadline(0));
    const event = await raised;
    expect(event.alert).toMatchObject({ severity: 'missing', status: 'open', responsibleOrgId: f.municipality.id, claimDueAt: null });
    const reason = event.alert.reasons[0] as TriageReason;
    expect(reason).toMatchObject({ code: 'schedule.missing', level: 'review' });
    expect(reason.text.da).toMatch(/Planlagt måling .* er ikke modtaget\. Ingen måling siden /);
    expect(reason.text.en).toMatch(/has not arrived\. No reading since /);

    const [alert] = await alertsOf(t.database, account.patientId, 'missing');
    expect((await eventsOf(t.database, alert?.id ?? '')).map((e) => e.type)).toEqual(['raised']);
    const audit = await t.database.rows<{ user_id: string | null }>(
      sql`select user_id from audit_log where patient_id = ${account.patientId}::uuid and action = 'raise_missing'`,
    );
    expect(audit).toEqual([{ user_id: null }]);

    // Later runs leave the one open alert as it is.
    await run(new Date(deadline(0).getTime() + HOUR));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toHaveLength(1);
  });

  it('closes the missing alert when a reading arrives, and does not raise it again for that day', async () => {
    const { account, deadline } = await scheduledPatient(1);
    await run(deadline(0));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toMatchObject([{ status: 'open' }]);

    await submitAt(account, new Date(deadline(0).getTime() + 10 * MINUTE));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toMatchObject([{ status: 'resolved', outcome: 'reading_received' }]);

    await run(new Date(deadline(0).getTime() + 2 * HOUR));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toHaveLength(1);
  });

  it('counts a reading earlier the same day, and a reading of any scheduled kind', async () => {
    const { account, slot, deadline } = await scheduledPatient(2);
    clock.set(new Date(slot(0).getTime() - 2 * HOUR));
    const patient = await login(t.baseUrl, account);
    const early = { ...spo2(96, clock.now()), kind: 'heart_rate', value: 72, unit: '/min' };
    expect((await patient.post('/api/measurements', early)).status).toBe(201);
    await run(deadline(0));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toEqual([]);
  });

  it('does not nag again about a slot a clinician already dealt with, but raises for the next missed one', async () => {
    const { account, deadline } = await scheduledPatient(3);
    await run(deadline(0));
    const [first] = await alertsOf(t.database, account.patientId, 'missing');
    await t.database.rows(sql`update alerts set status = 'resolved', resolved_at = ${deadline(0).toISOString()}::timestamptz, outcome = 'contacted_patient' where id = ${first?.id}::uuid`);

    await run(new Date(deadline(0).getTime() + 3 * HOUR));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toHaveLength(1);

    await run(deadline(1));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toMatchObject([{ status: 'resolved' }, { status: 'open' }]);
  });

  it('raises nothing for an enrolment without a schedule', async () => {
    await run(new Date(firstMonday.getTime() + 4 * 7 * DAY + 14 * HOUR));
    expect(await alertsOf(t.database, f.patient.patientId, 'missing')).toEqual([]);
  });

  it('resolves the open missing alert when monitoring is paused, raises nothing during the pause, and resumes after it', async () => {
    const { account, slot, deadline } = await scheduledPatient(5);
    await run(deadline(0));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toMatchObject([{ status: 'open' }]);

    // Admitted on Monday afternoon, home again on Wednesday at 10:00 (after Wednesday's 09:00 slot).
    clock.set(new Date(deadline(0).getTime() + 30 * MINUTE));
    const nurse = await login(t.baseUrl, f.municipality.clinician);
    const hospitalSocket = await socketAs(f.hospital.clinician);
    const closed = nextEvent(hospitalSocket, 'alert:updated', (e) => e.patientId === account.patientId && e.alert.status === 'resolved');
    const endsAt = new Date(slot(2).getTime() + HOUR);
    const paused = await nurse.post<Pause>(`/api/patients/${account.patientId}/pauses`, { endsAt: endsAt.toISOString(), reason: 'admitted' });
    expect(paused.status).toBe(201);
    expect((await closed).alert).toMatchObject({ outcome: 'monitoring_paused' });

    await run(deadline(1));
    await run(deadline(2));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toMatchObject([{ status: 'resolved', outcome: 'monitoring_paused' }]);

    await run(deadline(3));
    expect(await alertsOf(t.database, account.patientId, 'missing')).toMatchObject([{ status: 'resolved' }, { status: 'open' }]);
  });

  it('raises each missing alert exactly once when two job runners work on the same database at the same time', async () => {
    const patients = await Promise.all(Array.from({ length: 8 }, () => scheduledPatient(6)));
    const at = patients[0]?.deadline(0) ?? new Date();
    clock.set(at);
    let second: Database | undefined;
    try {
      // Two nodes need two connection pools to one PostgreSQL; PGlite is one process with one connection, so there it runs serially.
      second = testEngine() === 'postgres' ? await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 5 }) : undefined;
      const other = createJobs({ database: second ?? t.database, notifier: silentNotifier });
      const results = second ? await Promise.all([jobs.runMissingReadings(at), other.runMissingReadings(at)]) : [await jobs.runMissingReadings(at), await other.runMissingReadings(at)];
      if (!second) expect(results[1]).toEqual({ raised: 0, skipped: false });
      const [opened] = await t.database.rows<{ n: number | string }>(sql`select count(*) as n from alerts where rule = 'missing' and opened_at = ${at.toISOString()}::timestamptz`);
      expect(Number(opened?.n)).toBe(results.reduce((sum, r) => sum + r.raised, 0));
    } finally {
      await second?.close();
    }
    for (const { account } of patients) {
      const alerts = await alertsOf(t.database, account.patientId, 'missing');
      expect(alerts, account.patientId).toHaveLength(1);
      expect(await eventsOf(t.database, alerts[0]?.id ?? '')).toHaveLength(1);
    }
  });
});
