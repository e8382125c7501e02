import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Measurement, MeasurementPage, SessionUser } from '@naer/shared';
import { openDatabase } from '../../server/src/db/client';
import { createDatabase, dropDatabase } from '../support/postgres-server';
import { ApiClient, ServerProcess, freePort } from './server-process';
import type { Outcome } from './server-process';

const PATIENT = { email: 'patient@demo.naer.dk', password: 'naer-demo' };
const SUBMISSIONS = 200;
const CONCURRENCY = 20;
/** SIGKILL when this many submissions have been answered 2xx: the other workers are mid-request then. */
const KILL_AFTER = 30;
/** A first PGlite start creates the data dir, migrates and seeds ~20 patients: 20-40 s on 2 cores, 90 s seen under heavy load. */
const FIRST_START_TIMEOUT_MS = 180_000;
/** A restart only migrates (nothing to do) and, for PGlite, recovers the data dir: 3-12 s seen. */
const RESTART_TIMEOUT_MS = 120_000;

type Engine = 'pglite' | 'postgres';

interface Submission {
  id: string;
  kind: 'spo2' | 'heart_rate';
  value: number;
  unit: '%' | '/min';
  measuredAt: string;
  source: 'manual';
}

interface Attempt {
  outcome: Outcome;
  startedAfterKill: boolean;
  endedAfterKill: boolean;
}

/** Green readings a few minutes old, each with its own client-generated id and time. */
function submissions(now: number): Submission[] {
  return Array.from({ length: SUBMISSIONS }, (_, i): Submission => {
    const measuredAt = new Date(now - 5 * 60_000 + i * 1_000).toISOString();
    return i % 2 === 0
      ? { id: randomUUID(), kind: 'spo2', value: 94 + (i % 6), unit: '%', measuredAt, source: 'manual' }
      : { id: randomUUID(), kind: 'heart_rate', value: 60 + (i % 30), unit: '/min', measuredAt, source: 'manual' };
  });
}

