import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogPage } from '@naer/shared';
import { seedDemo } from '../../server/src/demo/seed';
import { createMatrixFixture, visitBody } from '../support/endpoints';
import type { MatrixFixture } from '../support/endpoints';
import { validateFhirResource } from '../support/fhir-validator';
import type { TestUser } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

interface Resource {
  resourceType: string;
  id: string;
  subject?: { reference?: string };
  participant?: Array<{ actor: { reference?: string } }>;
  status?: string;
}
interface Bundle {
  resourceType: string;
  type: string;
  timestamp: string;
  entry: Array<{ fullUrl: string; resource: Resource }>;
}

let t: TestApp;
let f: MatrixFixture;
const HOSTILE_NAME = 'Åse <script>alert("x")</script> & Ørsted';
/** What the target patient has in Naer, by id, filled in before the tests. */
const held = { readings: [] as string[], answers: [] as string[], alerts: [] as string[], visits: [] as string[], consultations: [] as string[], messages: [] as string[], otherReading: '' };

const login = (user: TestUser) => new TestClient(t.baseUrl).login(user.email, user.password);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function download(client: TestClient, patientId: string, file: 'export.json' | 'export.html') {
  const res = await fetch(`${t.baseUrl}/api/patients/${patientId}/export${file.slice('export'.length)}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), csp: res.headers.get('content-security-policy'), text: await res.text() };
}

async function submit(client: TestClient, body: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  const res = await client.post('/api/measurements', { id, measuredAt: minutesAgo(5), source: 'manual', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  expect(await seedDemo(t.database)).toBe(true);
  f = await createMatrixFixture(t.database);
  await t.database.rows(sql`update patients set name = ${HOSTILE_NAME} where id = ${f.patient.patientId}::uuid`);

  const me = await login(f.patient);
  held.readings.push(await submit(me, { kind: 'spo2', value: 96, unit: '%' }));
  held.readings.push(await submit(me, { kind: 'spo2', value: 84, unit: '%' }));
  held.readings.push(await submit(me, { kind: 'heart_rate', value: 135, unit: '/min' }));
  held.readings.push(await submit(me, { kind: 'blood_pressure', value: { systolic: 128, diastolic: 82 }, unit: 'mm[Hg]' }));
  const answerId = randomUUID();
  const answer = await me.post('/api/questionnaire-responses', {
    id: answerId, patientId: f.patient.patientId, questionnaireId: 'copd-daily', version: 1, answers: { breathless: 1, 'sputum-amount': 0, 'sputum-colour': 0, cough: 1 }, answeredAt: minutesAgo(3), source: 'manual',
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  held.answers.push(answerId);

  const nurse = await login(f.hospital.clinician);
  const visit = visitBody();
  expect((await nurse.post(`/api/patients/${f.patient.patientId}/visits`, visit)).status).toBe(201);
  held.visits.push(visit.id);
  const booked = await nurse.post<{ consultation: { id: string } }>('/api/consultations', {
    patientId: f.patient.patientId, startsAt: new Date(Date.now() + 3_600_000).toISOString(), durationMinutes: 20, type: 'follow_up', purpose: 'Tal om iltmætningen <b>nu</b>', participantUserIds: [f.patient.id],
  });
  expect(booked.status).toBe(201);
  held.consultations.push(booked.body.consultation.id);
  for (const [sender, body] of [[me, 'Jeg er lidt forpustet i dag'], [nurse, 'Tak, vi ringer <b>i eftermiddag</b>']] as const) {
    const id = randomUUID();
    expect((await sender.post(`/api/patients/${f.patient.patientId}/messages`, { id, body })).status).toBe(201);
    held.messages.push(id);
  }

  const alerts = await t.database.rows<{ id: string }>(sql`select id from alerts where patient_id = ${f.patient.patientId}::uuid order by opened_at`);
  held.alerts.push(...alerts.map((a) => a.id));
  const [first] = held.alerts;
  if (!first) throw new Error('the red readings raised no alert');
  const resolved = await nurse.post(`/api/alerts/${first}/resolve`, { outcome: 'contacted_patient', note: 'Ringede <i>op</i>; fint nu' });
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);

  held.otherReading = await submit(await login(f.otherPatient), { kind: 'spo2', value: 95, unit: '%' });
});
afterAll(async () => t.stop());

describe('the patient\u2019s copy as FHIR', () => {
  it('is a valid collection Bundle of every reading, answer, score, visit, alert and consultation of the patient, and nothing of another', async () => {
    const res = await download(await login(f.patient), f.patient.patientId, 'export.json');
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/fhir+json');
    expect(res.disposition).toMatch(/^attachment; filename="naer-aase-script-alert-x-script-oersted-\d{4}-\d{2}-\d{2}\.json"$/);
    const bundle = JSON.parse(res.text) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(Date.parse(bundle.timestamp)).not.toBeNaN();
    validateFhirResource(bundle);
    for (const entry of bundle.entry) {
      expect(() => validateFhirResource(entry.resource), `${entry.resource.resourceType}/${entry.resource.id}`).not.toThrow();
      expect(entry.fullUrl).toBe(`${t.baseUrl}/fhir/R4/${entry.resource.resourceType}/${entry.resource.id}`);
    }

    const ids = (type: string) => bundle.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource.id);
    expect(ids('Patient')).toEqual([f.patient.patientId]);
    const observations = ids('Observation');
    for (const id of held.readings) expect(observations).toContain(id);
    for (const id of held.answers) expect(observations).toContain(`score-${id}`);
    for (const id of held.visits) expect(observations).toEqual(expect.arrayContaining([`tobs-${id}`, `news2-${id}`]));
    expect(ids('QuestionnaireResponse')).toEqual(held.answers);
    expect(ids('Flag').sort()).toEqual([...held.alerts].sort());
    // Open and resolved alerts alike: the first was resolved.
    const flagStatus = Object.fromEntries(bundle.entry.filter((e) => e.resource.resourceType === 'Flag').map((e) => [e.resource.id, e.resource.status]));
    expect(held.alerts.map((id) => flagStatus[id])).toEqual(held.alerts.map((_, i) => (i === 0 ? 'inactive' : 'active')));
    expect(ids('Appointment')).toEqual(held.consultations);
    expect(ids('Communication')).toEqual(held.messages);

    // Every reading the database holds for the patient, and none of the other patient's.
    const stored = await t.database.rows<{ id: string }>(sql`select id from measurements where patient_id = ${f.patient.patientId}::uuid`);
    expect(observations).toEqual(expect.arrayContaining(stored.map((r) => r.id)));
    expect(res.text).not.toContain(held.otherReading);
    expect(res.text).not.toContain(f.otherPatient.patientId);
    for (const entry of bundle.entry.filter((e) => e.resource.resourceType !== 'Patient')) {
      const about = entry.resource.subject?.reference ?? entry.resource.participant?.[0]?.actor.reference;
      expect(about, `${entry.resource.resourceType}/${entry.resource.id}`).toBe(`Patient/${f.patient.patientId}`);
    }
  });

  it('validates for a demo patient with a month of readings, answers, visits, alerts and consultations', async () => {
    const karen = await new TestClient(t.baseUrl).login('patient@demo.naer.dk', 'naer-demo');
    const me = await karen.get<{ user: { patientId: string } }>('/api/auth/me');
    const patientId = me.body.user.patientId;
    const res = await download(karen, patientId, 'export.json');
    expect(res.status).toBe(200);
    const bundle = JSON.parse(res.text) as Bundle;
    expect(bundle.entry.length).toBeGreaterThan(50);
    validateFhirResource(bundle);
    for (const entry of bundle.entry) expect(() => validateFhirResource(entry.resource), `${entry.resource.resourceType}/${entry.resource.id}`).not.toThrow();
    const [{ n } = { n: 0 }] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from measurements where patient_id = ${patientId}::uuid`);
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'Observation' && /^[0-9a-f-]{36}$/.test(e.resource.id))).toHaveLength(n);
  });
});

