import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { PatientList } from '@naer/shared';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

type ErrorBody = { error: { message: string; details?: Array<{ path: string }> } };

let t: TestApp;
let f: Fixture;
let nurse: TestClient;
let colleague: TestClient;
/** A separate board: every patient here has the outsider organisation (a hospital) on the care team, and nobody else's patients. */
const p: Record<'copdRed' | 'hfYellow' | 'bothGreen' | 'pausedCopd' | 'withMunicipality', string> = {} as never;

const login = (user: TestUser) => new TestClient(t.baseUrl).login(user.email, user.password);

async function patient(name: string, programmes: Array<'copd' | 'heart_failure'>, extraOrg?: string): Promise<string> {
  const created = await createPatient(t.database, extraOrg ? [f.outsider.id, extraOrg] : [f.outsider.id], { programmes });
  await t.database.rows(sql`update patients set name = ${name} where id = ${created.patientId}::uuid`);
  return created.patientId;
}

async function alert(patientId: string, severity: 'red' | 'yellow', rule = 'spo2') {
  await t.database.rows(sql`insert into alerts (patient_id, rule, severity, reasons, opened_at, updated_at, responsible_org_id)
                            values (${patientId}::uuid, ${rule}, ${severity}::alert_severity, '[]'::jsonb, now(), now(), ${f.outsider.id}::uuid)`);
}

