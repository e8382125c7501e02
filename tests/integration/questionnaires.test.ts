import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { QuestionnaireList, QuestionnaireResponse, QuestionnaireResponsePage } from '@naer/shared';
import { BUILT_IN_QUESTIONNAIRES, findQuestionnaire } from '@naer/shared/domain';
import type { QuestionnaireDefinition } from '@naer/shared/domain';
import { createApp } from '../../server/src/app';
import { alertEvents, alerts, auditLog, questionnaireResponses } from '../../server/src/db/schema';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, nextEvent, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let f: Fixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
});
afterAll(async () => t.stop());

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

const copd = (breathless: number, amount: number, colour: number, cough = 0) => ({ breathless, 'sputum-amount': amount, 'sputum-colour': colour, cough });
const hf = (a: Record<string, number> = {}) => ({ swelling: 0, night: 0, breathless: 0, dizzy: 0, appetite: 0, ...a });
/** CAT-structured answers: the first `total` points spread 5 per item. */
const cat = (total: number) => {
  const ids = ['cough', 'phlegm', 'chest', 'stairs', 'home', 'going-out', 'sleep', 'energy'];
  return Object.fromEntries(ids.map((id, i) => [id, Math.min(5, Math.max(0, total - i * 5))]));
};

const response = (questionnaireId: string, answers: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  questionnaireId,
  version: 1,
  answers,
  answeredAt: minutesAgo(1),
  source: 'manual',
  ...extra,
});

const login = (user: Pick<TestUser, 'email' | 'password'>) => new TestClient(t.baseUrl).login(user.email, user.password);

async function openAlerts(patientId: string) {
  return t.database.db.select().from(alerts).where(sql`${alerts.patientId} = ${patientId} and ${alerts.status} <> 'resolved'`);
}

async function stored(id: string) {
  return t.database.db.select().from(questionnaireResponses).where(eq(questionnaireResponses.id, id));
}

