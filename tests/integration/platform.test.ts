import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { seedDemo } from '../../server/src/demo/seed';
import { testEngine } from '../support/test-database';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.stop());

describe('platform', () => {
  it('reports health and which engine it runs on once migrations have run', async () => {
    const res = await new TestClient(t.baseUrl).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: testEngine() });
  });

  it('publishes an OpenAPI 3.1 document generated from the shared contracts', async () => {
    const res = await new TestClient(t.baseUrl).get<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { oneOf: Array<{ oneOf?: Array<{ properties: Record<string, unknown> }> }> } }> } }>> }>('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/measurements', '/api/patients', '/api/alerts', '/api/patients/{patientId}/measurements']));
    const single = res.body.paths['/api/measurements']?.post?.requestBody?.content['application/json']?.schema.oneOf[0];
    expect(single?.oneOf?.map((s) => Object.keys(s.properties)).flat()).toEqual(expect.arrayContaining(['id', 'kind', 'value', 'unit', 'measuredAt', 'source']));
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await new TestClient(t.baseUrl).get<{ error: { code: string } }>('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('seeds the demo data set once, with every colour on the board, and not again on the next start', async () => {
    expect(await seedDemo(t.database)).toBe(true);
    const count = async () => (await t.database.rows<{ n: number }>(sql`select (select count(*) from patients) + (select count(*) from measurements) as n`))[0]?.n;
    const before = await count();
    expect(await seedDemo(t.database)).toBe(false);
    expect(await count()).toBe(before);
    const nurse = await new TestClient(t.baseUrl).login('hospital@demo.naer.dk', 'naer-demo');
    const board = await nurse.get<{ items: Array<{ status: string }> }>('/api/patients');
    expect(board.body.items.length).toBeGreaterThanOrEqual(20);
    expect(new Set(board.body.items.map((p) => p.status))).toEqual(new Set(['red', 'yellow', 'green']));
    for (const email of ['patient@demo.naer.dk', 'gp@demo.naer.dk', 'kommune@demo.naer.dk', 'parorende@demo.naer.dk']) {
      expect((await new TestClient(t.baseUrl).post('/api/auth/login', { email, password: 'naer-demo' })).status, email).toBe(200);
    }
    // Every clinician tool has something to show: visits with scores, notes from each sector, questionnaire history.
    const [demo] = await t.database.rows<{ visits: number; early: number; notes: number; sectors: number; cat: number; daily: number }>(sql`
      select (select count(*)::int from visits) as visits,
             (select count(*)::int from alerts where rule = 'early_warning' and status <> 'resolved') as early,
             (select count(*)::int from care_team_notes) as notes,
             (select count(distinct o.type)::int from care_team_notes n join organisations o on o.id = n.organisation_id) as sectors,
             (select count(*)::int from questionnaire_responses where questionnaire_id = 'cat-weekly') as cat,
             (select count(*)::int from questionnaire_responses where questionnaire_id in ('copd-daily', 'hf-daily')) as daily`);
    expect(demo).toMatchObject({ visits: 3, early: 1, notes: 4, sectors: 3 });
    expect(demo?.cat).toBeGreaterThanOrEqual(20);
    expect(demo?.daily).toBeGreaterThanOrEqual(200);
    // The population dashboard has months of involvement answers (1–5) to show, none of them an alert.
    const monthly = await t.database.rows<{ month: string; answers: number; average: number }>(sql`
      select to_char(answered_at at time zone 'Europe/Copenhagen', 'YYYY-MM') as month, count(*)::int as answers, avg(score)::float as average
        from questionnaire_responses where questionnaire_id = 'involvement-monthly' group by 1 order by 1`);
    const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit' }).format(new Date());
    const past = monthly.filter((m) => m.month < thisMonth).slice(-4);
    expect(past).toHaveLength(4);
    for (const m of past) expect(m.answers).toBeGreaterThanOrEqual(8);
    expect(past.some((m) => m.answers < 20)).toBe(true);
    expect((past.at(-1)?.average ?? 0) - (past[0]?.average ?? 0)).toBeGreaterThan(0);
    const [checks] = await t.database.rows<{ out_of_range: number; alerts: number }>(sql`
      select (select count(*)::int from questionnaire_responses where questionnaire_id = 'involvement-monthly' and (score not between 1 and 5 or score <> (answers->>'involved')::int)) as out_of_range,
             (select count(*)::int from alerts where rule = 'q:involvement-monthly') as alerts`);
    expect(checks).toEqual({ out_of_range: 0, alerts: 0 });
  }, 120_000);
});