const ids = (list: PatientList) => list.items.map((i) => i.id);
const board = async (client: TestClient, query: string) => {
  const res = await client.get<PatientList>(`/api/patients?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
  p.copdRed = await patient('Anders Rød', ['copd']);
  p.hfYellow = await patient('Bodil Gul', ['heart_failure']);
  p.bothGreen = await patient('Carla Grøn', ['copd', 'heart_failure']);
  p.pausedCopd = await patient('Dennis Pause', ['copd']);
  p.withMunicipality = await patient('Ebba Kommune', ['heart_failure'], f.municipality.id);
  await alert(p.copdRed, 'red');
  await alert(p.hfYellow, 'yellow');
  await alert(p.withMunicipality, 'yellow', 'body_weight');
  await t.database.rows(sql`insert into monitoring_pauses (id, patient_id, starts_at, ends_at, reason, created_by, created_at)
                            values (${randomUUID()}::uuid, ${p.pausedCopd}::uuid, now() - interval '1 day', now() + interval '5 days', 'holiday', ${f.outsider.clinician.id}::uuid, now())`);
  nurse = await login(f.outsider.clinician);
  const other = await t.database.rows<{ id: string }>(sql`insert into users (email, role, organisation_id, display_name, password_hash)
    select 'colleague-' || substr(md5(random()::text), 1, 8) || '@test.naer.dk', 'clinician', ${f.outsider.id}::uuid, 'Kollega', password_hash from users where id = ${f.outsider.clinician.id}::uuid
    returning email`);
  colleague = await new TestClient(t.baseUrl).login((other[0] as unknown as { email: string }).email, f.outsider.clinician.password);
});
afterAll(async () => t.stop());

describe('board filters (server side), combined', () => {
  it('filters by programme, colour, sector, organisation and pause, and they combine', async () => {
    expect(new Set(ids(await board(nurse, 'programme=copd')))).toEqual(new Set([p.copdRed, p.bothGreen, p.pausedCopd]));
    expect(ids(await board(nurse, 'status=red'))).toEqual([p.copdRed]);
    expect(ids(await board(nurse, 'status=red,yellow'))).toEqual([p.copdRed, p.hfYellow, p.withMunicipality]);
    expect(ids(await board(nurse, 'programme=heart_failure&status=yellow'))).toEqual([p.hfYellow, p.withMunicipality]);
    expect(ids(await board(nurse, 'sector=municipality'))).toEqual([p.withMunicipality]);
    expect(ids(await board(nurse, `organisation=${f.municipality.id}`))).toEqual([p.withMunicipality]);
    expect(ids(await board(nurse, 'paused=true'))).toEqual([p.pausedCopd]);
    expect(ids(await board(nurse, 'paused=false&programme=copd'))).toEqual([p.copdRed, p.bothGreen]);
    expect(ids(await board(nurse, 'programme=copd&status=green&paused=false'))).toEqual([p.bothGreen]);
  });

  it('counts each colour over the other filters, so a colour chip shows what it would add', async () => {
    const list = await board(nurse, 'programme=heart_failure&status=red');
    expect(list.items).toHaveLength(0);
    expect(list.counts).toEqual({ red: 0, review: 0, yellow: 2, missing: 0, green: 1, total: 3 });
  });

  it('filters by owner: unclaimed, mine after a claim, my organisation', async () => {
    expect(new Set(ids(await board(nurse, 'owner=unclaimed')))).toEqual(new Set([p.copdRed, p.hfYellow, p.withMunicipality]));
    const [red] = await t.database.rows<{ id: string }>(sql`select id from alerts where patient_id = ${p.copdRed}::uuid`);
    expect((await nurse.post(`/api/alerts/${red?.id}/claim`)).status).toBe(200);
    expect(ids(await board(nurse, 'owner=mine'))).toEqual([p.copdRed]);
    expect(ids(await board(colleague, 'owner=mine'))).toEqual([]);
    expect(new Set(ids(await board(colleague, 'owner=organisation')))).toEqual(new Set([p.copdRed, p.hfYellow, p.withMunicipality]));
    expect(ids(await board(nurse, 'owner=unclaimed')).includes(p.copdRed)).toBe(false);
    const row = (await board(nurse, 'owner=mine')).items[0];
    expect(row?.open).toEqual([expect.objectContaining({ severity: 'red', status: 'claimed', owner: 'outsider-nurse' })]);
  });

  it('sorts by urgency, by name, and by newest reading, and pages a filtered list without gaps', async () => {
    expect(ids(await board(nurse, 'sort=name'))).toEqual([p.copdRed, p.hfYellow, p.bothGreen, p.pausedCopd, p.withMunicipality]);
    const patientUser = await t.database.rows<{ email: string }>(sql`select u.email from users u join patients pt on pt.user_id = u.id where pt.id = ${p.pausedCopd}::uuid`);
    const pc = await new TestClient(t.baseUrl).login(patientUser[0]?.email ?? '', f.outsider.clinician.password);
    expect((await pc.post('/api/measurements', { id: randomUUID(), kind: 'heart_rate', value: 70, unit: '/min', measuredAt: new Date().toISOString(), source: 'manual' })).status).toBe(201);
    expect(ids(await board(nurse, 'sort=latest'))[0]).toBe(p.pausedCopd);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: PatientList = await board(nurse, `sort=name&programme=copd&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([p.copdRed, p.bothGreen, p.pausedCopd]);
  });

  it('shows the last TOBS and NEWS2 on the row when there is a visit', async () => {
    // The outsider organisation is first on these care teams: it answers for home visits (DEFAULT_RESPONSIBILITIES).
    const visit = await nurse.post(`/api/patients/${p.withMunicipality}/visits`, {
      id: randomUUID(), measuredAt: new Date(Date.now() - 60_000).toISOString(), respiratoryRate: 22, spo2: 95, onOxygen: false, systolic: 120, pulse: 95,
      temperature: 37.2, consciousness: 'alert',
    });
    expect(visit.status).toBe(201);
    const row = (await board(nurse, 'sector=municipality')).items[0];
    expect(row?.lastVisit).toMatchObject({ tobs: 3, news2: 4 });
    expect((await board(nurse, 'status=green&programme=copd')).items[0]?.lastVisit).toBeNull();
  });

  it('answers 400 naming the field for a bad filter', async () => {
    for (const [query, field] of [['status=purple', 'status'], ['programme=asthma', 'programme'], ['owner=someone', 'owner'], ['organisation=x', 'organisation'], ['sort=age', 'sort'], ['paused=maybe', 'paused']]) {
      const res = await nurse.get<ErrorBody>(`/api/patients?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toContain(field);
    }
  });
});
