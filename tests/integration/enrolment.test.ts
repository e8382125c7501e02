import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { ActivationProblem } from '@naer/shared';
import type { EnrolmentResponse, Measurement, OrganisationList, PatientLimits } from '@naer/shared';
import { auditLog, careTeamMembers, enrolments, followUpOwners, invitations, patientLimits, patients, users } from '../../server/src/db/schema';
import { createFixture } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, TestClock, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

const DAY = 86_400_000;
let t: TestApp;
let f: Fixture;
const clock = new TestClock();

beforeAll(async () => {
  t = await startTestApp({ clock });
  f = await createFixture(t.database);
});
afterAll(async () => t.stop());

interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

const unique = () => randomUUID().slice(0, 8);

function enrolment(overrides: Record<string, unknown> = {}) {
  return {
    patient: { name: `Indskrevet Patient ${unique()}`, birthDate: '1950-04-01' },
    programmes: ['copd'],
    careTeam: [
      { organisationId: f.hospital.id, responsibilities: ['red', 'yellow', 'limits'] },
      { organisationId: f.gp.id, responsibilities: ['yellow', 'medication'] },
      { organisationId: f.municipality.id, responsibilities: ['missing', 'home_visit', 'acute'], claimWithinMinutes: 15 },
    ],
    ...overrides,
  };
}

const hospitalClient = () => new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
const email = () => `aktiveret-${unique()}@test.naer.dk`;

async function enrol(body: Record<string, unknown> = enrolment()): Promise<EnrolmentResponse> {
  const res = await (await hospitalClient()).post<EnrolmentResponse>('/api/enrolments', body);
  if (res.status !== 201) throw new Error(`enrolment failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const countPatients = async () => (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from patients`))[0]?.n ?? 0;

