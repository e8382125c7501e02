import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogPage, MeasurementKind, PatientList } from '@naer/shared';
import { DEVICE_CONDITIONS, isQuestionable } from '@naer/shared/devices';
import type { DeviceConditionCode } from '@naer/shared/devices';
import { seedDemo } from '../../server/src/demo/seed';
import { createMatrixFixture } from '../support/endpoints';
import type { MatrixFixture } from '../support/endpoints';
import { validateFhirResource } from '../support/fhir-validator';
import type { TestUser } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

type Json = Record<string, unknown> & { resourceType: string; id?: string };
interface Coding { system: string; code: string }
interface Quantity { value: number; system: string; code: string }
interface Observation extends Json {
  status: string;
  code: { coding: Coding[] };
  category: Array<{ coding: Coding[] }>;
  valueQuantity?: Quantity;
  valueCodeableConcept?: { coding: Coding[] };
  dataAbsentReason?: { coding: Coding[] };
  component?: Array<{ code: { coding: Coding[] }; valueQuantity?: Quantity; dataAbsentReason?: unknown; referenceRange?: unknown[] }>;
  extension?: Array<{ url: string; valueCode?: string }>;
  performer?: Array<{ reference?: string; display?: string }>;
  interpretation?: Array<{ coding: Coding[] }>;
  referenceRange?: Array<{ low?: Quantity; high?: Quantity; text?: string }>;
  contained?: Json[];
}
interface Bundle extends Json {
  type: string;
  link: Array<{ relation: string; url: string }>;
  entry?: Array<{ fullUrl: string; resource: Json }>;
}
interface Outcome extends Json {
  issue: Array<{ severity: string; code: string; diagnostics: string }>;
}

const LOINC = 'http://loinc.org';
const NPU = 'urn:oid:1.2.208.176.2.1';
const UCUM = 'http://unitsofmeasure.org';
/** The codes and UCUM unit each kind must carry (domain.md §2); asserted here because the validator checks structure, not value sets. */
const EXPECTED: Record<Exclude<MeasurementKind, 'blood_pressure' | 'consciousness'>, { loinc: string[]; npu?: string; ucum: string }> = {
  spo2: { loinc: ['2708-6', '59408-5'], npu: 'NPU03011', ucum: '%' },
  heart_rate: { loinc: ['8867-4'], npu: 'NPU21692', ucum: '/min' },
  body_weight: { loinc: ['29463-7'], npu: 'NPU03804', ucum: 'kg' },
  body_temperature: { loinc: ['8310-5'], npu: 'NPU08676', ucum: 'Cel' },
  respiratory_rate: { loinc: ['9279-1'], ucum: '/min' },
};

let t: TestApp;
let f: MatrixFixture;

beforeAll(async () => {
  t = await startTestApp();
  // The demo seeds only an empty database: before the fixture's organisations.
  expect(await seedDemo(t.database)).toBe(true);
  f = await createMatrixFixture(t.database);
});
afterAll(async () => t.stop());

const login = (user: TestUser) => new TestClient(t.baseUrl).login(user.email, user.password);
const codes = (o: { coding: Coding[] }, system: string) => o.coding.filter((c) => c.system === system).map((c) => c.code);

/** Every resource passes @medplum/core's validator (structure, cardinality, types), contained ones included. */
function validate(resource: Json): void {
  expect(() => {
    validateFhirResource(resource);
  }, `${resource.resourceType}/${resource.id ?? ''}`).not.toThrow();
}

