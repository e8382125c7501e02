import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement, MeasurementReview, Pause, PatientSummary, ReviewAllResult, ReviewList, ScheduleView } from '@naer/shared';
import { enrolments } from '../../server/src/db/schema';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { DAY, HOUR, MINUTE, login, spo2 } from '../support/monitoring';
import { TestClock, nextEvent, startTestApp } from '../support/test-app';
import type { TestClient } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

let t: TestApp;
let f: Fixture;
let nurse: TestClient;
let gp: TestClient;
let outsider: TestClient;
let admin: TestClient;
const clock = new TestClock();
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestApp({ clock });
  f = await createFixture(t.database);
  [nurse, gp, outsider, admin] = await Promise.all([login(t.baseUrl, f.hospital.clinician), login(t.baseUrl, f.gp.clinician), login(t.baseUrl, f.outsider.clinician), login(t.baseUrl, f.admin)]);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.stop();
});

const team = () => [f.hospital.id, f.gp.id, f.municipality.id];
const inDays = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();
const board = async (client: TestClient, patientId: string) => (await client.get<{ items: PatientSummary[] }>('/api/patients')).body.items.find((p) => p.id === patientId);

async function socketAs(user: TestUser): Promise<ClientSocket> {
  const socket = await (await login(t.baseUrl, user)).socket();
  sockets.push(socket);
  return socket;
}