describe('POST /api/enrolments', () => {
  it('creates the patient, enrolment with schedule, care team, default limits and a one-time code in one go', async () => {
    const client = await hospitalClient();
    const res = await client.post<EnrolmentResponse>('/api/enrolments', enrolment({ programmes: ['copd', 'heart_failure'] }));
    expect(res.status).toBe(201);
    const { patient, activation, careTeam, schedule } = res.body;
    expect(activation.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(new Date(activation.expiresAt).getTime() - clock.now().getTime()).toBe(14 * DAY);
    expect(careTeam.map((m) => [m.organisation.id, m.escalationOrder, m.claimWithinMinutes])).toEqual([
      [f.hospital.id, 0, 30],
      [f.gp.id, 1, 30],
      [f.municipality.id, 2, 15],
    ]);
    expect(schedule).toEqual({
      kinds: ['spo2', 'heart_rate', 'body_temperature', 'body_weight', 'blood_pressure'],
      phases: [{ days: 14, timesPerWeek: 7 }, { timesPerWeek: 2 }],
      timeOfDay: '09:00',
      graceHours: 4,
    });

    const [stored] = await t.database.db.select().from(patients).where(eq(patients.id, patient.id));
    expect(stored).toMatchObject({ birthDate: '1950-04-01', userId: null });
    const rows = await t.database.db.select().from(enrolments).where(eq(enrolments.patientId, patient.id));
    expect(rows.map((r) => r.programme).sort()).toEqual(['copd', 'heart_failure']);
    expect(rows.every((r) => r.enrolledBy === f.hospital.clinician.id && JSON.stringify(r.schedule) === JSON.stringify(schedule))).toBe(true);
    const team = await t.database.db.select().from(careTeamMembers).where(eq(careTeamMembers.patientId, patient.id));
    expect(team.find((m) => m.organisationId === f.municipality.id)?.responsibilities).toEqual(['missing', 'home_visit', 'acute']);

    const limits = await t.database.db.select().from(patientLimits).where(eq(patientLimits.patientId, patient.id));
    expect(limits).toHaveLength(7);
    expect(limits.every((l) => l.setBy === f.hospital.clinician.id && l.reason === 'Programmets standardgrænser ved indskrivning')).toBe(true);
    // Both programmes: heart-failure SpO2 red < 92 joins COPD's red < 88.
    expect(limits.find((l) => l.kind === 'spo2')?.rules.absolute).toContainEqual({ level: 'red', op: 'lt', value: 92 });

    const [owner] = await t.database.db.select().from(followUpOwners).where(eq(followUpOwners.patientId, patient.id));
    expect(owner?.organisationId).toBe(f.hospital.id);
  });

  it('stores only a hash of the activation code, and keeps names out of the audit log', async () => {
    const { patient, activation } = await enrol();
    const [invitation] = await t.database.db.select().from(invitations).where(eq(invitations.patientId, patient.id));
    expect(invitation).toMatchObject({ kind: 'patient_activation', usedAt: null, createdBy: f.hospital.clinician.id });
    expect(invitation?.codeHash).not.toContain(activation.code.replace(/-/g, ''));
    const audits = await t.database.db.select().from(auditLog).where(and(eq(auditLog.patientId, patient.id), eq(auditLog.resource, 'enrolment')));
    expect(audits).toHaveLength(1);
    const text = JSON.stringify(audits);
    expect(text).not.toContain(patient.name);
    expect(text).not.toContain('1950-04-01');
    expect(text).not.toContain(activation.code);
  });

  it('puts the new patient on the care team organisations\u2019 boards and nowhere else', async () => {
    const { patient } = await enrol();
    const gp = await new TestClient(t.baseUrl).login(f.gp.clinician.email, f.gp.clinician.password);
    const board = await gp.get<{ items: Array<{ id: string }> }>('/api/patients');
    expect(board.body.items.map((p) => p.id)).toContain(patient.id);
    const outsider = await new TestClient(t.baseUrl).login(f.outsider.clinician.email, f.outsider.clinician.password);
    expect((await outsider.get(`/api/patients/${patient.id}`)).status).toBe(403);
  });

  it('uses the schedule the clinician chose', async () => {
    const schedule = { kinds: ['spo2'], phases: [{ days: 7, timesPerWeek: 7 }, { weekdays: [1, 3, 5] }], timeOfDay: '08:30', graceHours: 6 };
    const { patient, schedule: stored } = await enrol(enrolment({ schedule }));
    expect(stored).toEqual(schedule);
    const [row] = await t.database.db.select().from(enrolments).where(eq(enrolments.patientId, patient.id));
    expect(row?.schedule).toEqual(schedule);
  });

  it.each([
    ['a GP', () => f.gp.clinician],
    ['a municipal nurse', () => f.municipality.clinician],
    ['an administrator', () => f.admin],
    ['a patient', () => f.patient],
  ])('refuses %s with 403 and a clear message, and audits the refusal', async (_who, user) => {
    const before = await countPatients();
    const client = await new TestClient(t.baseUrl).login(user().email, user().password);
    const res = await client.post<ErrorBody>('/api/enrolments', enrolment());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/hospital department/);
    expect(await countPatients()).toBe(before);
    const refused = await t.database.db.select().from(auditLog).where(and(eq(auditLog.userId, user().id), eq(auditLog.resource, 'enrolment'), eq(auditLog.outcome, 'refused')));
    expect(refused.length).toBeGreaterThanOrEqual(1);
  });

  it('answers 401 without a session', async () => {
    expect((await new TestClient(t.baseUrl).post('/api/enrolments', enrolment())).status).toBe(401);
  });

  it.each([
    ['a missing name', { patient: { birthDate: '1950-04-01' } }, 'patient.name'],
    ['a CPR number in the name', { patient: { name: 'Karen 120348-1234', birthDate: '1948-03-12' } }, 'patient.name'],
    ['a malformed birth date', { patient: { name: 'Karen Test', birthDate: '12-03-1948' } }, 'patient.birthDate'],
    ['no programme', { programmes: [] }, 'programmes'],
    ['an unknown programme', { programmes: ['asthma'] }, 'programmes.0'],
    ['an unknown responsibility', { careTeam: [{ organisationId: randomUUID(), responsibilities: ['red', 'yellow', 'missing', 'coffee'] }] }, 'careTeam.0.responsibilities.3'],
    ['a too short claim time', { careTeam: [{ organisationId: randomUUID(), responsibilities: ['red', 'yellow', 'missing'], claimWithinMinutes: 1 }] }, 'careTeam.0.claimWithinMinutes'],
    ['nobody answering for missing readings', { careTeam: [{ organisationId: randomUUID(), responsibilities: ['red', 'yellow'] }] }, 'careTeam'],
    ['a schedule phase without an end before the last', { schedule: { kinds: ['spo2'], phases: [{ timesPerWeek: 7 }, { timesPerWeek: 2 }] } }, 'schedule.phases.0.days'],
    ['an unknown field', { cpr: '1203481234' }, '(body)'],
  ])('answers %s with 400 naming the field, and stores nothing', async (_case, override, path) => {
    const before = await countPatients();
    const res = await (await hospitalClient()).post<ErrorBody>('/api/enrolments', enrolment(override));
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toContain(path);
    expect(await countPatients()).toBe(before);
  });

  it('refuses the same organisation twice', async () => {
    const res = await (await hospitalClient()).post<ErrorBody>(
      '/api/enrolments',
      enrolment({ careTeam: [{ organisationId: f.hospital.id, responsibilities: ['red', 'yellow', 'missing'] }, { organisationId: f.hospital.id, responsibilities: ['limits'] }] }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toContain('careTeam.1.organisationId');
  });

  it('refuses an organisation id that does not exist, naming its place in the list', async () => {
    const careTeam = [
      { organisationId: f.hospital.id, responsibilities: ['red', 'yellow'] },
      { organisationId: randomUUID(), responsibilities: ['missing'] },
    ];
    const res = await (await hospitalClient()).post<ErrorBody>('/api/enrolments', enrolment({ careTeam }));
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toEqual(['careTeam.1.organisationId']);
    expect(res.body.error.message).toMatch(/choose one from the list/);
  });

  it('requires the enrolling department on the care team, so the clinician can follow the patient', async () => {
    const careTeam = [{ organisationId: f.gp.id, responsibilities: ['red', 'yellow', 'missing'] }];
    const res = await (await hospitalClient()).post<ErrorBody>('/api/enrolments', enrolment({ careTeam }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/your own department/);
  });

  it('refuses a birth date in the future', async () => {
    const res = await (await hospitalClient()).post<ErrorBody>('/api/enrolments', enrolment({ patient: { name: 'Fremtidig Patient', birthDate: '2999-01-01' } }));
    expect(res.status).toBe(400);
    expect(res.body.error.details?.[0]?.path).toBe('patient.birthDate');
  });
});

describe('GET /api/organisations', () => {
  it('lists organisations of one type for the care-team picker, with service hours', async () => {
    const client = await hospitalClient();
    const res = await client.get<OrganisationList>('/api/organisations?type=gp');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((o) => o.type === 'gp')).toBe(true);
    expect(res.body.items.map((o) => o.id)).toContain(f.gp.id);
    expect(Object.keys(res.body.items[0] ?? {}).sort()).toEqual(['alwaysOpen', 'id', 'name', 'serviceHours', 'type']);
    const all = await client.get<OrganisationList>('/api/organisations');
    expect(new Set(all.body.items.map((o) => o.type))).toEqual(new Set(['hospital', 'gp', 'municipality']));
  });

  it('answers a bad type with 400 and refuses patients', async () => {
    expect((await (await hospitalClient()).get('/api/organisations?type=pharmacy')).status).toBe(400);
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    expect((await patient.get('/api/organisations')).status).toBe(403);
  });
});

describe('POST /api/auth/activate', () => {
  it('creates the patient\u2019s login, links it to the patient and logs them in', async () => {
    const { patient, activation } = await enrol();
    const address = email();
    const client = new TestClient(t.baseUrl);
    const res = await client.post<{ user: { role: string; patientId: string; displayName: string } }>('/api/auth/activate', { code: activation.code, email: address, password: 'et-godt-kodeord' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ role: 'patient', patientId: patient.id, displayName: patient.name });
    expect((await client.get('/api/auth/me')).body).toMatchObject({ user: { email: address, patientId: patient.id } });

    const [linked] = await t.database.db.select({ userId: patients.userId }).from(patients).where(eq(patients.id, patient.id));
    const [account] = await t.database.db.select().from(users).where(eq(users.email, address));
    expect(linked?.userId).toBe(account?.id);
    expect(account?.passwordHash).toMatch(/^\$argon2id\$/);
    const [invitation] = await t.database.db.select().from(invitations).where(eq(invitations.patientId, patient.id));
    expect(invitation).toMatchObject({ usedBy: account?.id });
    expect(invitation?.usedAt).not.toBeNull();

    // The new login works with the password they chose, and their first reading is triaged with the programme's limits.
    const again = await new TestClient(t.baseUrl).login(address, 'et-godt-kodeord');
    const reading = await again.post<Measurement>('/api/measurements', { id: randomUUID(), kind: 'spo2', value: 86, unit: '%', measuredAt: clock.now().toISOString(), source: 'manual' });
    expect(reading.status).toBe(201);
    expect(reading.body.triage.level).toBe('red');
  });

  it('accepts the code in lower case and without dashes', async () => {
    const { activation } = await enrol();
    const res = await new TestClient(t.baseUrl).post('/api/auth/activate', { code: ` ${activation.code.replace(/-/g, '').toLowerCase()} `, email: email(), password: 'et-godt-kodeord' });
    expect(res.status).toBe(201);
  });

  it('refuses a second use of the same code with a clear message', async () => {
    const { activation } = await enrol();
    expect((await new TestClient(t.baseUrl).post('/api/auth/activate', { code: activation.code, email: email(), password: 'et-godt-kodeord' })).status).toBe(201);
    const second = await new TestClient(t.baseUrl).post<ErrorBody>('/api/auth/activate', { code: activation.code, email: email(), password: 'et-andet-kodeord' });
    expect(second.status).toBe(400);
    expect(second.body.error.message).toMatch(/already been used/);
    expect(second.body.error.details).toEqual([{ path: 'code', message: ActivationProblem.used }]);
  });

  it('lets exactly one of two simultaneous activations with the same code through', async () => {
    const { patient, activation } = await enrol();
    const results = await Promise.all([email(), email()].map((address) => new TestClient(t.baseUrl).post('/api/auth/activate', { code: activation.code, email: address, password: 'et-godt-kodeord' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    const accounts = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from users u join patients p on p.user_id = u.id where p.id = ${patient.id}`);
    expect(accounts[0]?.n).toBe(1);
  });

  it('refuses an expired code and says to ask for a new one', async () => {
    const { activation } = await enrol();
    clock.advance(14 * DAY + 1);
    try {
      const res = await new TestClient(t.baseUrl).post<ErrorBody>('/api/auth/activate', { code: activation.code, email: email(), password: 'et-godt-kodeord' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/expired.*new code/);
      expect(res.body.error.details).toEqual([{ path: 'code', message: ActivationProblem.expired }]);
    } finally {
      clock.advance(-(14 * DAY + 1));
    }
  });

  it('refuses an unknown code and audits the failed attempt', async () => {
    const res = await new TestClient(t.baseUrl).post<ErrorBody>('/api/auth/activate', { code: 'AAAA-BBBB-CCCC', email: email(), password: 'et-godt-kodeord' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'code', message: ActivationProblem.unknown }]);
    const failed = await t.database.db.select().from(auditLog).where(and(eq(auditLog.resource, 'patient_account'), eq(auditLog.outcome, 'failed')));
    expect(failed.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a password shorter than 10 characters and keeps the code usable', async () => {
    const { activation } = await enrol();
    const res = await new TestClient(t.baseUrl).post<ErrorBody>('/api/auth/activate', { code: activation.code, email: email(), password: 'kort' });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toEqual(['password']);
    expect((await new TestClient(t.baseUrl).post('/api/auth/activate', { code: activation.code, email: email(), password: 'langt-nok-nu' })).status).toBe(201);
  });

  it('refuses an e-mail that another account uses (in any case) with 409, and keeps the code usable', async () => {
    const { activation } = await enrol();
    const res = await new TestClient(t.baseUrl).post<ErrorBody>('/api/auth/activate', { code: activation.code, email: f.gp.clinician.email.toUpperCase(), password: 'et-godt-kodeord' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual([{ path: 'email', message: ActivationProblem.emailTaken }]);
    expect((await new TestClient(t.baseUrl).post('/api/auth/activate', { code: activation.code, email: email(), password: 'et-godt-kodeord' })).status).toBe(201);
  });

  it('ends the session the browser had before (e.g. a clinician\u2019s on a shared PC), and closes its live connection', async () => {
    const { activation } = await enrol();
    const client = await hospitalClient();
    const clinicianCookie = client.cookie;
    const socket = await client.socket();
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect((await client.post('/api/auth/activate', { code: activation.code, email: email(), password: 'et-godt-kodeord' })).status).toBe(201);
    expect(await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000, 'still connected'))])).toBe('io server disconnect');
    client.cookie = clinicianCookie;
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });
});

describe('POST /api/patients/:id/activation-code', () => {
  it('issues a new code that works, and the earlier one stops working', async () => {
    const { patient, activation } = await enrol();
    const res = await (await hospitalClient()).post<{ code: string; patient: { id: string; name: string } }>(`/api/patients/${patient.id}/activation-code`, {});
    expect(res.status).toBe(201);
    expect(res.body.patient).toEqual({ id: patient.id, name: patient.name });
    expect(res.body.code).not.toBe(activation.code);
    const old = await new TestClient(t.baseUrl).post<ErrorBody>('/api/auth/activate', { code: activation.code, email: email(), password: 'et-godt-kodeord' });
    expect(old.status).toBe(400);
    expect((await new TestClient(t.baseUrl).post('/api/auth/activate', { code: res.body.code, email: email(), password: 'et-godt-kodeord' })).status).toBe(201);
    const after = await (await hospitalClient()).post<ErrorBody>(`/api/patients/${patient.id}/activation-code`, {});
    expect(after.status).toBe(409);
  });

  it('is refused for clinicians outside the care team', async () => {
    const { patient } = await enrol();
    const outsider = await new TestClient(t.baseUrl).login(f.outsider.clinician.email, f.outsider.clinician.password);
    expect((await outsider.post(`/api/patients/${patient.id}/activation-code`, {})).status).toBe(403);
  });
});

describe('after enrolment', () => {
  it('shows the programme defaults as the current limits, set by the enrolling clinician', async () => {
    const { patient } = await enrol();
    const res = await (await hospitalClient()).get<PatientLimits>(`/api/patients/${patient.id}/limits`);
    expect(res.status).toBe(200);
    const spo2 = res.body.kinds.find((k) => k.kind === 'spo2');
    expect(spo2?.current?.reason).toBe('Programmets standardgrænser ved indskrivning');
    expect(spo2?.current?.setBy).toMatchObject({ id: f.hospital.clinician.id, organisation: { id: f.hospital.id } });
  });
});