describe('submitting the COPD daily check', () => {
  it('stores two worse cardinal symptoms as red with score 2 and opens one red alert for the questionnaire, routed with a claim deadline', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.municipality.id]);
    const res = await (await login(patient)).post<QuestionnaireResponse>('/api/questionnaire-responses', response('copd-daily', copd(1, 1, 0)));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ patientId: patient.patientId, questionnaireId: 'copd-daily', version: 1, score: 2, band: null, source: 'manual', enteredBy: patient.id });
    expect(res.body.triage.level).toBe('red');
    expect(res.body.triage.reasons[0]?.code).toBe('q.copd-daily.cardinal.red');

    const [row] = await stored(res.body.id);
    expect(row).toMatchObject({ score: 2, triageLevel: 'red', questionnaireVersion: 1, answers: copd(1, 1, 0) });
    const open = await openAlerts(patient.patientId);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ rule: 'q:copd-daily', severity: 'red', status: 'open', responsibleOrgId: f.hospital.id, reasons: res.body.triage.reasons });
    expect(open[0]?.claimDueAt?.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
  });

  it('updates the open alert instead of opening another, keeping it red when a later answer is yellow', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await login(patient);
    await client.post('/api/questionnaire-responses', response('copd-daily', copd(1, 1, 1), { answeredAt: minutesAgo(30) }));
    const later = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('copd-daily', copd(0, 0, 1)));
    expect(later.body.triage.level).toBe('yellow');
    const open = await openAlerts(patient.patientId);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: 'red', breaches: 2, reasons: later.body.triage.reasons });
    const events = await t.database.db.select().from(alertEvents).where(eq(alertEvents.alertId, open[0]?.id ?? ''));
    expect(events.map((e) => e.type).sort()).toEqual(['breach', 'raised']);
    expect(events.find((e) => e.type === 'breach')?.data).toMatchObject({ questionnaireResponseId: later.body.id, questionnaireId: 'copd-daily', severity: 'yellow' });
  });

  it('opens a yellow alert for one worse cardinal symptom and none when only the cough is worse', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await login(patient);
    const cough = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('copd-daily', copd(0, 0, 0, 1)));
    expect(cough.body).toMatchObject({ score: 1, triage: { level: 'green' } });
    expect(await openAlerts(patient.patientId)).toHaveLength(0);
    await client.post('/api/questionnaire-responses', response('copd-daily', copd(1, 0, 0)));
    expect((await openAlerts(patient.patientId)).map((a) => [a.rule, a.severity])).toEqual([['q:copd-daily', 'yellow']]);
  });

  it('writes an audit record for the submission', async () => {
    const body = response('copd-daily', copd(0, 0, 0));
    await (await login(f.patient)).post('/api/questionnaire-responses', body);
    const rows = await t.database.db.select().from(auditLog).where(sql`${auditLog.details}->>'questionnaireResponseId' = ${body.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: f.patient.id, patientId: f.patient.patientId, resource: 'questionnaire', action: 'create' });
  });
});

describe('submitting the heart-failure daily check', () => {
  it('is yellow for any worse answer and red for breathlessness at rest, on one alert', async () => {
    const patient = await createPatient(t.database, [f.hospital.id], { programmes: ['heart_failure'] });
    const client = await login(patient);
    const swollen = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('hf-daily', hf({ swelling: 1 }), { answeredAt: minutesAgo(20) }));
    expect(swollen.body).toMatchObject({ score: 1, triage: { level: 'yellow' } });
    const rest = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('hf-daily', hf({ breathless: 2, appetite: 1 })));
    expect(rest.body).toMatchObject({ score: 2, triage: { level: 'red' } });
    expect(rest.body.triage.reasons[0]?.text.da).toBe('Åndenød: Ja, også når jeg sidder stille');
    const open = await openAlerts(patient.patientId);
    expect(open.map((a) => [a.rule, a.severity, a.breaches])).toEqual([['q:hf-daily', 'red', 2]]);
    // Turned red: the claim clock starts now.
    expect(open[0]?.claimDueAt).not.toBeNull();
  });
});

describe('submitting the CAT-structured weekly score', () => {
  it('answers the total and its impact band, and sets the baseline without an alert on the first response', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const res = await (await login(patient)).post<QuestionnaireResponse>('/api/questionnaire-responses', response('cat-weekly', cat(14)));
    expect(res.status).toBe(201);
    expect(res.body.score).toBe(14);
    expect(res.body.band).toMatchObject({ code: 'medium', label: { da: 'Middel påvirkning', en: 'Medium impact' } });
    expect(res.body.triage.level).toBe('green');
    expect(res.body.triage.reasons.map((r) => r.code)).toContain('q.cat-weekly.baseline.no_baseline');
    expect(await openAlerts(patient.patientId)).toHaveLength(0);
  });

  it('opens a yellow alert when the total is 4 or more above the median of the earlier responses', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await login(patient);
    for (const [days, total] of [[21, 10], [14, 12], [7, 11]] as const) {
      expect((await client.post('/api/questionnaire-responses', response('cat-weekly', cat(total), { answeredAt: daysAgo(days) }))).status).toBe(201);
    }
    const three = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('cat-weekly', cat(14), { answeredAt: minutesAgo(10) }));
    expect(three.body.triage.level).toBe('green');
    // The baseline is now the median of 10, 12, 11 and 14 = 11.5; 16 is 4.5 above.
    const four = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('cat-weekly', cat(16)));
    expect(four.body).toMatchObject({ score: 16, triage: { level: 'yellow' } });
    expect(four.body.triage.reasons[0]?.text.en).toBe(
      'COPD score 16 is 4.5 points above your usual level (median 11.5 of 4 earlier responses; limit: 4 points or more)',
    );
    expect((await openAlerts(patient.patientId)).map((a) => [a.rule, a.severity])).toEqual([['q:cat-weekly', 'yellow']]);
  });

  it('judges a late-arriving response against the responses before it, not after', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await login(patient);
    await client.post('/api/questionnaire-responses', response('cat-weekly', cat(30), { answeredAt: daysAgo(1) }));
    const late = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('cat-weekly', cat(10), { answeredAt: daysAgo(8) }));
    expect(late.body.triage.reasons.map((r) => r.code)).toContain('q.cat-weekly.baseline.no_baseline');
  });
});

describe('live events', () => {
  it('tells the care team and the patient after commit: alert:raised, then alert:updated and questionnaire:received', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const nurse = await (await login(f.hospital.clinician)).socket();
    const client = await login(patient);
    const own = await client.socket();
    try {
      const raised = nextEvent(nurse, 'alert:raised', (e) => e.patientId === patient.patientId);
      const received = nextEvent(own, 'questionnaire:received', (e) => e.patientId === patient.patientId);
      const first = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('copd-daily', copd(1, 0, 0), { answeredAt: minutesAgo(5) }));
      expect((await raised).alert).toMatchObject({ rule: 'q:copd-daily', severity: 'yellow', reasons: first.body.triage.reasons });
      expect((await received).response).toEqual(first.body);

      const updated = nextEvent(nurse, 'alert:updated', (e) => e.patientId === patient.patientId);
      const nurseHeard = nextEvent(nurse, 'questionnaire:received', (e) => e.patientId === patient.patientId);
      await client.post('/api/questionnaire-responses', response('copd-daily', copd(1, 1, 1)));
      expect((await updated).alert).toMatchObject({ severity: 'red', breaches: 2 });
      expect((await nurseHeard).response.score).toBe(3);
    } finally {
      nurse.disconnect();
      own.disconnect();
    }
  });
});

describe('entering answers on a patient\u2019s behalf', () => {
  it('lets a clinician on the care team enter answers with source nurse, naming the patient', async () => {
    const nurse = await login(f.municipality.clinician);
    const res = await nurse.post<QuestionnaireResponse>('/api/questionnaire-responses', response('copd-daily', copd(0, 0, 0), { source: 'nurse', patientId: f.patient.patientId }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ patientId: f.patient.patientId, source: 'nurse', enteredBy: f.municipality.clinician.id });
  });

  it('asks a clinician for the patient, and for source nurse', async () => {
    const nurse = await login(f.hospital.clinician);
    const noPatient = await nurse.post<ErrorBody>('/api/questionnaire-responses', response('copd-daily', copd(0, 0, 0), { source: 'nurse' }));
    expect(noPatient.status).toBe(400);
    expect(noPatient.body.error.message).toMatch(/^patientId: is required/);
    const manual = await nurse.post<ErrorBody>('/api/questionnaire-responses', response('copd-daily', copd(0, 0, 0), { patientId: f.patient.patientId }));
    expect(manual.status).toBe(400);
    expect(manual.body.error.message).toMatch(/^source: must be nurse/);
  });
});

describe('failing to a person', () => {
  it('keeps a response whose scoring fails, as review with an alert, instead of losing it', async () => {
    const copdDaily = findQuestionnaire(BUILT_IN_QUESTIONNAIRES, 'copd-daily');
    if (!copdDaily) throw new Error('no copd-daily');
    // Bypasses the schema on purpose: scoring names an item that does not exist.
    const broken = { ...copdDaily, scoring: { type: 'sum', items: ['no-such-item'] } } as QuestionnaireDefinition;
    const app = createApp({ database: t.database, questionnaires: [broken] });
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    try {
      const patient = await createPatient(t.database, [f.hospital.id]);
      const client = await new TestClient(`http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`).login(patient.email, patient.password);
      const res = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('copd-daily', copd(0, 0, 0)));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ score: null, triage: { level: 'review', reasons: [{ code: 'questionnaire.error', level: 'review' }] } });
      expect(await stored(res.body.id)).toHaveLength(1);
      expect((await openAlerts(patient.patientId)).map((a) => [a.rule, a.severity])).toEqual([['q:copd-daily', 'review']]);
    } finally {
      await app.close();
    }
  });
});

describe('idempotency', () => {
  it('answers a replay with the same stored record, stores it once and does not count it as another breach', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await login(patient);
    const body = response('copd-daily', copd(1, 0, 0));
    const first = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', body);
    const second = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await stored(body.id)).toHaveLength(1);
    expect((await openAlerts(patient.patientId))[0]?.breaches).toBe(1);
  });

  it('treats the same answers in another key order and the same time in another offset as the same payload', async () => {
    const client = await login(f.patient);
    const at = new Date(Date.now() - 120_000);
    const body = response('copd-daily', copd(0, 0, 0), { answeredAt: at.toISOString() });
    await client.post('/api/questionnaire-responses', body);
    const local = new Date(at.getTime() + 3_600_000).toISOString().replace('Z', '+01:00');
    const reordered = { cough: 0, 'sputum-colour': 0, 'sputum-amount': 0, breathless: 0 };
    expect((await client.post('/api/questionnaire-responses', { ...body, answers: reordered, answeredAt: local })).status).toBe(200);
  });

  it('refuses the same id with different answers with 409 and keeps the original', async () => {
    const client = await login(f.patient);
    const body = response('copd-daily', copd(0, 0, 0));
    await client.post('/api/questionnaire-responses', body);
    const res = await client.post<ErrorBody>('/api/questionnaire-responses', { ...body, answers: copd(1, 1, 1) });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^id: different answers were already stored/);
    expect((await stored(body.id))[0]?.answers).toEqual(copd(0, 0, 0));
  });

  it('stores concurrent duplicates of one submission once', async () => {
    const client = await login(f.patient);
    const body = response('copd-daily', copd(0, 0, 0));
    const results = await Promise.all(Array.from({ length: 5 }, () => client.post('/api/questionnaire-responses', body)));
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await stored(body.id)).toHaveLength(1);
  });
});

describe('bad answers get a 400 naming the item, and store nothing', () => {
  const { cough: _cough, ...withoutCough } = copd(0, 0, 0);
  const cases: Array<[string, Record<string, unknown>, RegExp, string]> = [
    ['a required item left unanswered', response('copd-daily', withoutCough), /answers\.cough \(More cough\): is not answered; answer it before sending/, 'answers.cough'],
    ['a value the item does not allow', response('copd-daily', copd(2, 0, 0)), /answers\.breathless \(More breathless\): 2 is not an allowed answer; use one of 0, 1/, 'answers.breathless'],
    ['a scale value above the scale', response('cat-weekly', { ...cat(10), sleep: 6 }), /answers\.sleep \(Sleep\): 6 is not an allowed answer; use one of 0, 1, 2, 3, 4, 5/, 'answers.sleep'],
    ['an answer that is not a number', response('copd-daily', { ...copd(0, 0, 0), cough: 'yes' }), /answers\.cough: each answer must be the number of the chosen option/, 'answers.cough'],
    ['an item the questionnaire does not have', response('copd-daily', { ...copd(0, 0, 0), fever: 1 }), /answers\.fever: is not a question in copd-daily version 1/, 'answers.fever'],
    ['an unknown questionnaire', response('kccq-12', {}), /questionnaireId: there is no questionnaire kccq-12/, 'questionnaireId'],
    ['an unknown version', response('copd-daily', copd(0, 0, 0), { version: 9 }), /version: copd-daily has no version 9 \(the current one is 1\)/, 'version'],
    ['a time in the future', response('copd-daily', copd(0, 0, 0), { answeredAt: new Date(Date.now() + 3_600_000).toISOString() }), /answeredAt: lies in the future/, 'answeredAt'],
    ['a time that is not a date', response('copd-daily', copd(0, 0, 0), { answeredAt: 'yesterday' }), /answeredAt/, 'answeredAt'],
    ['an id that is not a UUID', response('copd-daily', copd(0, 0, 0), { id: '42' }), /id must be a UUID/, 'id'],
    ['an unknown source', response('copd-daily', copd(0, 0, 0), { source: 'device' }), /source must be manual/, 'source'],
    ['the nurse source from the patient', response('copd-daily', copd(0, 0, 0), { source: 'nurse' }), /source: must be manual when you answered yourself/, 'source'],
    ['an unknown field', response('copd-daily', copd(0, 0, 0), { mood: 'good' }), /mood/, '(body)'],
  ];

  it.each(cases)('%s', async (_name, body, message, path) => {
    const res = await (await login(f.patient)).post<ErrorBody>('/api/questionnaire-responses', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    if (path !== '(body)') expect(res.body.error.details?.map((d) => d.path)).toContain(path);
    if (typeof body.id === 'string' && /^[0-9a-f-]{36}$/.test(body.id)) expect(await stored(body.id)).toHaveLength(0);
  });

  it('names every problem at once', async () => {
    const res = await (await login(f.patient)).post<ErrorBody>('/api/questionnaire-responses', response('copd-daily', { breathless: 5 }));
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toEqual(['answers.breathless', 'answers.sputum-amount', 'answers.sputum-colour', 'answers.cough']);
  });

  it('answers a missing body with what to send', async () => {
    const res = await (await login(f.patient)).post<ErrorBody>('/api/questionnaire-responses');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/JSON body/);
  });
});

describe('access', () => {
  it('answers 401 without a session on every questionnaire endpoint', async () => {
    const anonymous = new TestClient(t.baseUrl);
    expect((await anonymous.get('/api/questionnaires')).status).toBe(401);
    expect((await anonymous.get('/api/questionnaires/copd-daily')).status).toBe(401);
    expect((await anonymous.post('/api/questionnaire-responses', response('copd-daily', copd(0, 0, 0)))).status).toBe(401);
    expect((await anonymous.get(`/api/patients/${f.patient.patientId}/questionnaire-responses`)).status).toBe(401);
  });

  it('refuses another patient, a clinician outside the care team and an administrator with 403, and stores nothing', async () => {
    for (const [user, source] of [[f.otherPatient, 'manual'], [f.outsider.clinician, 'nurse'], [f.admin, 'nurse']] as const) {
      const body = response('copd-daily', copd(1, 1, 1), { patientId: f.patient.patientId, source });
      const res = await (await login(user)).post<ErrorBody>('/api/questionnaire-responses', body);
      expect(res.status, user.email).toBe(403);
      expect(await stored(body.id)).toHaveLength(0);
    }
  });

  it('answers 404 for an unknown patient and an unknown questionnaire', async () => {
    const nurse = await login(f.hospital.clinician);
    const unknown = randomUUID();
    expect((await nurse.post('/api/questionnaire-responses', response('copd-daily', copd(0, 0, 0), { source: 'nurse', patientId: unknown }))).status).toBe(404);
    expect((await nurse.get(`/api/patients/${unknown}/questionnaire-responses`)).status).toBe(404);
    expect((await nurse.get(`/api/questionnaires?patientId=${unknown}`)).status).toBe(404);
    const missing = await nurse.get<ErrorBody>('/api/questionnaires/kccq-12');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('No questionnaire with id kccq-12.');
    expect((await nurse.get('/api/questionnaires/copd-daily?version=7')).status).toBe(404);
    expect((await nurse.get<ErrorBody>('/api/questionnaires/copd-daily?version=x')).body.error.message).toMatch(/version must be a number/);
  });

  it('lets an outside clinician read no responses, and audits the care team\u2019s read', async () => {
    expect((await (await login(f.outsider.clinician)).get(`/api/patients/${f.patient.patientId}/questionnaire-responses`)).status).toBe(403);
    const before = await t.database.db.select().from(auditLog).where(sql`${auditLog.userId} = ${f.gp.clinician.id} and ${auditLog.resource} = 'questionnaire'`);
    expect((await (await login(f.gp.clinician)).get(`/api/patients/${f.patient.patientId}/questionnaire-responses`)).status).toBe(200);
    const after = await t.database.db.select().from(auditLog).where(sql`${auditLog.userId} = ${f.gp.clinician.id} and ${auditLog.resource} = 'questionnaire'`);
    expect(after.length - before.length).toBe(1);
  });
});

describe('answering the monthly involvement question', () => {
  const id = 'involvement-monthly';
  const answersOnce = (programmes: Array<'copd' | 'heart_failure'>) => async () => {
    const patient = await createPatient(t.database, [f.hospital.id], { programmes });
    const client = await login(patient);
    const due = async () => (await client.get<QuestionnaireList>('/api/questionnaires')).body.items.find((i) => i.definition.id === id)?.due;
    expect(await due()).toBe(true);
    // Answered in an earlier month: due again.
    const earlier = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response(id, { involved: 1 }, { answeredAt: daysAgo(40) }));
    expect(earlier.status).toBe(201);
    expect(await due()).toBe(true);

    const res = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response(id, { involved: 4 }, { answeredAt: new Date().toISOString() }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ questionnaireId: 'involvement-monthly', version: 1, score: 4, band: null, triage: { level: 'green' } });
    const [row] = await stored(res.body.id);
    expect(row).toMatchObject({ questionnaireId: 'involvement-monthly', questionnaireVersion: 1, score: 4, triageLevel: 'green', answers: { involved: 4 } });
    // The lowest answer is an experience to learn from, not an alarm.
    expect(earlier.body).toMatchObject({ score: 1, triage: { level: 'green' } });
    expect(await openAlerts(patient.patientId)).toHaveLength(0);
    expect(await due()).toBe(false);
  };

  it('stores a COPD patient’s answer as the score, opens no alert even for "not at all", and is not due again this month', answersOnce(['copd']));
  it('is asked of heart-failure patients too, the same way', answersOnce(['heart_failure']));

  it('refuses an answer outside 1–5 with the allowed values', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const res = await (await login(patient)).post<ErrorBody>('/api/questionnaire-responses', response('involvement-monthly', { involved: 0 }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/answers\.involved \(Involvement\): 0 is not an allowed answer; use one of 1, 2, 3, 4, 5/);
  });
});

describe('listing questionnaires and responses', () => {
  it('lists a COPD patient\u2019s questionnaires as due, and the daily check as done once answered today', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await login(patient);
    const before = await client.get<QuestionnaireList>('/api/questionnaires');
    expect(before.status).toBe(200);
    expect(before.body.patientId).toBe(patient.patientId);
    expect(before.body.items.map((i) => [i.definition.id, i.due, i.lastResponse])).toEqual([
      ['copd-daily', true, null],
      ['cat-weekly', true, null],
      ['involvement-monthly', true, null],
    ]);
    const answered = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('copd-daily', copd(0, 0, 0), { answeredAt: new Date().toISOString() }));
    const after = await client.get<QuestionnaireList>('/api/questionnaires');
    expect(after.body.items[0]).toMatchObject({ due: false, lastResponse: { id: answered.body.id, score: 0, triageLevel: 'green' } });
  });

  it('lists the heart-failure check for a heart-failure patient, and every questionnaire for a clinician', async () => {
    const patient = await createPatient(t.database, [f.hospital.id], { programmes: ['heart_failure'] });
    expect((await (await login(patient)).get<QuestionnaireList>('/api/questionnaires')).body.items.map((i) => i.definition.id)).toEqual(['hf-daily', 'involvement-monthly']);
    const all = await (await login(f.hospital.clinician)).get<QuestionnaireList>('/api/questionnaires');
    expect(all.body).toMatchObject({ patientId: null });
    expect(all.body.items.map((i) => [i.definition.id, i.due])).toEqual([
      ['copd-daily', null],
      ['hf-daily', null],
      ['cat-weekly', null],
      ['involvement-monthly', null],
    ]);
    const forPatient = await (await login(f.hospital.clinician)).get<QuestionnaireList>(`/api/questionnaires?patientId=${patient.patientId}`);
    expect(forPatient.body.items.map((i) => i.definition.id)).toEqual(['hf-daily', 'involvement-monthly']);
  });

  it('serves one definition with its items in Danish and English', async () => {
    const res = await (await login(f.patient)).get<QuestionnaireDefinition>('/api/questionnaires/cat-weekly');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'cat-weekly', version: 1, cadence: 'weekly', scoring: { type: 'sum' } });
    expect(res.body.items).toHaveLength(8);
    expect(res.body.items[0]).toMatchObject({ type: 'scale', min: 0, max: 5, label: { da: 'Hoste', en: 'Cough' } });
  });

  it('pages a patient\u2019s responses newest first, with score and band, filtered by questionnaire', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await login(patient);
    const ids: string[] = [];
    for (const [minutes, total] of [[50, 5], [40, 22], [30, 35]] as const) {
      const res = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', response('cat-weekly', cat(total), { answeredAt: minutesAgo(minutes) }));
      ids.push(res.body.id);
    }
    await client.post('/api/questionnaire-responses', response('copd-daily', copd(0, 0, 0)));
    const nurse = await login(f.hospital.clinician);
    const first = await nurse.get<QuestionnaireResponsePage>(`/api/patients/${patient.patientId}/questionnaire-responses?questionnaireId=cat-weekly&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((r) => [r.id, r.score, r.band?.code])).toEqual([
      [ids[2], 35, 'very-high'],
      [ids[1], 22, 'high'],
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await nurse.get<QuestionnaireResponsePage>(`/api/patients/${patient.patientId}/questionnaire-responses?questionnaireId=cat-weekly&limit=2&cursor=${first.body.nextCursor ?? ''}`);
    expect(second.body.items.map((r) => [r.id, r.band?.code])).toEqual([[ids[0], 'low']]);
    expect(second.body.nextCursor).toBeNull();
    const all = await nurse.get<QuestionnaireResponsePage>(`/api/patients/${patient.patientId}/questionnaire-responses`);
    expect(all.body.items).toHaveLength(4);
    expect((await nurse.get<ErrorBody>(`/api/patients/${patient.patientId}/questionnaire-responses?cursor=nonsense`)).status).toBe(400);
  });
});