describe('the patient\u2019s readable copy', () => {
  it('is one Danish HTML page with no scripts or outside files, every text escaped', async () => {
    const res = await download(await login(f.patient), f.patient.patientId, 'export.html');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/html');
    expect(res.disposition).toMatch(/^attachment; filename="naer-aase-script-alert-x-script-oersted-\d{4}-\d{2}-\d{2}\.html"$/);
    expect(res.csp).toContain("default-src 'none'");
    const html = res.text;
    expect(html).toMatch(/^<!doctype html>\s*<html lang="da">/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).toContain('Åse &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Ørsted');
    expect(html).toContain('Tal om iltmætningen &lt;b&gt;nu&lt;/b&gt;');
    expect(html).toContain('Ringede &lt;i&gt;op&lt;/i&gt;; fint nu');
    expect(html).toContain('Tak, vi ringer &lt;b&gt;i eftermiddag&lt;/b&gt;');
    for (const text of ['Om denne fil', 'en pårørende eller en ny læge', 'TeleKOL', 'Dit behandlerteam', 'Dine grænseværdier', 'Iltmætning', 'Rød: under', 'Puls', '135 slag/min', '128/82 mmHg', 'Dine svar på spørgeskemaer', 'TOBS', 'Alarmer og hvad der skete', 'Du blev kontaktet', 'Videokonsultationer', 'Beskeder', 'Jeg er lidt forpustet i dag']) {
      expect(html, text).toContain(text);
    }
  });
});