const is2xx = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Every id in the patient's readings from `from` on, one entry per row, following the cursor. */
async function listedIds(client: ApiClient, patientId: string, from: string): Promise<Map<string, Measurement[]>> {
  const byId = new Map<string, Measurement[]>();
  let cursor: string | null = null;
  do {
    const query: string = `from=${encodeURIComponent(from)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: MeasurementPage = await client.getOk<MeasurementPage>(`/api/patients/${patientId}/measurements?${query}`);
    for (const item of page.items) byId.set(item.id, [...(byId.get(item.id) ?? []), item]);
    cursor = page.nextCursor;
  } while (cursor);
  return byId;
}

/** Per id of the run: rows in measurements and 'create' audit records, read straight from the database. */
async function countInDatabase(engine: Engine, location: string, patientId: string, ids: Set<string>) {
  const database = await openDatabase(engine === 'postgres' ? { databaseUrl: location, dataDir: 'unused', poolSize: 1 } : { dataDir: location });
  try {
    const rows = await database.rows<{ id: string }>(sql`select id::text as id from measurements where patient_id = ${patientId}::uuid`);
    const audits = await database.rows<{ id: string }>(
      sql`select details->>'measurementId' as id from audit_log
           where patient_id = ${patientId}::uuid and resource = 'measurement' and action = 'create' and details ? 'measurementId'`,
    );
    const count = (list: Array<{ id: string }>) => {
      const counts = new Map<string, number>();
      for (const { id } of list) if (ids.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
      return counts;
    };
    return { measurements: count(rows), audits: count(audits) };
  } finally {
    await database.close();
  }
}

function faultSuite(engine: Engine) {
  describe(`${engine}: kill -9 with submissions in flight, then restart`, () => {
    let server: ServerProcess | undefined;
    let dataDir: string | undefined;
    let databaseName: string | undefined;
    const killOnExit = () => server?.killSync();
    process.on('exit', killOnExit);

    afterAll(async () => {
      server?.killSync();
      await server?.waitDead().catch(() => undefined);
      process.off('exit', killOnExit);
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
      if (databaseName) await dropDatabase(inject('postgresAdminUrl'), databaseName);
    });

    it('keeps every 2xx submission exactly once, and retries with the same ids end with exactly one copy of each', async ({ onTestFailed }) => {
      const timings: Record<string, number> = {};
      const t0 = Date.now();
      let location: string;
      let env: Record<string, string>;
      if (engine === 'pglite') {
        dataDir = await mkdtemp(join(tmpdir(), 'naer-fault-'));
        location = join(dataDir, 'data');
        env = { DATA_DIR: location };
      } else {
        databaseName = `naer_fault_${randomBytes(6).toString('hex')}`;
        location = await createDatabase(inject('postgresAdminUrl'), databaseName);
        env = { DATABASE_URL: location };
      }
      server = new ServerProcess(await freePort(), { ...env, NODE_ENV: 'production', SEED_DEMO: 'true' });
      const running = server;
      onTestFailed(() => {
        process.stderr.write(`\n[fault ${engine}] server output:\n${running.logText()}\n`);
      });

      // 1. First start: create, migrate, seed.
      timings.firstStart = await server.start(FIRST_START_TIMEOUT_MS);

      // 2. Log in as the demo patient.
      const client = new ApiClient(server.baseUrl);
      await client.login(PATIENT.email, PATIENT.password);
      const { user } = await client.getOk<{ user: SessionUser }>('/api/auth/me');
      const patientId = user.patientId;
      if (!patientId) throw new Error(`${PATIENT.email} is not a patient: ${JSON.stringify(user)}`);

      // 3. Submit with bounded concurrency; SIGKILL the server from inside the KILL_AFTER-th 2xx answer.
      const runStart = Date.now();
      const batch = submissions(runStart);
      const byId = new Map(batch.map((s) => [s.id, s]));
      const attempts = new Map<string, Attempt>();
      const inFlight = new Set<string>();
      let inFlightAtKill = new Set<string>();
      let answered2xx = 0;
      let killed = false;
      let killedAt = 0;
      await pool(batch, CONCURRENCY, async (submission) => {
        const startedAfterKill = killed;
        inFlight.add(submission.id);
        const outcome = await client.send('POST', '/api/measurements', submission);
        inFlight.delete(submission.id);
        attempts.set(submission.id, { outcome, startedAfterKill, endedAfterKill: killed });
        if (!killed && outcome.kind === 'answered' && is2xx(outcome.status) && ++answered2xx >= KILL_AFTER) {
          killed = true;
          killedAt = Date.now();
          inFlightAtKill = new Set(inFlight);
          running.killNow();
        }
      });
      timings.submitUntilKill = killedAt - runStart;
      expect(killed, `the server was never killed: only ${answered2xx} submissions were answered 2xx`).toBe(true);
      await server.waitDead();

      const list = [...attempts.entries()];
      // The server claimed these stored: a 2xx status line arrived, whether or not the body did.
      const claimed = new Set(list.filter(([, a]) => is2xx(a.outcome.status)).map(([id]) => id));
      // The client retries everything without a complete 2xx answer.
      const unanswered = list.filter(([, a]) => !(a.outcome.kind === 'answered' && is2xx(a.outcome.status))).map(([id]) => id);
      const inFlightLost = [...inFlightAtKill].filter((id) => !claimed.has(id));
      const answeredNon2xx = list.filter(([, a]) => a.outcome.kind === 'answered' && !is2xx(a.outcome.status));

      // The kill really happened mid-flight: some submissions were answered, some in flight got no answer.
      expect(attempts.size).toBe(SUBMISSIONS);
      expect(claimed.size).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(inFlightAtKill.size, 'no request was in flight when the server was killed').toBeGreaterThan(0);
      expect(inFlightLost.length, 'every request in flight at the kill was still answered: the kill came too late').toBeGreaterThan(0);
      expect(answeredNon2xx.map(([, a]) => a.outcome), 'answers other than 2xx (every payload is valid)').toEqual([]);

      // 4. Restart on the same data; PGlite has to reopen its data dir after the unclean stop.
      timings.restart = await server.start(RESTART_TIMEOUT_MS);
      timings.downtime = Date.now() - killedAt;

      // 5. Every submission the server answered 2xx is there, exactly once.
      const from = new Date(runStart - 10 * 60_000).toISOString();
      const afterRestart = await listedIds(client, patientId, from);
      const claimedCounts = [...claimed].map((id) => [id, afterRestart.get(id)?.length ?? 0] as const);
      expect(claimedCounts.filter(([, n]) => n !== 1), '2xx submissions not stored exactly once after the restart').toEqual([]);
      const storedWithoutAnswer = unanswered.filter((id) => afterRestart.has(id));

      // 6. The client retries every unanswered submission with the same id and body: 201 each.
      const retryFailures: Array<{ id: string; outcome: Outcome }> = [];
      let networkRetries = 0;
      await pool(unanswered, CONCURRENCY, async (id) => {
        const submission = byId.get(id);
        let outcome: Outcome = { kind: 'error', status: undefined, error: 'not sent' };
        for (let attempt = 0; attempt < 3; attempt++) {
          outcome = await client.request('POST', '/api/measurements', submission);
          if (outcome.kind === 'answered') break;
          networkRetries++;
        }
        const body = outcome.kind === 'answered' ? (outcome.body as Partial<Measurement> | undefined) : undefined;
        if (outcome.kind !== 'answered' || outcome.status !== 201 || body?.id !== id) retryFailures.push({ id, outcome });
      });
      expect(retryFailures, 'retries that were not answered 201 with the same id').toEqual([]);

      const final = await listedIds(client, patientId, from);
      const ours = [...final.entries()].filter(([id]) => byId.has(id));
      expect(ours.reduce((sum, [, rows]) => sum + rows.length, 0)).toBe(SUBMISSIONS);
      expect(new Set(ours.map(([id]) => id)).size).toBe(SUBMISSIONS);
      const mismatched = ours.filter(([id, rows]) => {
        const sent = byId.get(id);
        const row = rows[0];
        return !sent || !row || row.kind !== sent.kind || row.original.value !== sent.value || row.measuredAt !== sent.measuredAt;
      });
      expect(mismatched.map(([id]) => id), 'stored readings that differ from what was sent').toEqual([]);

      // 7. Graceful stop, then check the rows and their audit records straight in the database.
      const stopped = await server.stop();
      expect(stopped, 'SIGTERM did not stop the server cleanly').toMatchObject({ graceful: true, code: 0 });
      const counts = await countInDatabase(engine, location, patientId, new Set(byId.keys()));
      const notOnce = (counts: Map<string, number>) => [...byId.keys()].filter((id) => counts.get(id) !== 1);
      expect(notOnce(counts.measurements), 'ids without exactly one stored row').toEqual([]);
      expect(notOnce(counts.audits), 'ids without exactly one create audit record').toEqual([]);
      timings.total = Date.now() - t0;

      console.info(
        `[fault ${engine}] answered 2xx before the kill: ${list.filter(([, a]) => is2xx(a.outcome.status) && !a.endedAfterKill).length}, ` +
          `in flight at the kill: ${inFlightAtKill.size} (answered 2xx anyway: ${inFlightAtKill.size - inFlightLost.length}, lost: ${inFlightLost.length}), ` +
          `sent after the kill (none answered): ${list.filter(([, a]) => a.startedAfterKill).length}, ` +
          `unanswered and retried: ${unanswered.length} (already stored: ${storedWithoutAnswer.length}, network retries: ${networkRetries}); ` +
          `first start ${timings.firstStart} ms, kill after ${timings.submitUntilKill} ms, restart ${timings.restart} ms, ` +
          `downtime ${timings.downtime} ms, total ${timings.total} ms`,
      );
    }, 480_000);
  });
}

faultSuite('pglite');
faultSuite('postgres');
