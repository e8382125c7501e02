import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { MeasurementSchema } from '@naer/shared';
import type { Alert, Measurement } from '@naer/shared';
import { alerts, auditLog, measurements } from '../../server/src/db/schema';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let f: Fixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
});
afterAll(async () => t.stop());

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const spo2 = (value: number, extra: Record<string, unknown> = {}) => ({ id: randomUUID(), kind: 'spo2', value, unit: '%', measuredAt: minutesAgo(1), source: 'manual', ...extra });

async function patientClient(user: { email: string; password: string } = f.patient) {
  return new TestClient(t.baseUrl).login(user.email, user.password);
}

async function openAlerts(patientId: string) {
  return t.database.db.select().from(alerts).where(sql`${alerts.patientId} = ${patientId} and ${alerts.status} <> 'resolved'`);
}

describe('submitting a reading', () => {
  it('stores a red SpO2 with its triage, the limit version, and opens one red alert in the same write', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await patientClient(patient);
    const res = await client.post<Measurement>('/api/measurements', spo2(85));
    expect(res.status).toBe(201);
    expect(res.body.patientId).toBe(patient.patientId);
    expect(res.body.triage.level).toBe('red');
    expect(res.body.triage.reasons.map((r) => r.code)).toContain('spo2.absolute.red');
    expect(res.body.limitId).toMatch(/^[0-9a-f-]{36}$/);
    const open = await openAlerts(patient.patientId);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ rule: 'spo2', severity: 'red', status: 'open', lastMeasurementId: res.body.id });
  });

  it('updates the open alert instead of opening another when the same rule is breached again, and raises severity', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await patientClient(patient);
    expect((await client.post('/api/measurements', spo2(90))).status).toBe(201);
    expect((await openAlerts(patient.patientId))[0]?.severity).toBe('yellow');
    expect((await client.post('/api/measurements', spo2(86))).status).toBe(201);
    const open = await openAlerts(patient.patientId);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: 'red', breaches: 2 });
  });

  it('routes a new red alert to the first organisation in the chain with a claim deadline', async () => {
    const patient = await createPatient(t.database, [f.hospital.id, f.municipality.id]);
    await (await patientClient(patient)).post('/api/measurements', spo2(85));
    const [alert] = await openAlerts(patient.patientId);
    expect(alert?.responsibleOrgId).toBe(f.hospital.id);
    expect(alert?.claimDueAt?.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
  });

  it('closes the patient\u2019s missing-reading alert when a reading arrives', async () => {
    const patient = await createPatient(t.database, [f.municipality.id]);
    await t.database.rows(sql`insert into alerts (patient_id, rule, severity, reasons, opened_at, updated_at) values (${patient.patientId}::uuid, 'missing', 'missing', '[]'::jsonb, now(), now())`);
    await (await patientClient(patient)).post('/api/measurements', spo2(96));
    expect(await openAlerts(patient.patientId)).toHaveLength(0);
    const [closed] = await t.database.db.select().from(alerts).where(eq(alerts.patientId, patient.patientId));
    expect(closed).toMatchObject({ status: 'resolved', outcome: 'reading_received' });
  });

  it('opens no alert for a green reading and answers with what it means', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const res = await (await patientClient(patient)).post<Measurement>('/api/measurements', spo2(96));
    expect(res.status).toBe(201);
    expect(res.body.triage.level).toBe('green');
    expect(await openAlerts(patient.patientId)).toHaveLength(0);
  });

  it('converts lb, kPa and °F to canonical units and keeps the original value and unit', async () => {
    const patient = await createPatient(t.database, [f.hospital.id], { programmes: ['heart_failure'] });
    const client = await patientClient(patient);
    const weight = await client.post<Measurement>('/api/measurements', { id: randomUUID(), kind: 'body_weight', value: 176.4, unit: 'lb', measuredAt: minutesAgo(3), source: 'manual' });
    expect(weight.status).toBe(201);
    expect(weight.body.value).toBeCloseTo(80.01, 2);
    expect(weight.body).toMatchObject({ unit: 'kg', original: { value: 176.4, unit: 'lb' } });
    const bp = await client.post<Measurement>('/api/measurements', { id: randomUUID(), kind: 'blood_pressure', value: { systolic: 16, diastolic: 10.7 }, unit: 'kPa', measuredAt: minutesAgo(2), source: 'manual' });
    expect(bp.status).toBe(201);
    expect(bp.body.value).toEqual({ systolic: 120, diastolic: 80 });
    expect(bp.body.unit).toBe('mm[Hg]');
    const temp = await client.post<Measurement>('/api/measurements', { id: randomUUID(), kind: 'body_temperature', value: 100.4, unit: '[degF]', measuredAt: minutesAgo(1), source: 'manual' });
    expect(temp.status).toBe(201);
    expect(temp.body.value).toBe(38);
  });

  it('lets a clinician on the care team enter a reading on the patient\u2019s behalf, naming the patient', async () => {
    const nurse = await new TestClient(t.baseUrl).login(f.municipality.clinician.email, f.municipality.clinician.password);
    const res = await nurse.post<Measurement>('/api/measurements', spo2(94, { source: 'nurse', patientId: f.patient.patientId }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ patientId: f.patient.patientId, source: 'nurse', enteredBy: f.municipality.clinician.id });
  });

  it('writes an audit record for the submission', async () => {
    const client = await patientClient();
    const body = spo2(95);
    await client.post('/api/measurements', body);
    const rows = await t.database.db.select().from(auditLog).where(sql`${auditLog.details}->>'measurementId' = ${body.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: f.patient.id, patientId: f.patient.patientId, resource: 'measurement', action: 'create' });
  });
});

describe('idempotency', () => {
  it('answers a replay with the same stored record and stores it once', async () => {
    const client = await patientClient();
    const body = spo2(87);
    const first = await client.post<Measurement>('/api/measurements', body);
    const second = await client.post<Measurement>('/api/measurements', body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await t.database.db.select().from(measurements).where(eq(measurements.id, body.id))).toHaveLength(1);
  });

  it('treats the same time in another offset as the same payload', async () => {
    const client = await patientClient();
    const at = new Date(Date.now() - 120_000);
    const body = spo2(95, { measuredAt: at.toISOString() });
    await client.post('/api/measurements', body);
    const local = new Date(at.getTime() + 3_600_000).toISOString().replace('Z', '+01:00');
    expect((await client.post('/api/measurements', { ...body, measuredAt: local })).status).toBe(201);
  });

  it('refuses the same id with a different payload with 409 and keeps the original', async () => {
    const client = await patientClient();
    const body = spo2(95);
    await client.post('/api/measurements', body);
    const res = await client.post<{ error: { code: string; message: string } }>('/api/measurements', { ...body, value: 96 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/id/);
    const [row] = await t.database.db.select().from(measurements).where(eq(measurements.id, body.id));
    expect(row?.value).toBe(95);
  });

  it('stores concurrent duplicates of one submission once', async () => {
    const client = await patientClient();
    const body = spo2(93);
    const results = await Promise.all(Array.from({ length: 5 }, () => client.post('/api/measurements', body)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await t.database.db.select().from(measurements).where(eq(measurements.id, body.id))).toHaveLength(1);
  });
});

describe('batches', () => {
  it('stores a batch and answers with every record', async () => {
    const client = await patientClient();
    const batch = [spo2(95), { id: randomUUID(), kind: 'heart_rate', value: 72, unit: '/min', measuredAt: minutesAgo(1), source: 'manual' }];
    const res = await client.post<{ measurements: Measurement[] }>('/api/measurements', { measurements: batch });
    expect(res.status).toBe(201);
    expect(res.body.measurements.map((m) => m.id)).toEqual(batch.map((b) => b.id));
  });

  it('stores nothing of a batch when one reading is bad, and names it', async () => {
    const client = await patientClient();
    const good = spo2(95);
    const res = await client.post<{ error: { message: string; details: Array<{ path: string }> } }>('/api/measurements', { measurements: [good, spo2(30)] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]?.path).toBe('measurements.1.value');
    expect(await t.database.db.select().from(measurements).where(eq(measurements.id, good.id))).toHaveLength(0);
  });

  it('rolls back the whole batch when a later reading conflicts', async () => {
    const client = await patientClient();
    const stored = spo2(95);
    await client.post('/api/measurements', stored);
    const fresh = spo2(94);
    const res = await client.post('/api/measurements', { measurements: [fresh, { ...stored, value: 90 }] });
    expect(res.status).toBe(409);
    expect(await t.database.db.select().from(measurements).where(eq(measurements.id, fresh.id))).toHaveLength(0);
  });
});

describe('bad input gets a 4xx naming the field, and stores nothing', () => {
  const cases: Array<[string, unknown, number, RegExp]> = [
    ['malformed JSON', '{"kind": "spo2",', 400, /JSON/],
    ['no body', undefined, 400, /JSON body/],
    ['an unknown kind', { ...spo2(95), kind: 'glucose' }, 400, /kind must be one of/],
    ['an unknown unit', { ...spo2(95), unit: 'kg' }, 400, /unit for spo2 must be %/],
    ['SpO2 below the plausible range', spo2(30), 400, /value must be between 50 and 100/],
    ['a weight above the plausible range', { id: randomUUID(), kind: 'body_weight', value: 400, unit: 'kg', measuredAt: minutesAgo(1), source: 'manual' }, 400, /value must be between 20 and 350/],
    ['a diastolic outside the plausible range', { id: randomUUID(), kind: 'blood_pressure', value: { systolic: 120, diastolic: 10 }, unit: 'mm[Hg]', measuredAt: minutesAgo(1), source: 'manual' }, 400, /value\.diastolic/],
    ['blood pressure without the diastolic', { id: randomUUID(), kind: 'blood_pressure', value: { systolic: 120 }, unit: 'mm[Hg]', measuredAt: minutesAgo(1), source: 'manual' }, 400, /diastolic/],
    ['a value that is not a number', { ...spo2(95), value: '95' }, 400, /value/],
    ['a timestamp in the future', spo2(95, { measuredAt: new Date(Date.now() + 3_600_000).toISOString() }), 400, /measuredAt: lies in the future/],
    ['a timestamp that is not a date', spo2(95, { measuredAt: 'yesterday' }), 400, /measuredAt/],
    ['a missing id', { ...spo2(95), id: undefined }, 400, /id/],
    ['an id that is not a UUID', spo2(95, { id: '123' }), 400, /id must be a UUID/],
    ['an unknown source', spo2(95, { source: 'telepathy' }), 400, /source must be one of/],
    ['an unknown field', spo2(95, { colour: 'red' }), 400, /colour/],
    ['an empty batch', { measurements: [] }, 400, /at least one/],
    ['an oversized batch', { measurements: Array.from({ length: 101 }, () => spo2(95)) }, 400, /at most 100/],
    ['an oversized body', { ...spo2(95), device: { name: 'x'.repeat(300_000) } }, 413, /too large/],
  ];
  it.each(cases)('refuses %s', async (_name, body, status, message) => {
    const client = await patientClient();
    const before = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from measurements`);
    const res = await client.request<{ error: { message: string } }>('POST', '/api/measurements', body, body === undefined ? { 'content-type': 'application/json' } : {});
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    const after = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from measurements`);
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('asks a clinician to name the patient', async () => {
    const nurse = await new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
    const res = await nurse.post<{ error: { message: string } }>('/api/measurements', spo2(95, { source: 'nurse' }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/patientId/);
  });
});

describe('access', () => {
  it('refuses a submission without a session with 401', async () => {
    expect((await new TestClient(t.baseUrl).post('/api/measurements', spo2(95))).status).toBe(401);
  });

  it('answers 404 for an unknown patient', async () => {
    const nurse = await new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
    expect((await nurse.post('/api/measurements', spo2(95, { patientId: randomUUID() }))).status).toBe(404);
    expect((await nurse.get(`/api/patients/${randomUUID()}/measurements`)).status).toBe(404);
  });

  it('refuses a clinician whose organisation is not on the care team with 403, and audits the refusal', async () => {
    const outsider = await new TestClient(t.baseUrl).login(f.outsider.clinician.email, f.outsider.clinician.password);
    const body = spo2(95, { source: 'nurse', patientId: f.patient.patientId });
    expect((await outsider.post('/api/measurements', body)).status).toBe(403);
    expect((await outsider.get(`/api/patients/${f.patient.patientId}/measurements`)).status).toBe(403);
    expect(await t.database.db.select().from(measurements).where(eq(measurements.id, body.id))).toHaveLength(0);
    const refused = await t.database.db.select().from(auditLog).where(sql`${auditLog.userId} = ${f.outsider.clinician.id} and ${auditLog.outcome} = 'refused'`);
    expect(refused.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a batch for a patient outside the care team with 403, stores none of it, keeps the refusal in the audit log, and goes on serving', async () => {
    const outsider = await new TestClient(t.baseUrl).login(f.outsider.clinician.email, f.outsider.clinician.password);
    const batch = [spo2(95, { source: 'nurse', patientId: f.patient.patientId }), spo2(94, { source: 'nurse', patientId: f.patient.patientId })];
    const countRefused = async () =>
      (await t.database.db.select().from(auditLog).where(sql`${auditLog.userId} = ${f.outsider.clinician.id} and ${auditLog.patientId} = ${f.patient.patientId} and ${auditLog.outcome} = 'refused'`)).length;
    const before = await countRefused();
    const res = await outsider.post<{ error: { message: string } }>('/api/measurements', { measurements: batch });
    expect(res.status).toBe(403);
    expect(await t.database.db.select().from(measurements).where(sql`${measurements.id} in (${batch[0]?.id}, ${batch[1]?.id})`)).toHaveLength(0);
    expect(await countRefused()).toBe(before + 1);
    // A patient's batch naming someone else is refused the same way, and the server still answers the next request.
    const patient = await patientClient();
    expect((await patient.post('/api/measurements', { measurements: [spo2(96), spo2(95, { patientId: f.otherPatient.patientId })] })).status).toBe(403);
    expect((await patient.post('/api/measurements', spo2(97))).status).toBe(201);
  });

  it('refuses a patient writing or reading another patient with 403', async () => {
    const client = await patientClient();
    expect((await client.post('/api/measurements', spo2(95, { patientId: f.otherPatient.patientId }))).status).toBe(403);
    expect((await client.get(`/api/patients/${f.otherPatient.patientId}/measurements`)).status).toBe(403);
  });

  it('keeps the patient list for clinicians', async () => {
    expect((await (await patientClient()).get('/api/patients')).status).toBe(403);
  });
});

describe('reading history and alerts', () => {
  it('pages through a patient\u2019s readings newest first and filters by kind and time', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await patientClient(patient);
    for (let i = 10; i >= 1; i--) await client.post('/api/measurements', spo2(94, { measuredAt: minutesAgo(i * 10) }));
    await client.post('/api/measurements', { id: randomUUID(), kind: 'heart_rate', value: 70, unit: '/min', measuredAt: minutesAgo(5), source: 'manual' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Measurement[]; nextCursor: string | null } } = await client.get(`/api/patients/${patient.patientId}/measurements?kind=spo2&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((m) => m.measuredAt));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(10);
    expect([...seen].sort().reverse()).toEqual(seen);
    const recent = await client.get<{ items: Measurement[] }>(`/api/patients/${patient.patientId}/measurements?from=${encodeURIComponent(minutesAgo(35))}`);
    expect(recent.body.items.map((m) => m.kind).sort()).toEqual(['heart_rate', 'spo2', 'spo2', 'spo2']);
    expect((await client.get(`/api/patients/${patient.patientId}/measurements?limit=0`)).status).toBe(400);
    expect((await client.get(`/api/patients/${patient.patientId}/measurements?kind=glucose`)).status).toBe(400);
  });

  it('shows each reading in the history exactly as it was stored and answered, whatever its kind, unit and device', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await patientClient(patient);
    const sent = [
      spo2(91.5, { measuredAt: minutesAgo(9) }),
      { id: randomUUID(), kind: 'blood_pressure', value: { systolic: 17.3, diastolic: 10.1 }, unit: 'kPa', measuredAt: minutesAgo(8), source: 'manual' },
      { id: randomUUID(), kind: 'body_weight', value: 176.4, unit: 'lb', measuredAt: minutesAgo(7), source: 'manual' },
      { id: randomUUID(), kind: 'body_temperature', value: 100.2, unit: '[degF]', measuredAt: minutesAgo(6), source: 'manual' },
      spo2(97, { measuredAt: minutesAgo(5), source: 'device', quality: 'questionable', device: { name: 'Oximeter', characteristic: '0x2A5E', flags: ['questionable'] } }),
      // A name as a device reports it: quotes, a backslash and Danish letters survive the JSON built in SQL.
      spo2(96, { measuredAt: minutesAgo(4), source: 'device', device: { name: 'Pulsoximeter "Ærø" \\ 2', characteristic: '0x2A5F' } }),
    ];
    const answers: Measurement[] = [];
    for (const reading of sent) {
      const res = await client.post<Measurement>('/api/measurements', reading);
      expect(res.status).toBe(201);
      answers.push(res.body);
    }
    const history = await client.get<{ items: Measurement[] }>(`/api/patients/${patient.patientId}/measurements`);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([...answers].reverse());
    for (const item of history.body.items) expect(MeasurementSchema.safeParse(item).success).toBe(true);
  });

  it('sends a long history compressed to a client that accepts gzip, and the same JSON uncompressed to one that does not', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await patientClient(patient);
    for (let i = 0; i < 12; i++) expect((await client.post('/api/measurements', spo2(95, { measuredAt: minutesAgo(60 - i) }))).status).toBe(201);
    const get = (acceptEncoding?: string) =>
      new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
        const url = new URL(`/api/patients/${patient.patientId}/measurements`, t.baseUrl);
        const headers: Record<string, string> = { cookie: client.cookie ?? '' };
        if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
        request(url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
    const plain = await get();
    const zipped = await get('gzip');
    expect(plain.encoding).toBeUndefined();
    expect(zipped.encoding).toBe('gzip');
    expect(zipped.vary).toMatch(/accept-encoding/i);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    const items = (JSON.parse(plain.body.toString()) as { items: unknown[] }).items;
    expect(items).toHaveLength(12);
    expect(gunzipSync(zipped.body).toString()).toBe(plain.body.toString());
  });

  it('judges a reading against the patient’s own earlier readings: a 2.5 kg weight gain in 3 days is red for heart failure, the same weight without that history is green', async () => {
    const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();
    const weight = (value: number, at: string) => ({ id: randomUUID(), kind: 'body_weight', value, unit: 'kg', measuredAt: at, source: 'manual' });
    const gaining = await createPatient(t.database, [f.hospital.id], { programmes: ['heart_failure'] });
    const client = await patientClient(gaining);
    expect((await client.post('/api/measurements', weight(80, hoursAgo(60)))).status).toBe(201);
    expect((await client.post('/api/measurements', weight(80.5, hoursAgo(30)))).status).toBe(201);
    const gained = await client.post<Measurement>('/api/measurements', weight(82.5, hoursAgo(1)));
    expect(gained.status).toBe(201);
    expect(gained.body.triage.level).toBe('red');
    expect(gained.body.triage.reasons.map((r) => r.code)).toContain('body_weight.trend.red');

    const steady = await createPatient(t.database, [f.hospital.id], { programmes: ['heart_failure'] });
    const first = await (await patientClient(steady)).post<Measurement>('/api/measurements', weight(82.5, hoursAgo(1)));
    expect(first.body.triage.level).toBe('green');
  });

  it('lists open alerts most urgent first, and changes after a cursor for resync', async () => {
    const patient = await createPatient(t.database, [f.gp.id]);
    const client = await patientClient(patient);
    const gp = await new TestClient(t.baseUrl).login(f.gp.clinician.email, f.gp.clinician.password);
    const start = await gp.get<{ items: Alert[]; cursor: string }>('/api/alerts');
    expect(start.status).toBe(200);
    await client.post('/api/measurements', { id: randomUUID(), kind: 'heart_rate', value: 105, unit: '/min', measuredAt: minutesAgo(2), source: 'manual' });
    await client.post('/api/measurements', spo2(85));
    const open = await gp.get<{ items: Alert[] }>('/api/alerts');
    const mine = open.body.items.filter((a) => a.patientId === patient.patientId);
    expect(mine.map((a) => a.severity)).toEqual(['red', 'yellow']);
    // The alert API names the patient, so a screen can show alerts for patients it has not loaded.
    expect(mine.map((a) => a.patientName)).toEqual([patient.name, patient.name]);
    const since = await gp.get<{ items: Alert[]; cursor: string }>(`/api/alerts?after=${start.body.cursor}`);
    const changed = since.body.items.filter((a) => a.patientId === patient.patientId);
    expect(changed).toHaveLength(2);
    // Nothing new after that cursor: a change may be repeated (another transaction on the server was in flight), never newer.
    const none = await gp.get<{ items: Alert[] }>(`/api/alerts?after=${since.body.cursor}`);
    const repeated = none.body.items.filter((a) => a.patientId === patient.patientId);
    expect(repeated.every((a) => changed.some((c) => c.id === a.id && c.cursor === a.cursor))).toBe(true);
    await client.post('/api/measurements', spo2(84));
    const next = await gp.get<{ items: Alert[] }>(`/api/alerts?after=${since.body.cursor}`);
    expect(next.body.items.find((a) => a.patientId === patient.patientId && a.rule === 'spo2')?.breaches).toBe(2);
    expect((await gp.get('/api/alerts?after=abc')).status).toBe(400);
  });

  it('shows the clinician\u2019s board most urgent first, with the latest value per kind', async () => {
    const nurse = await new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
    const client = await patientClient(f.otherPatient);
    await client.post('/api/measurements', spo2(86));
    const board = await nurse.get<{ items: Array<{ id: string; status: string; latest: Array<{ kind: string; value: number }> }> }>('/api/patients');
    expect(board.status).toBe(200);
    const ranks = board.body.items.map((p) => ['red', 'review', 'yellow', 'missing', 'green'].indexOf(p.status));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    const row = board.body.items.find((p) => p.id === f.otherPatient.patientId);
    expect(row?.status).toBe('red');
    expect(row?.latest.find((l) => l.kind === 'spo2')?.value).toBe(86);
    const outsider = await new TestClient(t.baseUrl).login(f.outsider.clinician.email, f.outsider.clinician.password);
    const theirs = await outsider.get<{ items: Array<{ id: string }> }>('/api/patients');
    expect(theirs.body.items.map((p) => p.id)).not.toContain(f.otherPatient.patientId);
  });

  it('keeps the latest value when an older reading arrives late', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const client = await patientClient(patient);
    await client.post('/api/measurements', spo2(97, { measuredAt: minutesAgo(1) }));
    await client.post('/api/measurements', spo2(93, { measuredAt: minutesAgo(60) }));
    const summary = await client.get<{ latest: Array<{ kind: string; value: number }> }>(`/api/patients/${patient.patientId}`);
    expect(summary.body.latest.find((l) => l.kind === 'spo2')?.value).toBe(97);
  });
});

