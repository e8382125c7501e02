import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { AdminQuestionnaireList, AdminQuestionnaireVersion, QuestionnaireList, QuestionnaireResponse, QuestionnaireResponsePage } from '@naer/shared';
import { createApp } from '../../server/src/app';
import { alerts, auditLog, questionnaireDefinitions } from '../../server/src/db/schema';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let f: Fixture;
let admin: TestClient;

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
  admin = await new TestClient(t.baseUrl).login(f.admin.email, f.admin.password);
});
afterAll(async () => t.stop());

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

const login = (user: Pick<TestUser, 'email' | 'password'>) => new TestClient(t.baseUrl).login(user.email, user.password);
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

const scale = (id: string, da: string, en: string) => ({
  id,
  type: 'scale',
  text: { da: `${da}?`, en: `${en}?` },
  label: { da, en },
  min: 0,
  max: 5,
  minText: { da: 'Slet ikke', en: 'Not at all' },
  maxText: { da: 'Meget', en: 'Very much' },
});

/** A CAT-shaped licensed definition (wording stands in for the licensed text) with a fresh id. */
function licensed(overrides: Record<string, unknown> = {}) {
  return {
    id: `cat-lic-${randomUUID().slice(0, 8)}`,
    version: 1,
    title: { da: 'CAT (licenseret)', en: 'CAT (licensed)' },
    programmes: ['copd'],
    cadence: 'weekly',
    attribution: { da: 'Licenseret tekst', en: 'Licensed text' },
    items: [scale('cough', 'Hoste', 'Cough'), scale('phlegm', 'Slim', 'Phlegm'), scale('energy', 'Energi', 'Energy')],
    scoring: { type: 'sum', label: { da: 'CAT-score', en: 'CAT score' } },
    bands: [
      { code: 'low', min: 0, label: { da: 'Lav', en: 'Low' } },
      { code: 'high', min: 10, label: { da: 'Høj', en: 'High' } },
    ],
    triage: [{ type: 'score', code: 'high', op: 'ge', value: 12, level: 'red' }],
    ...overrides,
  };
}

const load = (body: unknown, client = admin) => client.post<AdminQuestionnaireVersion & ErrorBody>('/api/admin/questionnaires', body);
const retire = (id: string, version: number, client = admin) => client.post<AdminQuestionnaireVersion & ErrorBody>(`/api/admin/questionnaires/${id}/versions/${version}/retire`);

async function auditRows(questionnaireId: string) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.resource, 'questionnaire_definition'), sql`${auditLog.details}->>'questionnaireId' = ${questionnaireId}`));
}

const answer = (questionnaireId: string, version: number, answers: Record<string, number>, answeredAt = minutesAgo(1)) => ({
  id: randomUUID(),
  questionnaireId,
  version,
  answers,
  answeredAt,
  source: 'manual',
});