async function fhirGet<T extends Json>(client: TestClient, path: string): Promise<{ status: number; body: T; type: string | null }> {
  const res = await fetch(`${t.baseUrl}/fhir/R4${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, body: (await res.json()) as T, type: res.headers.get('content-type') };
}

/** Follows next links to the end, validating each Bundle and every resource in it. */
async function searchAll(client: TestClient, path: string): Promise<{ resources: Json[]; pages: number }> {
  const resources: Json[] = [];
  let next: string | undefined = `${t.baseUrl}/fhir/R4${path}`;
  let pages = 0;
  while (next) {
    const res = await fetch(next, { headers: client.cookie ? { cookie: client.cookie } : {} });
    expect(res.status, next).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const bundle = (await res.json()) as Bundle;
    validate(bundle);
    expect(bundle.type).toBe('searchset');
    for (const entry of bundle.entry ?? []) {
      validate(entry.resource);
      resources.push(entry.resource);
    }
    pages += 1;
    next = bundle.link.find((l) => l.relation === 'next')?.url;
  }
  return { resources, pages };
}

/** The codes a vital-signs Observation must carry for its kind. */
function assertCoded(o: Observation): void {
  if (o.component) {
    expect(codes(o.code, LOINC)).toEqual(['85354-9']);
    const [systolic, diastolic] = o.component;
    expect(systolic && codes(systolic.code, LOINC)).toEqual(['8480-6']);
    expect(systolic && codes(systolic.code, NPU)).toEqual(['DNK05472']);
    expect(diastolic && codes(diastolic.code, LOINC)).toEqual(['8462-4']);
    expect(diastolic && codes(diastolic.code, NPU)).toEqual(['DNK05473']);
    for (const c of o.component) if (c.valueQuantity) expect(c.valueQuantity).toMatchObject({ system: UCUM, code: 'mm[Hg]' });
    return;
  }
  if (o.valueCodeableConcept) return;
  const kind = (Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>).find((k) => codes(o.code, LOINC)[0] === EXPECTED[k].loinc[0]);
  expect(kind, JSON.stringify(o.code)).toBeDefined();
  if (!kind) return;
  expect(codes(o.code, LOINC)).toEqual(EXPECTED[kind].loinc);
  if (EXPECTED[kind].npu) expect(codes(o.code, NPU)).toEqual([EXPECTED[kind].npu]);
  expect(codes(o.category[0] ?? { coding: [] }, 'http://terminology.hl7.org/CodeSystem/observation-category')).toEqual(['vital-signs']);
  if (o.valueQuantity) expect(o.valueQuantity).toMatchObject({ system: UCUM, code: EXPECTED[kind].ucum });
  for (const range of o.referenceRange ?? []) for (const q of [range.low, range.high]) if (q) expect(q).toMatchObject({ system: UCUM, code: EXPECTED[kind].ucum });
}

const extension = (o: Observation, suffix: string) => (o.extension ?? []).filter((e) => e.url.endsWith(suffix)).map((e) => e.valueCode);

describe('the FHIR R4 read API', () => {
  it('describes itself in a valid CapabilityStatement', async () => {
    const res = await fhirGet<Json>(new TestClient(t.baseUrl), '/metadata');
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/fhir+json');
    validate(res.body);
    expect(JSON.stringify(res.body)).toContain('Observation');
  });

  it('emits valid, correctly coded resources for everything in the demo data set', async () => {
    const nurse = await new TestClient(t.baseUrl).login('hospital@demo.naer.dk', 'naer-demo');
    const board = await nurse.get<PatientList>('/api/patients?limit=100');
    expect(board.body.items.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const { id } of board.body.items) {
      const patient = await fhirGet<Json>(nurse, `/Patient/${id}`);
      expect(patient.status).toBe(200);
      validate(patient.body);
      for (const type of ['Observation', 'QuestionnaireResponse', 'Flag', 'Appointment']) {
        const { resources } = await searchAll(nurse, `/${type}?patient=${id}&_count=200`);
        for (const r of resources) seen.add(r.resourceType === 'Observation' ? `Observation:${String((r as Observation).code.coding[0]?.code)}` : r.resourceType);
        for (const r of resources.filter((r): r is Observation => r.resourceType === 'Observation' && (r as Observation).category[0]?.coding[0]?.code === 'vital-signs')) assertCoded(r);
      }
    }
    // The demo has readings, answers with scores, open alerts and home visits with TOBS and NEWS2.
    expect([...seen]).toEqual(expect.arrayContaining(['QuestionnaireResponse', 'Flag', 'Observation:2708-6', 'Observation:tobs', 'Observation:news2']));
  });

  it('codes every kind, unit, source and device flag, with status or dataAbsentReason for flagged readings', async () => {
    const me = await login(f.patient);
    const nurse = await login(f.hospital.clinician);
    const measuredAt = (i: number) => new Date(Date.now() - (i + 1) * 60_000).toISOString();
    let i = 0;
    const submit = async (client: TestClient, body: Record<string, unknown>) => {
      const res = await client.post('/api/measurements', { id: randomUUID(), measuredAt: measuredAt(i++), ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    const readings: Array<Record<string, unknown>> = [
      { kind: 'spo2', value: 95, unit: '%' },
      { kind: 'heart_rate', value: 72, unit: '/min' },
      { kind: 'body_weight', value: 80.4, unit: 'kg' },
      { kind: 'body_weight', value: 180, unit: 'lb' },
      { kind: 'blood_pressure', value: { systolic: 130, diastolic: 85 }, unit: 'mm[Hg]' },
      { kind: 'blood_pressure', value: { systolic: 17, diastolic: 11 }, unit: 'kPa' },
      { kind: 'body_temperature', value: 37.2, unit: 'Cel' },
      { kind: 'body_temperature', value: 100.4, unit: '[degF]' },
      { kind: 'respiratory_rate', value: 16, unit: '/min' },
      { kind: 'spo2', value: 85, unit: '%' },
    ];
    for (const r of readings) await submit(me, { ...r, source: 'manual' });
    for (const r of readings) await submit(nurse, { ...r, source: 'nurse', patientId: f.patient.patientId });
    await submit(nurse, { kind: 'consciousness', value: 'voice', unit: '{level}', source: 'nurse', patientId: f.patient.patientId });
    const flags = Object.keys(DEVICE_CONDITIONS) as DeviceConditionCode[];
    for (const flag of flags) {
      await submit(me, {
        kind: 'spo2', value: 96, unit: '%', source: 'device', quality: isQuestionable([flag]) ? 'questionable' : 'ok',
        device: { name: 'Nonin 3230', manufacturer: 'Nonin', model: '3230', serialNumber: '501234', firmware: '1.2', characteristic: '0x2A5E', flags: [flag] },
      });
    }
    await submit(me, { kind: 'blood_pressure', value: { systolic: 120, diastolic: 80 }, unit: 'mm[Hg]', source: 'device', quality: 'questionable', device: { flags: ['invalid-measurement'] } });

    const { resources } = await searchAll(nurse, `/Observation?patient=${f.patient.patientId}&_count=500`);
    const observations = resources as Observation[];
    expect(observations).toHaveLength(readings.length * 2 + 1 + flags.length + 1);
    for (const o of observations.filter((o) => o.category[0]?.coding[0]?.code === 'vital-signs')) assertCoded(o);
    expect(new Set(observations.flatMap((o) => extension(o, 'measurement-source')))).toEqual(new Set(['manual', 'nurse', 'device']));
    expect(observations.some((o) => o.performer?.[0]?.display?.includes('hospital-nurse'))).toBe(true);
    expect(observations.some((o) => o.performer?.[0]?.reference === `Patient/${f.patient.patientId}`)).toBe(true);

    // Units converted at the edge come out in the canonical UCUM unit: 180 lb is 81.65 kg, 100.4 °F is 38 Cel, 17/11 kPa is 128/83 mm[Hg].
    const values = observations.map((o) => o.valueQuantity?.value);
    expect(values).toEqual(expect.arrayContaining([81.65, 38]));
    expect(observations.some((o) => o.component?.[0]?.valueQuantity?.value === 128 && o.component[1]?.valueQuantity?.value === 83)).toBe(true);

    // The reference range is the limit version the reading was judged against (COPD defaults: SpO2 yellow below 92).
    const red = observations.find((o) => o.valueQuantity?.value === 85);
    expect(red?.interpretation?.[0]?.coding[0]?.code).toBe('AA');
    expect(red?.referenceRange?.[0]?.low?.value).toBe(92);
    const consciousness = observations.find((o) => o.valueCodeableConcept);
    expect(consciousness?.valueCodeableConcept?.coding[0]?.code).toBe('voice');

    for (const flag of flags) {
      const o = observations.find((x) => extension(x, 'device-condition').includes(flag));
      expect(o, flag).toBeDefined();
      if (!o) continue;
      expect(o.contained?.[0]).toMatchObject({ resourceType: 'Device', manufacturer: 'Nonin', serialNumber: '501234' });
      if (!DEVICE_CONDITIONS[flag].questionable) {
        expect(o.status, flag).toBe('final');
        expect(o.valueQuantity?.value, flag).toBe(96);
      } else if (o.dataAbsentReason) {
        expect(o.valueQuantity, flag).toBeUndefined();
        expect(['final', 'cancelled']).toContain(o.status);
      } else {
        expect(o.status, flag).toBe('preliminary');
      }
    }
    expect(observations.find((o) => extension(o, 'device-condition').includes('demonstration-data'))?.dataAbsentReason?.coding[0]?.code).toBe('not-performed');
    const invalidBp = observations.find((o) => o.component && extension(o, 'device-condition').includes('invalid-measurement'));
    expect(invalidBp?.component?.every((c) => c.dataAbsentReason && !c.valueQuantity)).toBe(true);

    // Filters: a code (LOINC or NPU) and a date range.
    const weights = await searchAll(nurse, `/Observation?patient=${f.patient.patientId}&code=http://loinc.org|29463-7`);
    expect(weights.resources).toHaveLength(4);
    const npu = await searchAll(nurse, `/Observation?patient=${f.patient.patientId}&code=NPU03804,8310-5`);
    expect(npu.resources).toHaveLength(8);
    const none = await searchAll(nurse, `/Observation?patient=${f.patient.patientId}&date=lt2000-01-01`);
    expect(none.resources).toHaveLength(0);

    // One reading by id is the same resource as in the search.
    const one = observations[0];
    const read = await fhirGet<Observation>(nurse, `/Observation/${one?.id ?? ''}`);
    expect(read.body).toEqual(one);
  });

  it('pages with next links that visit every match once, newest first', async () => {
    const nurse = await login(f.hospital.clinician);
    const all = await searchAll(nurse, `/Observation?patient=${f.patient.patientId}&_count=500`);
    const paged = await searchAll(nurse, `/Observation?patient=${f.patient.patientId}&_count=7`);
    expect(paged.pages).toBe(Math.ceil(all.resources.length / 7));
    expect(paged.resources.map((r) => r.id)).toEqual(all.resources.map((r) => r.id));
    const times = paged.resources.map((r) => String(r.effectiveDateTime));
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('answers errors as OperationOutcome: 401 without sign-in, 403 outside the care team, 404 unknown, 400 bad search', async () => {
    const pid = f.patient.patientId;
    const anonymous = await fhirGet<Outcome>(new TestClient(t.baseUrl), `/Patient/${pid}`);
    const outsider = await fhirGet<Outcome>(await login(f.outsider.clinician), `/Observation?patient=${pid}`);
    const nurse = await login(f.hospital.clinician);
    const unknown = await fhirGet<Outcome>(nurse, `/Observation/${randomUUID()}`);
    const noPatient = await fhirGet<Outcome>(nurse, '/Observation');
    const badDate = await fhirGet<Outcome>(nurse, `/Observation?patient=${pid}&date=yesterday`);
    const badCount = await fhirGet<Outcome>(nurse, `/Observation?patient=${pid}&_count=0`);
    const unsupported = await fhirGet<Outcome>(nurse, `/Observation?patient=${pid}&value-quantity=1`);
    const noSuchType = await fhirGet<Outcome>(nurse, '/Medication/1');
    for (const [res, status] of [[anonymous, 401], [outsider, 403], [unknown, 404], [noPatient, 400], [badDate, 400], [badCount, 400], [unsupported, 400], [noSuchType, 404]] as const) {
      expect(res.status).toBe(status);
      expect(res.type).toContain('application/fhir+json');
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(res.body.issue[0]?.diagnostics).toMatch(/^[A-Z_a-z]/);
      validate(res.body);
    }
    expect(outsider.body.issue[0]?.diagnostics).toContain('care team');
  });

  it('lets a patient read their own data but not another patient\u2019s, and a relative only what was shared', async () => {
    const me = await login(f.patient);
    expect((await fhirGet(me, `/Patient/${f.patient.patientId}`)).status).toBe(200);
    expect((await fhirGet(me, `/Observation?patient=${f.patient.patientId}`)).status).toBe(200);
    expect((await fhirGet(me, `/Patient/${f.otherPatient.patientId}`)).status).toBe(403);
    expect((await fhirGet(me, `/Observation?patient=${f.otherPatient.patientId}`)).status).toBe(403);
    // Alert details are for the care team, as in the app.
    expect((await fhirGet(me, `/Flag?patient=${f.patient.patientId}`)).status).toBe(403);

    const relative = await login(f.relativeWithGrant);
    const shared = await searchAll(relative, `/Observation?patient=${f.patient.patientId}`);
    expect(shared.resources.length).toBeGreaterThan(0);
    expect((await fhirGet(relative, `/Patient/${f.patient.patientId}`)).status).toBe(403);
    expect((await fhirGet(relative, `/QuestionnaireResponse?patient=${f.patient.patientId}`)).status).toBe(403);
    expect((await fhirGet(await login(f.relativeWithoutGrant), `/Observation?patient=${f.patient.patientId}`)).status).toBe(403);
  });

  it('writes a FHIR read to the patient\u2019s access log, and a refused one as refused', async () => {
    const pid = f.otherPatient.patientId;
    await fhirGet(await login(f.gp.clinician), `/Observation?patient=${pid}`);
    await fhirGet(await login(f.outsider.clinician), `/Patient/${pid}`);
    const log = await (await login(f.otherPatient)).get<AccessLogPage>(`/api/patients/${pid}/access-log`);
    expect(log.status).toBe(200);
    const entries = (userId: string) => log.body.items.filter((i) => i.who.userId === userId).map((i) => `${i.resource} ${i.action} ${i.outcome}`);
    // An Observation search reads readings, questionnaire scores and visit scores: each kind of data is logged.
    expect(entries(f.gp.clinician.id)).toEqual(expect.arrayContaining(['measurement read allowed', 'questionnaire read allowed', 'visit read allowed']));
    expect(entries(f.outsider.clinician.id)).toEqual(['patient read refused']);
  });
});
