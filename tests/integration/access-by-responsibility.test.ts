import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { mergeLimits } from '@naer/shared/domain';
import { auditLog, patientLimits, questionnaireResponses, relativeGrants, users } from '../../server/src/db/schema';
import { hashPassword } from '../../server/src/modules/auth/password';
import { PASSWORD, createFixture, createPatient } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// The access holes found when Naer was tried as a new user would (issue 12): each must be refused with a clear message.

let t: TestApp;
let f: Fixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
});
afterAll(async () => t.stop());

interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

const login = (user: { email: string; password: string }) => new TestClient(t.baseUrl).login(user.email, user.password);
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

/** The validation library's own wording, which a person should never read. */
const LIBRARY_WORDING = /Too big|Too small|expected string|Invalid input|Invalid option|Invalid UUID/;

describe('care-team responsibilities govern what an organisation may do', () => {
  it('refuses a limits change by an organisation on the care team that does not answer for limits, and changes nothing', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
    const gp = await login(f.gp.clinician);
    const before = await t.database.db.select().from(patientLimits).where(eq(patientLimits.patientId, patient.patientId));
    const res = await gp.request<ErrorBody>('PUT', `/api/patients/${patient.patientId}/limits/spo2`, { rules: mergeLimits(['copd']).spo2, reason: 'GP tries' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/does not answer for limits/);
    const after = await t.database.db.select().from(patientLimits).where(eq(patientLimits.patientId, patient.patientId));
    expect(after).toHaveLength(before.length);
    const refused = await t.database.db.select().from(auditLog).where(sql`${auditLog.patientId} = ${patient.patientId} and ${auditLog.outcome} = 'refused'`);
    expect(refused.map((r) => r.userId)).toContain(f.gp.clinician.id);
  });

  it('lets the organisation that answers for limits change them, and tells the others they cannot edit', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
    const hospital = await login(f.hospital.clinician);
    const res = await hospital.request('PUT', `/api/patients/${patient.patientId}/limits/spo2`, { rules: mergeLimits(['copd']).spo2, reason: 'Hospital adjusts' });
    expect(res.status).toBe(200);
    const asGp = await (await login(f.gp.clinician)).get<{ canEdit: boolean }>(`/api/patients/${patient.patientId}/limits`);
    expect(asGp.status).toBe(200);
    expect(asGp.body.canEdit).toBe(false);
    const asHospital = await hospital.get<{ canEdit: boolean }>(`/api/patients/${patient.patientId}/limits`);
    expect(asHospital.body.canEdit).toBe(true);
  });

  it('refuses a pause by an organisation that answers for none of the patient\u2019s alerts', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.gp.id]);
    await t.database.db.execute(sql`update care_team_members set responsibilities = '["medication"]'::jsonb where patient_id = ${patient.patientId}::uuid and organisation_id = ${f.gp.id}::uuid`);
    const res = await (await login(f.gp.clinician)).post<ErrorBody>(`/api/patients/${patient.patientId}/pauses`, { endsAt: new Date(Date.now() + 86_400_000).toISOString(), reason: 'holiday' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/does not answer for red or yellow or missing/);
    const ok = await (await login(f.hospital.clinician)).post(`/api/patients/${patient.patientId}/pauses`, { endsAt: new Date(Date.now() + 86_400_000).toISOString(), reason: 'holiday' });
    expect(ok.status).toBe(201);
  });

  it('still lets the whole care team read the patient', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.gp.id, f.municipality.id]);
    for (const clinician of [f.gp.clinician, f.municipality.clinician]) {
      const client = await login(clinician);
      for (const path of ['', '/limits', '/pauses', '/reviews', '/measurements']) {
        const res = await client.get(`/api/patients/${patient.patientId}${path}`);
        expect(res.status, `${clinician.email} GET ${path}`).toBe(200);
      }
    }
  });
});