describe('loading a licensed definition', () => {
  it('stores it, audits who loaded it, and lists it next to the built-in questionnaires as current', async () => {
    const definition = licensed();
    const res = await load(definition);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ questionnaireId: definition.id, version: 1, origin: 'loaded', status: 'current', loadedBy: { id: f.admin.id }, retiredAt: null });
    expect(res.body.definition.items.map((i) => i.id)).toEqual(['cough', 'phlegm', 'energy']);

    const list = await admin.get<AdminQuestionnaireList>('/api/admin/questionnaires');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((q) => q.id);
    expect(ids.slice(0, 4)).toEqual(['copd-daily', 'hf-daily', 'cat-weekly', 'involvement-monthly']);
    expect(list.body.items.find((q) => q.id === 'involvement-monthly')?.versions[0]?.definition).toMatchObject({ cadence: 'monthly', triage: [] });
    expect(list.body.items.find((q) => q.id === 'cat-weekly')).toMatchObject({ origin: 'built_in', currentVersion: 1 });
    expect(list.body.items.find((q) => q.id === definition.id)).toMatchObject({ origin: 'loaded', currentVersion: 1, versions: [{ version: 1, status: 'current' }] });

    const audit = await auditRows(definition.id);
    expect(audit.map((a) => [a.action, a.userId, a.role])).toEqual([['create', f.admin.id, 'admin']]);
  });

  it('takes a monthly definition without triage rules, and names the cadences when one is unknown', async () => {
    const monthly = await load(licensed({ cadence: 'monthly', bands: undefined, triage: [] }));
    expect(monthly.status).toBe(201);
    expect(monthly.body.definition).toMatchObject({ cadence: 'monthly', triage: [] });
    const yearly = await load(licensed({ cadence: 'yearly' }));
    expect(yearly.status).toBe(400);
    expect(yearly.body.error.message).toMatch(/cadence must be daily, weekly, monthly or as_needed/);
  });

  it('answers a replay of the same id, version and content with the stored version, storing and auditing it once', async () => {
    const definition = licensed();
    const first = await load(definition);
    const again = await load(JSON.parse(JSON.stringify(definition)) as unknown);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await t.database.db.select().from(questionnaireDefinitions).where(eq(questionnaireDefinitions.questionnaireId, definition.id))).toHaveLength(1);
    expect(await auditRows(definition.id)).toHaveLength(1);
  });

  it('refuses other content under a stored id and version, and a version below the newest, with 409', async () => {
    const definition = licensed();
    await load(definition);
    const changed = await load({ ...definition, title: { da: 'Ændret', en: 'Changed' } });
    expect(changed.status).toBe(409);
    expect(changed.body.error.message).toMatch(/^version: .* already loaded with other content.*version 2/);

    expect((await load({ ...definition, version: 3 })).status).toBe(201);
    const older = await load({ ...definition, version: 2 });
    expect(older.status).toBe(409);
    expect(older.body.error.message).toMatch(/already has version 3.*e\.g\. 4/);
  });

  it('refuses a built-in id with 409 naming the id, and stores nothing', async () => {
    const res = await load(licensed({ id: 'cat-weekly', version: 2 }));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^id: cat-weekly is a questionnaire shipped with Naer/);
    expect(await t.database.db.select().from(questionnaireDefinitions).where(eq(questionnaireDefinitions.questionnaireId, 'cat-weekly'))).toHaveLength(0);
  });

  it('names the field of bad input: missing English text, a rule on an unknown item, an unknown field', async () => {
    const base = licensed();
    const noEnglish = await load({ ...base, items: [{ ...scale('cough', 'Hoste', 'Cough'), text: { da: 'Hoste?' } }] });
    expect(noEnglish.status).toBe(400);
    expect(noEnglish.body.error.details?.map((d) => d.path)).toContain('items.0.text.en');

    const unknownItem = await load({ ...base, triage: [{ type: 'answer', code: 'x', item: 'sleep', op: 'ge', value: 4, level: 'red' }] });
    expect(unknownItem.status).toBe(400);
    expect(unknownItem.body.error.details?.map((d) => d.path)).toEqual(['triage.0.item']);
    expect(unknownItem.body.error.message).toMatch(/triage\.0\.item: item sleep is not an item of this questionnaire/);

    const extra = await load({ ...base, licence: 'ABC' });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/licence/);

    expect(await t.database.db.select().from(questionnaireDefinitions).where(eq(questionnaireDefinitions.questionnaireId, base.id))).toHaveLength(0);
  });

  it('refuses rules the engine could never meet: an answer value that is not an option, a count above its items', async () => {
    const choice = {
      id: 'colour',
      type: 'choice',
      text: { da: 'Farve?', en: 'Colour?' },
      label: { da: 'Farve', en: 'Colour' },
      options: [
        { value: 0, text: { da: 'Klar', en: 'Clear' } },
        { value: 1, text: { da: 'Gul', en: 'Yellow' } },
      ],
    };
    const res = await load(
      licensed({
        items: [choice, scale('cough', 'Hoste', 'Cough')],
        scoring: { type: 'none' },
        bands: undefined,
        triage: [
          { type: 'answer', code: 'green-sputum', item: 'colour', op: 'eq', value: 2, level: 'yellow' },
          { type: 'count', code: 'worse', label: { da: 'Værre', en: 'Worse' }, items: ['cough'], atLeast: 3, red: 2 },
        ],
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toEqual(['triage.0.value', 'triage.1.red']);
    expect(res.body.error.message).toMatch(/triage\.0\.value: 2 is not an answer of item colour; use one of 0, 1/);
  });

  it('is for administrators only: patients and clinicians get 403 and nothing is stored', async () => {
    const definition = licensed();
    for (const user of [f.patient, f.hospital.clinician]) {
      const client = await login(user);
      expect((await client.get('/api/admin/questionnaires')).status).toBe(403);
      expect((await load(definition, client)).status).toBe(403);
      expect((await retire('cat-weekly', 1, client)).status).toBe(403);
    }
    expect((await new TestClient(t.baseUrl).get('/api/admin/questionnaires')).status).toBe(401);
    expect(await t.database.db.select().from(questionnaireDefinitions).where(eq(questionnaireDefinitions.questionnaireId, definition.id))).toHaveLength(0);
  });
});

describe('patients and loaded questionnaires', () => {
  it('gives a COPD patient the loaded questionnaire, and scores, bands and triages the answers like a built-in one', async () => {
    const definition = licensed();
    await load(definition);
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await login(patient);

    const list = await client.get<QuestionnaireList>('/api/questionnaires');
    expect(list.body.items.map((i) => i.definition.id)).toContain(definition.id);
    expect(list.body.items.find((i) => i.definition.id === definition.id)).toMatchObject({ due: true, lastResponse: null });
    const hfPatient = await createPatient(t.database, [f.hospital.id], { programmes: ['heart_failure'] });
    expect((await (await login(hfPatient)).get<QuestionnaireList>('/api/questionnaires')).body.items.map((i) => i.definition.id)).not.toContain(definition.id);

    const one = await client.get<{ id: string; version: number }>(`/api/questionnaires/${definition.id}`);
    expect(one.body).toMatchObject({ id: definition.id, version: 1 });

    const res = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', answer(definition.id, 1, { cough: 5, phlegm: 4, energy: 3 }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ questionnaireId: definition.id, version: 1, score: 12, band: { code: 'high' } });
    expect(res.body.triage.level).toBe('red');
    const open = await t.database.db.select().from(alerts).where(and(eq(alerts.patientId, patient.patientId), eq(alerts.status, 'open')));
    expect(open.map((a) => [a.rule, a.severity])).toEqual([[`q:${definition.id}`, 'red']]);

    const bad = await client.post<ErrorBody>('/api/questionnaire-responses', answer(definition.id, 1, { cough: 6, phlegm: 0, energy: 0 }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.[0]?.path).toBe('answers.cough');
  });

  it('serves a newer version for new answers, keeps older answers on their version, and refuses answers to a retired version', async () => {
    const v1 = licensed();
    await load(v1);
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await login(patient);
    const early = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', answer(v1.id, 1, { cough: 1, phlegm: 1, energy: 1 }, minutesAgo(30)));
    expect(early.status).toBe(201);

    const v2 = { ...v1, version: 2, items: [...v1.items, scale('sleep', 'Søvn', 'Sleep')] };
    expect((await load(v2)).status).toBe(201);
    const list = await client.get<QuestionnaireList>('/api/questionnaires');
    expect(list.body.items.find((i) => i.definition.id === v1.id)?.definition.version).toBe(2);
    // Answered offline before the new version arrived: still accepted against version 1.
    const queued = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', answer(v1.id, 1, { cough: 0, phlegm: 0, energy: 0 }, minutesAgo(5)));
    expect(queued.status).toBe(201);
    const fresh = await client.post<QuestionnaireResponse>('/api/questionnaire-responses', answer(v1.id, 2, { cough: 0, phlegm: 0, energy: 0, sleep: 2 }));
    expect(fresh.body).toMatchObject({ version: 2, score: 2 });

    const retired = await retire(v1.id, 1);
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ version: 1, status: 'retired' });
    expect(retired.body.retiredAt).not.toBeNull();
    expect((await retire(v1.id, 1)).body).toEqual(retired.body);
    expect((await auditRows(v1.id)).map((a) => a.action).sort()).toEqual(['create', 'create', 'retire']);

    // Answered before the retirement (a queued answer) is still taken; answered after it is refused.
    expect((await client.post('/api/questionnaire-responses', answer(v1.id, 1, { cough: 0, phlegm: 0, energy: 0 }, minutesAgo(2)))).status).toBe(201);
    const late = await client.post<ErrorBody>('/api/questionnaire-responses', answer(v1.id, 1, { cough: 0, phlegm: 0, energy: 0 }, new Date().toISOString()));
    expect(late.status).toBe(400);
    expect(late.body.error.message).toMatch(/^version: .* version 1 was withdrawn .* answer version 2/);

    // Stored answers keep the version they answered, with its band.
    const page = await client.get<QuestionnaireResponsePage>(`/api/patients/${patient.patientId}/questionnaire-responses?questionnaireId=${v1.id}`);
    expect(page.body.items.map((r) => r.version)).toEqual([2, 1, 1, 1]);
    expect(page.body.items[3]).toMatchObject({ id: early.body.id, score: 3, band: { code: 'low' } });
    expect((await client.get<{ version: number }>(`/api/questionnaires/${v1.id}?version=1`)).body.version).toBe(1);

    // Every version retired: patients are no longer asked.
    await retire(v1.id, 2);
    expect((await client.get<QuestionnaireList>('/api/questionnaires')).body.items.map((i) => i.definition.id)).not.toContain(v1.id);
    const admins = await admin.get<AdminQuestionnaireList>('/api/admin/questionnaires');
    expect(admins.body.items.find((q) => q.id === v1.id)).toMatchObject({ currentVersion: null, versions: [{ version: 2, status: 'retired' }, { version: 1, status: 'retired' }] });
  });

  it('takes an answer on another server node right after the load there (the node reads the definitions again on an unknown version)', async () => {
    const second = createApp({ database: t.database });
    await new Promise<void>((resolve) => second.httpServer.listen(0, '127.0.0.1', resolve));
    try {
      const patient = await createPatient(t.database, [f.hospital.id]);
      const onSecond = await new TestClient(`http://127.0.0.1:${(second.httpServer.address() as AddressInfo).port}`).login(patient.email, patient.password);
      // The second node has read (and keeps for a few seconds) the definitions before the load.
      expect((await onSecond.get('/api/questionnaires')).status).toBe(200);
      const definition = licensed();
      expect((await load(definition)).status).toBe(201);
      const res = await onSecond.post<QuestionnaireResponse>('/api/questionnaire-responses', answer(definition.id, 1, { cough: 1, phlegm: 0, energy: 0 }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ questionnaireId: definition.id, version: 1, score: 1 });
    } finally {
      await second.close();
    }
  });

  it('refuses to retire a built-in questionnaire (400) or an unknown version (404)', async () => {
    const builtIn = await retire('copd-daily', 1);
    expect(builtIn.status).toBe(400);
    expect(builtIn.body.error.message).toMatch(/^id: copd-daily is shipped with Naer/);
    expect((await retire('no-such-questionnaire', 1)).status).toBe(404);
    expect((await retire('copd-daily', 0)).status).toBe(400);
  });

  it('keeps stored definitions immutable in the database itself', async () => {
    const definition = licensed();
    await load(definition);
    const where = and(eq(questionnaireDefinitions.questionnaireId, definition.id), eq(questionnaireDefinitions.version, 1));
    await expect(t.database.db.update(questionnaireDefinitions).set({ loadedAt: new Date(0) }).where(where)).rejects.toThrow();
    await expect(t.database.db.execute(sql`update questionnaire_definitions set definition = jsonb_set(definition, '{title,en}', '"x"') where questionnaire_id = ${definition.id}`)).rejects.toThrow();
    await expect(t.database.db.delete(questionnaireDefinitions).where(where)).rejects.toThrow();
  });
});