describe('fail to a person, never to green', () => {
  it('keeps a reading for a patient without limits and raises a review alert', async () => {
    const patient = await createPatient(t.database, [f.hospital.id], { withLimits: false });
    const res = await (await patientClient(patient)).post<Measurement>('/api/measurements', spo2(96));
    expect(res.status).toBe(201);
    expect(res.body.triage.level).toBe('review');
    expect(res.body.limitId).toBeNull();
    const open = await openAlerts(patient.patientId);
    expect(open).toHaveLength(1);
    expect(open[0]?.severity).toBe('review');
  });

  it('raises a review alert when the stored limits are unreadable', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    await t.database.rows(sql`insert into patient_limits (patient_id, kind, rules, valid_from, reason) values (${patient.patientId}::uuid, 'spo2', '{"broken": true}'::jsonb, now() - interval '1 day', 'corrupt')`);
    const res = await (await patientClient(patient)).post<Measurement>('/api/measurements', spo2(96));
    expect(res.status).toBe(201);
    expect(res.body.triage.level).toBe('review');
    expect((await openAlerts(patient.patientId))[0]?.severity).toBe('review');
  });

  it('never triages a device-flagged reading green', async () => {
    const patient = await createPatient(t.database, [f.hospital.id]);
    const res = await (await patientClient(patient)).post<Measurement>('/api/measurements', spo2(97, { source: 'device', quality: 'questionable', device: { name: 'Oximeter', characteristic: '0x2A5E', flags: ['questionable'] } }));
    expect(res.status).toBe(201);
    expect(res.body.triage.level).toBe('questionable');
    expect((await openAlerts(patient.patientId))[0]?.severity).toBe('review');
  });
});