describe('questionnaires belong to programmes', () => {
  it('refuses a COPD patient\u2019s answers to the heart-failure questionnaire and stores nothing', async () => {
    const patient = await createPatient(t.database, [f.hospital.id], { programmes: ['copd'] });
    const id = randomUUID();
    const res = await (await login(patient)).post<ErrorBody>('/api/questionnaire-responses', {
      id,
      questionnaireId: 'hf-daily',
      version: 1,
      answers: { swelling: 0, night: 0, breathless: 0, dizzy: 0, appetite: 0 },
      answeredAt: minutesAgo(1),
      source: 'manual',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/hf-daily is not part of the patient\u2019s programmes \(copd\)/);
    expect(await t.database.db.select().from(questionnaireResponses).where(eq(questionnaireResponses.id, id))).toEqual([]);
  });
});

describe('a relative reaches only what the endpoint\u2019s scope names', () => {
  async function relativeWith(patientId: string, scopes: string[]) {
    const email = `relative-${randomUUID().slice(0, 8)}@test.naer.dk`;
    const [user] = await t.database.db.insert(users).values({ email, role: 'relative', displayName: 'Datter', passwordHash: await hashPassword(PASSWORD) }).returning({ id: users.id });
    if (!user) throw new Error('relative insert failed');
    await t.database.db.insert(relativeGrants).values({ patientId, relativeUserId: user.id, scopes, notifyRed: false });
    return login({ email, password: PASSWORD });
  }

  it('with only the readings grant: reads readings, but not reviews (with reviewer names) or questionnaire answers', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const relative = await relativeWith(patient.patientId, ['readings']);
    expect((await relative.get(`/api/patients/${patient.patientId}/measurements`)).status).toBe(200);
    for (const path of ['reviews', 'questionnaire-responses', 'schedule', 'limits']) {
      const res = await relative.get<ErrorBody>(`/api/patients/${patient.patientId}/${path}`);
      expect(res.status, path).toBe(403);
      expect(res.body.error.message.length, path).toBeGreaterThan(20);
    }
    const list = await relative.get<ErrorBody>(`/api/questionnaires?patientId=${patient.patientId}`);
    expect(list.status).toBe(403);
  });
});

describe('numbers and ids the database cannot hold are 400s naming the parameter', () => {
  it.each([
    ['/api/alerts?after=9223372036854775808', 'after'],
    ['/api/alerts?after=99999999999999999999', 'after'],
    ['/api/questionnaires/copd-daily?version=2147483648', 'version'],
  ])('%s', async (url, name) => {
    const res = await (await login(f.hospital.clinician)).get<ErrorBody>(url);
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toContain(name);
    expect(res.body.error.message).toContain(name);
  });

  it('refuses a retire of a version past int4 with a 400, not a 500', async () => {
    const res = await (await login(f.admin)).post<ErrorBody>('/api/admin/questionnaires/some-id/versions/2147483648/retire');
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toContain('version');
  });

  it('refuses answers with a version past int4 with a 400, not a 500', async () => {
    const res = await (await login(f.patient)).post<ErrorBody>('/api/questionnaire-responses', {
      id: randomUUID(),
      questionnaireId: 'copd-daily',
      version: 2147483648,
      answers: { breathless: 0, 'sputum-amount': 0, 'sputum-colour': 0, cough: 0 },
      answeredAt: minutesAgo(1),
      source: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toContain('version');
  });

  it.each([
    ['GET', '/api/patients/not-a-uuid', 'patientId'],
    ['GET', '/api/patients/not-a-uuid/measurements', 'patientId'],
    ['GET', '/api/alerts/not-a-uuid', 'id'],
    ['POST', '/api/pauses/not-a-uuid/cancel', 'pauseId'],
    ['POST', '/api/measurements/not-a-uuid/review', 'measurementId'],
  ])('%s %s', async (method, url, name) => {
    const res = await (await login(f.hospital.clinician)).request<ErrorBody>(method, url);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation');
    expect(res.body.error.details?.map((d) => d.path)).toEqual([name]);
    expect(res.body.error.message).toMatch(new RegExp(`^${name}`));
  });

  it('words its messages itself, never in the validation library\u2019s words', async () => {
    const client = await login(f.patient);
    const long = await client.get<ErrorBody>(`/api/patients/${f.patient.patientId}/questionnaire-responses?cursor=${'x'.repeat(300)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toBe('cursor: may be at most 200 characters');
    const missing = await client.post<ErrorBody>('/api/measurements', { id: randomUUID(), kind: 'spo2', unit: '%', measuredAt: minutesAgo(1), source: 'manual' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).not.toMatch(LIBRARY_WORDING);
  });
});