describe('pausing monitoring', () => {
  it('pauses a patient with a reason, shows it on the board and tells the care team', async () => {
    const account = await createPatient(t.database, team());
    const socket = await socketAs(f.municipality.clinician);
    const updated = nextEvent(socket, 'patient:updated', (e) => e.patientId === account.patientId);

    const endsAt = inDays(5);
    const res = await nurse.post<Pause>(`/api/patients/${account.patientId}/pauses`, { endsAt, reason: 'admitted', note: 'Indlagt på lungemedicinsk afdeling' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      patientId: account.patientId,
      endsAt,
      reason: 'admitted',
      note: 'Indlagt på lungemedicinsk afdeling',
      status: 'active',
      cancelledAt: null,
      createdBy: { id: f.hospital.clinician.id, displayName: 'hospital-nurse' },
    });
    expect((await updated).change).toBe('pause');
    expect((await board(gp, account.patientId))?.pausedUntil).toBe(endsAt);

    const list = await gp.get<{ items: Pause[] }>(`/api/patients/${account.patientId}/pauses`);
    expect(list.body.items.map((p) => p.id)).toEqual([res.body.id]);
    const audit = await t.database.rows<{ user_id: string; action: string }>(
      sql`select user_id, action from audit_log where patient_id = ${account.patientId}::uuid and resource = 'pause' and action = 'create'`,
    );
    expect(audit).toEqual([{ user_id: f.hospital.clinician.id, action: 'create' }]);
  });

  it('ends a pause now when cancelled, answers the same when cancelled twice, and refuses to cancel an ended one', async () => {
    const account = await createPatient(t.database, team());
    const created = await nurse.post<Pause>(`/api/patients/${account.patientId}/pauses`, { endsAt: inDays(3), reason: 'holiday' });
    const socket = await socketAs(f.hospital.clinician);
    const updated = nextEvent(socket, 'patient:updated', (e) => e.patientId === account.patientId);

    const cancelled = await gp.post<Pause>(`/api/pauses/${created.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledAt: clock.now().toISOString() });
    await updated;
    expect((await board(nurse, account.patientId))?.pausedUntil).toBeNull();
    expect((await gp.post<Pause>(`/api/pauses/${created.body.id}/cancel`)).body).toEqual(cancelled.body);

    const short = await nurse.post<Pause>(`/api/patients/${account.patientId}/pauses`, { endsAt: new Date(clock.now().getTime() + HOUR).toISOString(), reason: 'holiday' });
    expect(short.status).toBe(201);
    clock.advance(2 * HOUR);
    const late = await nurse.post<ErrorBody>(`/api/pauses/${short.body.id}/cancel`);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/already ended/);
  });

  it('plans a pause that starts later, and refuses one that overlaps it', async () => {
    const account = await createPatient(t.database, team());
    const planned = await nurse.post<Pause>(`/api/patients/${account.patientId}/pauses`, { startsAt: inDays(2), endsAt: inDays(9), reason: 'holiday' });
    expect(planned.body.status).toBe('scheduled');
    expect((await board(nurse, account.patientId))?.pausedUntil).toBeNull();

    const overlap = await nurse.post<ErrorBody>(`/api/patients/${account.patientId}/pauses`, { endsAt: inDays(3), reason: 'admitted' });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.message).toMatch(/already paused .* Cancel that pause first/);

    const before = await nurse.post<Pause>(`/api/patients/${account.patientId}/pauses`, { endsAt: inDays(1), reason: 'admitted' });
    expect(before.status).toBe(201);
  });

  it('refuses bad pause input with a message naming the field', async () => {
    const account = await createPatient(t.database, team());
    const path = `/api/patients/${account.patientId}/pauses`;
    const cases: Array<[unknown, RegExp]> = [
      [{ reason: 'holiday' }, /endsAt/],
      [{ endsAt: 'tomorrow', reason: 'holiday' }, /endsAt.*ISO 8601/],
      [{ endsAt: inDays(2), reason: 'sick' }, /reason must be one of admitted, holiday, other/],
      [{ endsAt: inDays(2), reason: 'other' }, /note is required when reason is other/],
      [{ startsAt: inDays(3), endsAt: inDays(2), reason: 'holiday' }, /endsAt must be after startsAt/],
      [{ endsAt: inDays(-1), reason: 'holiday' }, /endsAt: lies in the past/],
      [{ startsAt: inDays(-10), endsAt: inDays(2), reason: 'holiday' }, /startsAt: may be at most 7 days ago/],
      [{ endsAt: inDays(400), reason: 'holiday' }, /at most 180 days/],
      [{ endsAt: inDays(2), reason: 'holiday', extra: 1 }, /extra/],
    ];
    for (const [body, message] of cases) {
      const res = await nurse.post<ErrorBody>(path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await nurse.get<{ items: Pause[] }>(`/api/patients/${account.patientId}/pauses`)).body.items).toEqual([]);
  });

  it('lets only clinicians on the care team pause or cancel', async () => {
    const account = await createPatient(t.database, team());
    const body = { endsAt: inDays(2), reason: 'holiday' };
    expect((await outsider.post(`/api/patients/${account.patientId}/pauses`, body)).status).toBe(403);
    expect((await admin.post(`/api/patients/${account.patientId}/pauses`, body)).status).toBe(403);
    const patient = await login(t.baseUrl, account);
    expect((await patient.post(`/api/patients/${account.patientId}/pauses`, body)).status).toBe(403);
    expect((await outsider.get(`/api/patients/${account.patientId}/pauses`)).status).toBe(403);
    expect((await nurse.post(`/api/patients/${randomUUID()}/pauses`, body)).status).toBe(404);

    const created = await nurse.post<Pause>(`/api/patients/${account.patientId}/pauses`, body);
    expect((await outsider.post(`/api/pauses/${created.body.id}/cancel`)).status).toBe(403);
    expect((await nurse.post(`/api/pauses/${randomUUID()}/cancel`)).status).toBe(404);
    // A malformed id is bad input, named: not an unknown pause.
    expect((await nurse.post('/api/pauses/not-an-id/cancel')).status).toBe(400);
    // The patient can see that monitoring is paused.
    expect((await patient.get<{ items: Pause[] }>(`/api/patients/${account.patientId}/pauses`)).body.items).toHaveLength(1);
  });
});

describe('reviewing readings', () => {
  async function readings(values: number[]): Promise<{ account: TestUser & { patientId: string }; measurements: Measurement[] }> {
    const account = await createPatient(t.database, team());
    const patient = await login(t.baseUrl, account);
    const measurements: Measurement[] = [];
    for (const [i, value] of values.entries()) {
      const res = await patient.post<Measurement>('/api/measurements', spo2(value, new Date(clock.now().getTime() - (values.length - i) * MINUTE)));
      expect(res.status).toBe(201);
      measurements.push(res.body);
    }
    return { account, measurements };
  }

  it('marks one green reading reviewed with who and when, once, and tells the care team', async () => {
    const { account, measurements } = await readings([96]);
    const id = measurements[0]?.id ?? '';
    const socket = await socketAs(f.municipality.clinician);
    const heard = nextEvent(socket, 'measurement:reviewed', (e) => e.patientId === account.patientId);

    const res = await nurse.post<MeasurementReview>(`/api/measurements/${id}/review`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ measurementId: id, reviewedAt: clock.now().toISOString(), reviewedBy: { id: f.hospital.clinician.id, displayName: 'hospital-nurse' } });
    expect(await heard).toMatchObject({ measurementIds: [id], reviewedBy: { id: f.hospital.clinician.id } });

    clock.advance(MINUTE);
    const again = await gp.post<MeasurementReview>(`/api/measurements/${id}/review`);
    expect(again.body).toEqual(res.body);

    const reviews = await gp.get<ReviewList>(`/api/patients/${account.patientId}/reviews`);
    expect(reviews.body).toEqual({ items: [res.body], unreviewed: 0 });
  });

  it('refuses to mark a red reading reviewed, saying to handle it through its alert', async () => {
    const { measurements } = await readings([85]);
    const res = await nurse.post<ErrorBody>(`/api/measurements/${measurements[0]?.id ?? ''}/review`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/only green and questionable readings .* through its alert/);
    const [row] = await t.database.rows<{ reviewed_at: string | null }>(sql`select reviewed_at from measurements where id = ${measurements[0]?.id ?? ''}::uuid`);
    expect(row?.reviewed_at).toBeNull();
  });

  it('marks a questionable reading reviewed', async () => {
    const account = await createPatient(t.database, team());
    const patient = await login(t.baseUrl, account);
    const reading = await patient.post<Measurement>('/api/measurements', { ...spo2(93, new Date(clock.now().getTime() - MINUTE)), source: 'device', quality: 'questionable' });
    expect(reading.body.triage.level).toBe('questionable');
    expect((await nurse.post(`/api/measurements/${reading.body.id}/review`)).status).toBe(200);
  });

  it('marks all of a patient’s unreviewed green readings reviewed at once, up to what the clinician saw', async () => {
    const { account, measurements } = await readings([96, 95, 85, 97]);
    const [a, b, red, d] = measurements;
    const upTo = d?.receivedAt;
    clock.advance(MINUTE);
    // A reading arriving after the clinician looked stays unreviewed.
    const patient = await login(t.baseUrl, account);
    const later = await patient.post<Measurement>('/api/measurements', spo2(96, clock.now()));
    const socket = await socketAs(f.gp.clinician);
    const heard = nextEvent(socket, 'measurement:reviewed', (e) => e.patientId === account.patientId);

    const res = await nurse.post<ReviewAllResult>(`/api/patients/${account.patientId}/measurements/review-all`, { upTo });
    expect(res.status).toBe(200);
    expect([...res.body.measurementIds].sort()).toEqual([a?.id, b?.id, d?.id].sort());
    expect(res.body.reviewedBy).toEqual({ id: f.hospital.clinician.id, displayName: 'hospital-nurse' });
    expect((await heard).measurementIds).toHaveLength(3);

    const reviews = await gp.get<ReviewList>(`/api/patients/${account.patientId}/reviews`);
    expect(reviews.body.unreviewed).toBe(1);
    expect(reviews.body.items.map((r) => r.measurementId)).not.toContain(red?.id);

    // Without a body it takes everything up to now; a second call finds nothing left.
    const rest = await nurse.post<ReviewAllResult>(`/api/patients/${account.patientId}/measurements/review-all`);
    expect(rest.body.measurementIds).toEqual([later.body.id]);
    expect((await nurse.post<ReviewAllResult>(`/api/patients/${account.patientId}/measurements/review-all`)).body.measurementIds).toEqual([]);
  });

  it('lets only clinicians on the care team review, and names bad input', async () => {
    const { account, measurements } = await readings([96]);
    const id = measurements[0]?.id ?? '';
    expect((await outsider.post(`/api/measurements/${id}/review`)).status).toBe(403);
    expect((await admin.post(`/api/measurements/${id}/review`)).status).toBe(403);
    expect((await (await login(t.baseUrl, account)).post(`/api/measurements/${id}/review`)).status).toBe(403);
    expect((await outsider.post(`/api/patients/${account.patientId}/measurements/review-all`)).status).toBe(403);
    expect((await nurse.post(`/api/measurements/${randomUUID()}/review`)).status).toBe(404);
    const bad = await nurse.post<ErrorBody>(`/api/patients/${account.patientId}/measurements/review-all`, { upTo: 'now' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/upTo.*ISO 8601/);
    const [row] = await t.database.rows<{ reviewed_at: string | null }>(sql`select reviewed_at from measurements where id = ${id}::uuid`);
    expect(row?.reviewed_at).toBeNull();
  });
});

describe('the schedule view', () => {
  it('shows the schedule, the next scheduled times, the pause in force and an overdue reading', async () => {
    const account = await createPatient(t.database, team());
    const enrolledAt = new Date(clock.now().getTime() - 3 * DAY);
    const schedule = { kinds: ['spo2'], phases: [{ days: 14, timesPerWeek: 7 }, { timesPerWeek: 2 }], timeOfDay: '09:00', graceHours: 4 };
    await t.database.db.update(enrolments).set({ schedule, enrolledAt }).where(eq(enrolments.patientId, account.patientId));

    const view = await nurse.get<ScheduleView>(`/api/patients/${account.patientId}/schedule`);
    expect(view.status).toBe(200);
    expect(view.body.enrolments).toMatchObject([{ programme: 'copd', enrolledAt: enrolledAt.toISOString(), schedule }]);
    expect(view.body.nextSlots).toHaveLength(7);
    expect(view.body.pause).toBeNull();
    expect(view.body.lastReadingAt).toBeNull();
    // Nothing measured for three days: a slot is overdue.
    expect(view.body.overdue).not.toBeNull();

    const pause = await nurse.post<Pause>(`/api/patients/${account.patientId}/pauses`, { endsAt: inDays(2.5), reason: 'holiday' });
    const paused = await nurse.get<ScheduleView>(`/api/patients/${account.patientId}/schedule`);
    expect(paused.body.pause?.id).toBe(pause.body.id);
    expect(paused.body.overdue).toBeNull();
    expect(paused.body.nextSlots.every((s) => s >= pause.body.endsAt)).toBe(true);

    const patient = await login(t.baseUrl, account);
    expect((await patient.get(`/api/patients/${account.patientId}/schedule`)).status).toBe(200);
    expect((await outsider.get(`/api/patients/${account.patientId}/schedule`)).status).toBe(403);
  });

  it('shows an enrolment without a valid schedule as null', async () => {
    const account = await createPatient(t.database, team());
    const view = await nurse.get<ScheduleView>(`/api/patients/${account.patientId}/schedule`);
    expect(view.body).toMatchObject({ enrolments: [{ schedule: null }], nextSlots: [], overdue: null });
  });
});