describe('who may download', () => {
  it('lets an administrator download, and refuses relatives, clinicians and other patients with a plain 403', async () => {
    expect((await download(await login(f.admin), f.patient.patientId, 'export.json')).status).toBe(200);
    for (const user of [f.relativeWithGrant, f.hospital.clinician, f.outsider.clinician, f.otherPatient]) {
      for (const file of ['export.json', 'export.html'] as const) {
        const res = await download(await login(user), f.patient.patientId, file);
        expect(res.status, `${user.email} ${file}`).toBe(403);
        expect(res.text).not.toContain(f.patient.patientId);
        const body = JSON.parse(res.text) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('forbidden');
      }
    }
    const res = await download(await login(f.hospital.clinician), f.patient.patientId, 'export.json');
    expect((JSON.parse(res.text) as { error: { message: string } }).error.message).toMatch(/Only the patient.*FHIR/);
    expect((await fetch(`${t.baseUrl}/api/patients/${f.patient.patientId}/export.json`)).status).toBe(401);
  });

  it('audits every download and refusal, and the patient sees them in the access log', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const me = await login(f.patient);
    await download(me, f.patient.patientId, 'export.json');
    await download(me, f.patient.patientId, 'export.html');
    await download(await login(f.relativeWithGrant), f.patient.patientId, 'export.html');
    await download(await login(f.otherPatient), f.patient.patientId, 'export.json');
    const rows = await t.database.rows<{ user_id: string; action: string; outcome: string; format: string | null }>(sql`
      select user_id, action, outcome, details->>'format' as format from audit_log
       where patient_id = ${f.patient.patientId}::uuid and resource = 'export' and at >= ${before}::timestamptz order by at`);
    expect(rows).toEqual(expect.arrayContaining([
      { user_id: f.patient.id, action: 'download', outcome: 'allowed', format: 'fhir' },
      { user_id: f.patient.id, action: 'download', outcome: 'allowed', format: 'html' },
      { user_id: f.relativeWithGrant.id, action: 'read', outcome: 'refused', format: null },
      { user_id: f.otherPatient.id, action: 'read', outcome: 'refused', format: null },
    ]));

    const log = await me.get<AccessLogPage>(`/api/patients/${f.patient.patientId}/access-log?includeOwn=true`);
    const exports = log.body.items.filter((i) => i.resource === 'export');
    expect(exports.some((i) => i.action === 'download' && i.outcome === 'allowed' && i.who.isPatient)).toBe(true);
    expect(exports.some((i) => i.action === 'read' && i.outcome === 'refused' && i.who.userId === f.relativeWithGrant.id)).toBe(true);
  });
});
