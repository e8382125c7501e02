import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { NewSystemClient } from '@naer/shared';
import { createFixture } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

type Outcome = { resourceType: string; issue: Array<{ code: string; diagnostics: string; expression?: string[] }> };

let t: TestApp;
let f: Fixture;
let hospitalToken: string;
let outsiderToken: string;

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

const observation = (patientId: string, code: { system: string; code: string }, value: Record<string, unknown>, identifier = randomUUID()) => ({
  resourceType: 'Observation',
  status: 'final',
  identifier: [{ system: 'urn:device-hub:readings', value: identifier }],
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
  code: { coding: [code] },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: minutesAgo(3),
  ...value,
});
const transaction = (...resources: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry: resources.map((resource) => ({ resource, request: { method: 'POST', url: 'Observation' } })) });
const LOINC = 'http://loinc.org';

async function post(token: string | null, body: unknown) {
  const res = await fetch(`${t.baseUrl}/fhir/R4`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Record<string, unknown> };
}

const readings = async (patientId: string) =>
  (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from measurements where patient_id = ${patientId}::uuid`))[0]?.n ?? 0;

beforeAll(async () => {
  t = await startTestApp();
  f = await createFixture(t.database);
  const admin = await new TestClient(t.baseUrl).login(f.admin.email, f.admin.password);
  hospitalToken = (await admin.post<NewSystemClient>('/api/admin/system-clients', { name: 'Device hub', organisationId: f.hospital.id })).body.token;
  outsiderToken = (await admin.post<NewSystemClient>('/api/admin/system-clients', { name: 'Other region', organisationId: f.outsider.id })).body.token;
});
afterAll(async () => t.stop());

describe('FHIR in: POST /fhir/R4 with a transaction Bundle', () => {
  it('stores vital signs like the app: SpO2 85 opens the same red alert, units are converted, a resend is not stored twice', async () => {
    const spo2 = observation(f.patient.patientId, { system: LOINC, code: '59408-5' }, { valueQuantity: { value: 85, unit: '%', system: 'http://unitsofmeasure.org', code: '%' } });
    const weight = observation(f.patient.patientId, { system: 'urn:oid:1.2.208.176.2.1', code: 'NPU03804' }, { valueQuantity: { value: 165, code: '[lb_av]' } });
    const bp = observation(f.patient.patientId, { system: LOINC, code: '85354-9' }, {
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: { value: 128, code: 'mm[Hg]' } },
        { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: { value: 82, code: 'mm[Hg]' } },
      ],
    });
    const bundle = transaction(spo2, weight, bp);
    const before = await readings(f.patient.patientId);
    const res = await post(hospitalToken, bundle);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.type).toContain('application/fhir+json');
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response' });
    expect((res.body.entry as unknown[]).length).toBe(3);
    expect(await readings(f.patient.patientId)).toBe(before + 3);

    const stored = await t.database.rows<{ kind: string; value: number; value2: number | null; unit: string; source: string; entered_by: string; triage_level: string }>(
      sql`select kind::text, value, value2, unit, source::text, entered_by::text, triage_level::text from measurements where patient_id = ${f.patient.patientId}::uuid order by kind::text`,
    );
    expect(stored.find((m) => m.kind === 'spo2')).toMatchObject({ value: 85, triage_level: 'red', source: 'device' });
    expect(stored.find((m) => m.kind === 'body_weight')?.value).toBeCloseTo(74.84, 2);
    expect(stored.find((m) => m.kind === 'blood_pressure')).toMatchObject({ value: 128, value2: 82, unit: 'mm[Hg]' });
    const alerts = await t.database.rows<{ severity: string }>(sql`select severity::text from alerts where patient_id = ${f.patient.patientId}::uuid and rule = 'spo2' and status <> 'resolved'`);
    expect(alerts.map((a) => a.severity)).toEqual(['red']);

    const again = await post(hospitalToken, bundle);
    expect(again.status).toBe(200);
    expect(await readings(f.patient.patientId)).toBe(before + 3);
  });

  it('rejects the whole Bundle when one entry is bad, naming the entry and element, and stores nothing', async () => {
    const good = observation(f.otherPatient.patientId, { system: LOINC, code: '8867-4' }, { valueQuantity: { value: 72, code: '/min' } });
    const noUnit = observation(f.otherPatient.patientId, { system: LOINC, code: '8310-5' }, { valueQuantity: { value: 37.2 } });
    const implausible = observation(f.otherPatient.patientId, { system: LOINC, code: '59408-5' }, { valueQuantity: { value: 150, code: '%' } });
    const before = await readings(f.otherPatient.patientId);
    const res = await post(hospitalToken, transaction(good, noUnit, implausible));
    expect(res.status).toBe(400);
    const outcome = res.body as unknown as Outcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    const expressions = outcome.issue.flatMap((i) => i.expression ?? []);
    expect(expressions).toContain('Bundle.entry[1].resource.valueQuantity.code');
    expect(expressions.some((e) => e.startsWith('Bundle.entry[2].resource.valueQuantity.value'))).toBe(true);
    expect(await readings(f.otherPatient.patientId)).toBe(before);

    const notABundle = await post(hospitalToken, { resourceType: 'Observation' });
    expect(notABundle.status).toBe(400);
    expect((notABundle.body as unknown as Outcome).issue[0]?.diagnostics).toMatch(/Bundle/);
  });

  it('refuses a system whose organisation is not on the care team, and a caller without a credential', async () => {
    const spo2 = observation(f.patient.patientId, { system: LOINC, code: '59408-5' }, { valueQuantity: { value: 95, code: '%' } });
    const outsider = await post(outsiderToken, transaction(spo2));
    expect(outsider.status).toBe(403);
    expect((outsider.body as unknown as Outcome).resourceType).toBe('OperationOutcome');
    expect((await post(null, transaction(spo2))).status).toBe(401);
  });
});
