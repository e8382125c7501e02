import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertList, MeasurementPage } from '@naer/shared';
import { CHANNEL_FILE, readChannelFile } from '../../server/src/db/backup-channel';
import { openDatabase } from '../../server/src/db/client';
import { runMigrations } from '../../server/src/db/migrate';
import { createFixture } from '../support/fixtures';
import { ApiClient, ServerProcess, freePort } from './server-process';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const run = promisify(execFile);
const START_TIMEOUT_MS = 60_000;

/** `npm run backup` / `npm run restore` as a person runs them, on `dataDir`; never on the caller's DATABASE_URL. */
async function script(name: 'backup' | 'restore', dataDir: string, arg: string): Promise<{ code: number; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(tsx, [`scripts/${name}.ts`, arg], { cwd: repoRoot, env, timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const reading = (kind: 'spo2' | 'heart_rate', value: number, minutesAgo: number) => ({
  id: randomUUID(),
  kind,
  value,
  unit: kind === 'spo2' ? '%' : '/min',
  measuredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  source: 'manual',
});

async function submit(client: ApiClient, body: ReturnType<typeof reading>): Promise<void> {
  const res = await client.request('POST', '/api/measurements', body);
  if (res.kind !== 'answered' || res.status !== 201) throw new Error(`submission failed: ${JSON.stringify(res)}`);
}

describe('pglite: npm run backup on a running server, npm run restore after a stop', () => {
  let server: ServerProcess | undefined;
  let workDir: string | undefined;
  const killOnExit = () => server?.killSync();
  process.on('exit', killOnExit);

  afterAll(async () => {
    server?.killSync();
    await server?.waitDead().catch(() => undefined);
    process.off('exit', killOnExit);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('brings back exactly the readings and alerts of backup time, and keeps the replaced data directory', async ({ onTestFailed }) => {
    workDir = await mkdtemp(join(tmpdir(), 'naer-backup-'));
    const dataDir = join(workDir, 'data');
    const backupFile = join(workDir, 'backup.tar.gz');

    // A small installation: migrated, two patients on one care team (no demo seed: it takes 15-40 s).
    const setup = await openDatabase({ dataDir });
    await runMigrations(setup);
    const f = await createFixture(setup);
    await setup.close();

    server = new ServerProcess(await freePort(), { DATA_DIR: dataDir, NODE_ENV: 'production', SEED_DEMO: 'false', RUN_JOBS: 'false' });
    const running = server;
    onTestFailed(() => {
      process.stderr.write(`\n[backup-restore] server output:\n${running.logText()}\n`);
    });
    await server.start(START_TIMEOUT_MS);

    const patient = new ApiClient(server.baseUrl);
    await patient.login(f.patient.email, f.patient.password);
    const other = new ApiClient(server.baseUrl);
    await other.login(f.otherPatient.email, f.otherPatient.password);
    const nurse = new ApiClient(server.baseUrl);
    await nurse.login(f.hospital.clinician.email, f.hospital.clinician.password);
    // Green readings and one red SpO2, which opens a red alert.
    for (const body of [reading('heart_rate', 72, 30), reading('spo2', 96, 25), reading('spo2', 85, 20)]) await submit(patient, body);

    const from = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    const state = async () => ({
      readings: (await nurse.getOk<MeasurementPage>(`/api/patients/${f.patient.patientId}/measurements?from=${from}&limit=100`)).items,
      otherReadings: (await nurse.getOk<MeasurementPage>(`/api/patients/${f.otherPatient.patientId}/measurements?from=${from}&limit=100`)).items,
      alerts: (await nurse.getOk<AlertList>('/api/alerts')).items,
    });
    const atBackup = await state();
    expect(atBackup.readings).toHaveLength(3);
    expect(atBackup.alerts).toHaveLength(1);

    // The channel: a token file only the server's user can read; nothing is served without the token.
    const channel = readChannelFile(dataDir);
    if (!channel) throw new Error(`no ${CHANNEL_FILE} in the data directory of a running server`);
    expect(statSync(join(dataDir, CHANNEL_FILE)).mode & 0o777).toBe(0o600);
    expect((await fetch(`http://127.0.0.1:${channel.port}/dump`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${channel.port}/dump`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    // Backup while the server runs and answers.
    const backup = await script('backup', dataDir, backupFile);
    expect(backup.out).toContain(`taken by the running server (pid ${channel.pid})`);
    expect(backup.out).toContain('It holds 3 readings and 1 alerts');
    expect(backup.code).toBe(0);
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);

    // Afterwards: a new reading, a second alert, and the first alert claimed.
    await submit(patient, reading('heart_rate', 80, 5));
    await submit(other, reading('spo2', 84, 4));
    const claimed = await nurse.request('POST', `/api/alerts/${atBackup.alerts[0]?.id}/claim`);
    expect(claimed.kind === 'answered' && claimed.status).toBe(200);
    const changed = await state();
    expect(changed.readings).toHaveLength(4);
    expect(changed.alerts).not.toEqual(atBackup.alerts);

    // Restore refuses while the server runs, and changes nothing.
    const refused = await script('restore', dataDir, backupFile);
    expect(refused.out).toContain(`A Naer server (pid ${channel.pid}) is running on ${dataDir}: stop it first`);
    expect(refused.code).toBe(1);
    expect((await readdir(workDir)).sort()).toEqual(['backup.tar.gz', 'data']);

    expect((await server.stop()).graceful).toBe(true);
    expect(existsSync(join(dataDir, CHANNEL_FILE)), 'a stopped server leaves its channel file behind').toBe(false);

    const restored = await script('restore', dataDir, backupFile);
    expect(restored.out).toContain('3 readings and 1 alerts');
    expect(restored.code).toBe(0);
    const kept = (await readdir(workDir)).find((name) => name.startsWith('data.before-restore-'));
    expect(kept, 'the replaced data directory is kept beside the new one').toBeDefined();
    expect(restored.out).toContain(join(workDir, kept ?? ''));
    expect(existsSync(join(dataDir, CHANNEL_FILE)), 'the old server channel file came back with the restore').toBe(false);

    await server.start(START_TIMEOUT_MS);
    await nurse.login(f.hospital.clinician.email, f.hospital.clinician.password);
    expect(await state()).toEqual(atBackup);
  });
});
