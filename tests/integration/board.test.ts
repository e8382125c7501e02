import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { AccessLogPage, PatientList } from '@naer/shared';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture, TestUser } from '../support/fixtures';
import { TestClient, TestClock, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

let t: TestApp;
let f: Fixture;
const clock = new TestClock();
/** The outsider organisation's board holds exactly these patients (on no other care team in this file). */
const board: Record<'red' | 'yellow' | 'anna' | 'bo' | 'carl', TestUser & { patientId: string }> = {} as never;
let clinician: TestClient;

const login = (user: TestUser) => new TestClient(t.baseUrl).login(user.email, user.password);

async function named(name: string, alert?: 'red' | 'yellow') {
  const patient = await createPatient(t.database, [f.outsider.id]);
  await t.database.rows(sql`update patients set name = ${name} where id = ${patient.patientId}::uuid`);
  if (alert) {
    await t.database.rows(sql`insert into alerts (patient_id, rule, severity, reasons, opened_at, updated_at)
                              values (${patient.patientId}::uuid, 'spo2', ${alert}::alert_severity, '[]'::jsonb, now(), now())`);
  }
  return patient;
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  f = await createFixture(t.database);
  // Names chosen so that name order and status order disagree.
  board.carl = await named('Carl Dam');
  board.red = await named('Zenia Ny', 'red');
  board.anna = await named('Anna Berg');
  board.yellow = await named('Yrsa Lund', 'yellow');
  board.bo = await named('Bo Holm');
  clinician = await login(f.outsider.clinician);
});
afterAll(async () => t.stop());

async function walk(client: TestClient, query: string): Promise<PatientList[]> {
  const pages: PatientList[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: PatientList } = await client.get<PatientList>(`/api/patients?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    pages.push(res.body);
    cursor = res.body.nextCursor;
  } while (cursor && pages.length < 10);
  return pages;
}

const readsOf = async (userId: string) =>
  new Map(
    (
      await t.database.rows<{ patient_id: string; n: number }>(sql`
        select patient_id, count(*)::int as n from audit_log
         where user_id = ${userId}::uuid and resource = 'patient' and action = 'read' group by patient_id`)
    ).map((r) => [r.patient_id, r.n]),
  );

describe('the clinician\u2019s board, page by page', () => {
  it('pages most urgent first, then by name, with every patient exactly once and counts per status', async () => {
    const pages = await walk(clinician, 'limit=2');
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    const ids = pages.flatMap((p) => p.items.map((i) => i.id));
    expect(ids).toEqual([board.red, board.yellow, board.anna, board.bo, board.carl].map((p) => p.patientId));
    expect(pages.flatMap((p) => p.items.map((i) => i.status))).toEqual(['red', 'yellow', 'green', 'green', 'green']);
    for (const page of pages) expect(page.counts).toEqual({ red: 1, review: 0, yellow: 1, missing: 0, green: 3, total: 5 });
  });

  it('answers the whole board in one page when it fits the default page size', async () => {
    const res = await clinician.get<PatientList>('/api/patients');
    expect(res.body.items.map((i) => i.id)).toEqual([board.red, board.yellow, board.anna, board.bo, board.carl].map((p) => p.patientId));
    expect(res.body.nextCursor).toBeNull();
  });

  it('audits each patient shown, and only those', async () => {
    const reader = await createFixture(t.database);
    await t.database.rows(sql`update users set organisation_id = ${f.outsider.id}::uuid where id = ${reader.hospital.clinician.id}::uuid`);
    const client = await login(reader.hospital.clinician);
    const first = await client.get<PatientList>('/api/patients?limit=2');
    expect(first.body.items).toHaveLength(2);
    const reads = await readsOf(reader.hospital.clinician.id);
    expect([...reads.keys()].sort()).toEqual([board.red.patientId, board.yellow.patientId].sort());
    expect([...reads.values()]).toEqual([1, 1]);
    // The patient sees the board read in "Hvem har set mine data".
    const log = await (await login(board.red)).get<AccessLogPage>(`/api/patients/${board.red.patientId}/access-log`);
    expect(log.body.items.some((i) => i.who.userId === reader.hospital.clinician.id && i.resource === 'patient' && i.action === 'read')).toBe(true);
  });

  it('searches by part of the name in any case, or by the start of the patient id', async () => {
    const byName = await clinician.get<PatientList>('/api/patients?q=hOLm');
    expect(byName.body.items.map((i) => i.id)).toEqual([board.bo.patientId]);
    expect(byName.body.counts).toEqual({ red: 0, review: 0, yellow: 0, missing: 0, green: 1, total: 1 });
    const byId = await clinician.get<PatientList>(`/api/patients?q=${board.carl.patientId.slice(0, 8).toUpperCase()}`);
    expect(byId.body.items.map((i) => i.id)).toEqual([board.carl.patientId]);
    // LIKE wildcards are searched for literally, never as "everything".
    expect((await clinician.get<PatientList>('/api/patients?q=%25')).body.items).toEqual([]);
    expect((await clinician.get<PatientList>('/api/patients?q=_')).body.counts.total).toBe(0);
  });

  it('refuses a bad limit or cursor with 400 naming the field', async () => {
    for (const [query, field] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=abc', 'limit'], ['cursor=not-a-cursor', 'cursor'], [`cursor=${Buffer.from('[1,"x","y"]').toString('base64url')}`, 'cursor']] as const) {
      const res = await clinician.get<ErrorBody>(`/api/patients?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details?.map((d) => d.path), query).toContain(field);
      expect(res.body.error.message, query).toContain(field);
    }
  });

  it('shows another organisation\u2019s clinician none of these patients, and a patient no board', async () => {
    const theirs = await walk(await login(f.hospital.clinician), 'limit=500');
    const ids = theirs.flatMap((p) => p.items.map((i) => i.id));
    for (const p of Object.values(board)) expect(ids).not.toContain(p.patientId);
    expect((await (await login(board.anna)).get('/api/patients')).status).toBe(403);
  });
});
