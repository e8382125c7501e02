/**
 * `npm run bench`: Naer's submission path against a floor, on PostgreSQL and PGlite, plus alert latency
 * and the clinician's reads on a 5,000-patient year. Prints a report; exits 0 even when a target is
 * missed, non-zero only when the bench itself broke. See tests/bench/README.md.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql as drizzleSql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../../server/src/db/client';
import type { Database, OpenOptions } from '../../server/src/db/client';
import { runMigrations } from '../../server/src/db/migrate';
import { hashPassword } from '../../server/src/modules/auth/password';
import { createDatabase, dropDatabase, startPostgres } from '../support/postgres-server';
import type { PostgresServer } from '../support/postgres-server';
import { cpuBetween, cpuSnapshot, waitForQuiet } from './cpu';
import type { CpuSnapshot, CpuUse } from './cpu';
import { BENCH_PASSWORD, makeCohort, populateCohort, populateScale } from './populate';
import type { Cohort, ScaleData } from './populate';
import { killAllChildrenSync, startTs, stopAllChildren, waitForHealth } from './processes';
import type { Child } from './processes';
import type { AlertLatencyCommand, AlertLatencyResult, BenchClient, ClosedLoopCommand, ClosedLoopResult, GetsCommand, GetsResult, LoadMessage } from './protocol';
import { analyseStatementLog } from './statement-log';
import { sharingPhase } from './sharing';
import type { SharingResult } from './sharing';
import { summarise } from './stats';
import type { LatencySummary } from './protocol';
import type { StatementProfile } from './statement-log';

const env = process.env;
const num = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);

const CONFIG = {
  patients: num('BENCH_PATIENTS', 200),
  concurrency: num('BENCH_CONCURRENCY', 50),
  warmupMs: num('BENCH_WARMUP_S', 2) * 1000,
  durationMs: num('BENCH_DURATION_S', 10) * 1000,
  redShare: 0.05,
  alertRate: num('BENCH_ALERT_RATE', 200),
  alertWarmupMs: 1_000,
  alertDurationMs: num('BENCH_ALERT_DURATION_S', 10) * 1000,
  scalePatients: num('BENCH_SCALE_PATIENTS', 5000),
  scaleDays: num('BENCH_SCALE_DAYS', 365),
  scaleKinds: (env.BENCH_SCALE_KINDS ?? 'spo2,heart_rate,body_weight').split(',') as Array<'spo2' | 'heart_rate' | 'body_weight'>,
  boardRuns: 30,
  historyRuns: 100,
  visitRuns: num('BENCH_VISIT_RUNS', 150),
  chartRuns: num('BENCH_CHART_RUNS', 10),
  callSeconds: num('BENCH_CALL_SECONDS', 30),
  chartReadingsPerDay: num('BENCH_CHART_PER_DAY', 3),
  /** Sizes of the generated year the dashboard phase measures, each its own database. */
  dashboardPatients: (env.BENCH_DASHBOARD_PATIENTS ?? '5000,20000').split(',').map((n) => Number(n.trim())).filter((n) => n > 0),
  /** Measured requests per dashboard view (after 3 warm-up requests). */
  dashboardRuns: num('BENCH_DASHBOARD_RUNS', 20),
  /** Directory for the dashboard's full auto_explain plans (the report shows only their slow nodes). */
  planDir: env.BENCH_PLAN_DIR,
  /** Which parts to run: floor, postgres, alerts, visits, chart, pglite, scale (the default), and the optional pglite-alerts, pglite-scale, dashboard. */
  phases: new Set((env.BENCH_PHASES ?? 'floor,postgres,alerts,visits,chart,call,pglite,scale').split(',').map((p) => p.trim())),
  /** Re-run the full path for a few seconds with every statement logged, and break the database time down. */
  profile: env.BENCH_PROFILE === '1',
  /** Directory for V8 CPU profiles of the Naer server (`--cpu-prof`), for a closer look at where the time goes. */
  cpuProfDir: env.BENCH_CPU_PROF,
  /** Keep the scale phase's PostgreSQL directory here and reuse its generated year on the next run (same size settings). */
  keepDir: env.BENCH_KEEP_DIR,
  /** Longest wait for other processes to leave the machine idle before a measured run (shared machines). */
  quietWaitMs: num('BENCH_QUIET_WAIT_S', 15) * 1000,
};

const TARGETS = {
  throughputRatio: 0.7,
  p99Ratio: 1.5,
  alertP50: 5,
  alertP99: 100,
  pgliteRatio: 0.5,
  boardP95: 100,
  historyP95: 15,
  filteredBoardP95: 100,
  overviewP95: 50,
  chartRender: 100,
  dashboardQuarterP95: 500,
  dashboardYearP95: 1000,
};

// ---------------------------------------------------------------------------------------------------
// Plumbing

const log = (message: string) => process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(1).padStart(6)}s] ${message}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function withDatabase<T>(options: OpenOptions, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(options);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The load generator process: one command at a time, marks (window start/end) reported on the side. */
class LoadGenerator {
  private pending: { resolve: (value: LoadMessage) => void; reject: (error: Error) => void } | undefined;
  private onMark: ((at: 'start' | 'end') => void) | undefined;

  constructor(readonly child: Child) {
    const proc: ChildProcess = child.proc;
    proc.on('message', (message: LoadMessage) => {
      if (message.type === 'mark') {
        this.onMark?.(message.at);
        return;
      }
      const pending = this.pending;
      this.pending = undefined;
      if (message.type === 'error') pending?.reject(new Error(`load generator: ${message.message}`));
      else pending?.resolve(message);
    });
    proc.once('exit', (code, signal) => {
      this.pending?.reject(new Error(`load generator exited (${code ?? signal}):\n`));
      this.pending = undefined;
    });
  }

  private send<T extends LoadMessage>(command: ClosedLoopCommand | AlertLatencyCommand | GetsCommand, onMark?: (at: 'start' | 'end') => void): Promise<T> {
    if (this.pending) throw new Error('load generator is busy');
    this.onMark = onMark;
    return new Promise<LoadMessage>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.proc.send(command);
    }).then((message) => message as T);
  }

  closed(command: Omit<ClosedLoopCommand, 'type'>, onMark?: (at: 'start' | 'end') => void) {
    return this.send<ClosedLoopResult>({ type: 'closed', ...command }, onMark);
  }

  alerts(command: Omit<AlertLatencyCommand, 'type'>) {
    return this.send<AlertLatencyResult>({ type: 'alerts', ...command });
  }

  gets(command: Omit<GetsCommand, 'type'>) {
    return this.send<GetsResult>({ type: 'gets', ...command });
  }
}

interface Context {
  pg: PostgresServer;
  tmp: string;
  load: LoadGenerator;
  postmasterPid: number | undefined;
}

async function postmasterPid(pg: PostgresServer): Promise<number | undefined> {
  try {
    return Number((await readFile(join(pg.dir, 'data', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return undefined;
  }
}

/** Starts the real server (`server/src/main.ts`, production mode) and waits for /api/health. */
async function startNaer(ctx: Context, name: string, database: ({ DATABASE_URL: string } | { DATA_DIR: string }) & { RUN_JOBS?: 'false' }, webBuildDir = join(ctx.tmp, 'no-web-build')): Promise<{ child: Child; baseUrl: string }> {
  const port = await freePort();
  const child = startTs(
    'server/src/main.ts',
    { PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', SEED_DEMO: 'false', DATABASE_URL: undefined, DATA_DIR: undefined, WEB_BUILD_DIR: webBuildDir, ...database },
    join(ctx.tmp, `${name}.log`),
    // One directory per server run: the main thread and tsx's loader thread each write a profile.
    CONFIG.cpuProfDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${join(CONFIG.cpuProfDir, name)}`] } : {},
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(child, `${baseUrl}/api/health`);
  return { child, baseUrl };
}

async function login(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: BENCH_PASSWORD }) });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 200 || !cookie) throw new Error(`login as ${email}: ${res.status} ${await res.text()}`);
  return cookie;
}

/** Logs every cohort patient in (argon2 verify on the server: a few at a time). */
async function loginAll(baseUrl: string, cohort: Cohort): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  const queue = [...cohort.patients];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) clients.push({ patientId: p.patientId, userId: p.userId, cookie: await login(baseUrl, p.email) });
    }),
  );
  return clients.sort((a, b) => a.patientId.localeCompare(b.patientId));
}

interface DbTime {
  /** Milliseconds the database spent executing statements (pg_stat_database.active_time). */
  activeMs: number;
  /** Milliseconds sessions sat idle inside an open transaction (waiting on the client). */
  idleInTxMs: number;
  commits: number;
}

async function dbTime(adminUrl: string, name: string): Promise<DbTime> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    const [row] = await sql<Array<{ active: number; idle: number; commits: number }>>`
      select active_time::float8 as active, idle_in_transaction_time::float8 as idle, xact_commit::float8 as commits
        from pg_stat_database where datname = ${name}`;
    return { activeMs: row?.active ?? 0, idleInTxMs: row?.idle ?? 0, commits: row?.commits ?? 0 };
  } finally {
    await sql.end();
  }
}

async function countRows(url: string, table: 'measurements' | 'alerts' | 'audit_log'): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const [row] = await sql<Array<{ n: number }>>`select count(*)::int as n from ${sql(table)}`;
    return row?.n ?? 0;
  } finally {
    await sql.end();
  }
}

interface LoadRun {
  result: ClosedLoopResult;
  cpu: CpuUse | undefined;
  db?: { activeMsPerSubmission: number; idleInTxMsPerSubmission: number; commitsPerSubmission: number };
  stored?: number;
}

/** Before a measured run: wait a while for the machine to be quiet, and say so when it is not. */
async function settle(label: string): Promise<void> {
  let waited = false;
  const load = await waitForQuiet(CONFIG.quietWaitMs, 0.25, (busy) => {
    if (!waited) log(`${label}: waiting for the machine to quieten (${(busy * 100).toFixed(0)} % busy)`);
    waited = true;
  });
  if (load > 0.25) log(`${label}: machine still ${(load * 100).toFixed(0)} % busy with other work; measuring anyway`);
}

/** One closed-loop run with CPU sampled at the measured window's edges. */
async function closedLoop(ctx: Context, label: string, url: string, clients: BenchClient[], serverPid: number | undefined): Promise<LoadRun> {
  await settle(label);
  let start: CpuSnapshot | undefined;
  let cpu: CpuUse | undefined;
  const groups = { server: { pid: serverPid }, postgres: { tree: ctx.postmasterPid }, load: { pid: ctx.load.child.proc.pid } };
  const result = await ctx.load.closed(
    { label, url, clients, concurrency: CONFIG.concurrency, warmupMs: CONFIG.warmupMs, durationMs: CONFIG.durationMs, redShare: CONFIG.redShare },
    (at) => {
      if (at === 'start') start = cpuSnapshot(groups);
      else if (start) cpu = cpuBetween(start, cpuSnapshot(groups));
    },
  );
  log(`${label}: ${result.throughput.toFixed(0)} req/s, p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, ${result.errors} errors`);
  return { result, cpu };
}

// ---------------------------------------------------------------------------------------------------
// Phases

async function floorPhase(ctx: Context, floorUrl: string, cohort: Cohort): Promise<LoadRun> {
  const port = await freePort();
  const floor = startTs('tests/bench/floor-server.ts', { DATABASE_URL: floorUrl, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' }, join(ctx.tmp, 'floor.log'));
  await waitForHealth(floor, `http://127.0.0.1:${port}/api/health`);
  const before = await dbTime(ctx.pg.url, 'naer_floor');
  const clients = cohort.patients.map((p) => ({ patientId: p.patientId, userId: p.userId, cookie: '' }));
  const run = await closedLoop(ctx, 'floor', `http://127.0.0.1:${port}/api/measurements`, clients, floor.proc.pid);
  await floor.stop();
  run.db = perSubmission(before, await dbTime(ctx.pg.url, 'naer_floor'), run.result.totalOk);
  run.stored = await countRows(floorUrl, 'measurements');
  return run;
}

function perSubmission(before: DbTime, after: DbTime, submissions: number) {
  const n = Math.max(1, submissions);
  return {
    activeMsPerSubmission: (after.activeMs - before.activeMs) / n,
    idleInTxMsPerSubmission: (after.idleInTxMs - before.idleInTxMs) / n,
    commitsPerSubmission: (after.commits - before.commits) / n,
  };
}

/** Logs the cohort in once per database; sessions live in the database, so cookies outlive a server restart. */
const cookieJar = new Map<string, Promise<{ clients: BenchClient[]; clinician: string }>>();
function cohortLogins(key: string, baseUrl: string, cohort: Cohort) {
  let logins = cookieJar.get(key);
  if (!logins) {
    logins = (async () => ({ clients: await loginAll(baseUrl, cohort), clinician: await login(baseUrl, cohort.clinician.email) }))();
    cookieJar.set(key, logins);
  }
  return logins;
}

/** Throughput on PostgreSQL. The server stops right after, so its backends flush their statistics. */
async function postgresPhase(ctx: Context, url: string, cohort: Cohort): Promise<LoadRun> {
  const naer = await startNaer(ctx, 'naer-postgres', { DATABASE_URL: url });
  const { clients } = await cohortLogins(url, naer.baseUrl, cohort);
  const storedBefore = await countRows(url, 'measurements');
  const before = await dbTime(ctx.pg.url, 'naer_bench');
  const run = await closedLoop(ctx, 'Naer on PostgreSQL', `${naer.baseUrl}/api/measurements`, clients, naer.child.proc.pid);
  await naer.child.stop();
  run.db = perSubmission(before, await dbTime(ctx.pg.url, 'naer_bench'), run.result.totalOk);
  run.stored = (await countRows(url, 'measurements')) - storedBefore;
  return run;
}

interface VisitCost {
  /** One reading a nurse enters (POST /api/measurements). */
  reading: LatencySummary;
  /** The same six signs as one batch of readings. */
  batch: LatencySummary;
  /** A home visit: the six signs as readings, TOBS, NEWS2, the visit and its alert (POST /api/patients/:id/visits). */
  visit: LatencySummary;
  errors: string[];
}

/** What a visit costs next to a reading and a six-reading batch: sequential requests by one nurse, each on a different patient. */
async function visitPhase(ctx: Context, url: string, cohort: Cohort): Promise<VisitCost> {
  const naer = await startNaer(ctx, 'naer-postgres-visits', { DATABASE_URL: url });
  try {
    const cookie = await login(naer.baseUrl, cohort.clinician.email);
    await settle('visits');
    const errors: string[] = [];
    const post = async (path: string, body: unknown): Promise<number> => {
      const t0 = performance.now();
      const res = await fetch(`${naer.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
      const elapsed = performance.now() - t0;
      if (res.status !== 201 && errors.length < 5) errors.push(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      else await res.arrayBuffer();
      return elapsed;
    };
    const at = () => new Date(Date.now() - 60_000).toISOString();
    const signs = (patientId: string) => {
      const base = { patientId, measuredAt: at(), source: 'nurse' };
      return [
        { ...base, id: randomUUID(), kind: 'respiratory_rate', value: 18, unit: '/min' },
        { ...base, id: randomUUID(), kind: 'spo2', value: 95, unit: '%' },
        { ...base, id: randomUUID(), kind: 'blood_pressure', value: { systolic: 130, diastolic: 80 }, unit: 'mm[Hg]' },
        { ...base, id: randomUUID(), kind: 'heart_rate', value: 80, unit: '/min' },
        { ...base, id: randomUUID(), kind: 'body_temperature', value: 37.1, unit: 'Cel' },
        { ...base, id: randomUUID(), kind: 'consciousness', value: 'alert', unit: '{level}' },
      ];
    };
    const runs = Math.min(CONFIG.visitRuns, cohort.patients.length);
    const patientsFor = (offset: number) => Array.from({ length: runs }, (_, i) => cohort.patients[(i + offset) % cohort.patients.length]?.patientId ?? '');
    const reading: number[] = [];
    const batch: number[] = [];
    const visit: number[] = [];
    // Interleaved, so a slow moment of the machine hits all three alike; the first round warms up.
    const [a, b, c] = [patientsFor(0), patientsFor(runs), patientsFor(2 * runs)];
    for (let i = 0; i < runs; i++) {
      const r = await post('/api/measurements', signs(a[i] ?? '')[1]);
      const m = await post('/api/measurements', { measurements: signs(b[i] ?? '') });
      const v = await post(`/api/patients/${c[i] ?? ''}/visits`, {
        id: randomUUID(), measuredAt: at(), respiratoryRate: 18, spo2: 95, onOxygen: false, systolic: 130, diastolic: 80, pulse: 80, temperature: 37.1, consciousness: 'alert',
      });
      if (i === 0) continue;
      reading.push(r);
      batch.push(m);
      visit.push(v);
    }
    const result = { reading: summarise(reading), batch: summarise(batch), visit: summarise(visit), errors };
    log(`visits: reading p50 ${result.reading.p50.toFixed(1)} ms, six-reading batch p50 ${result.batch.p50.toFixed(1)} ms, visit p50 ${result.visit.p50.toFixed(1)} ms`);
    return result;
  } finally {
    await naer.child.stop();
  }
}

interface CallFigures {
  /** Page opened → two remote videos playing, for each of the three participants (ms). */
  connected: number[];
  /** consultation:signal messages the three browsers sent to set the call up. */
  signalsSent: number;
  /** Server CPU while the three-party call ran, per minute of call (ms). */
  serverCpuPerMinute: number;
  /** The same server idle just before the call (its jobs and timers), per minute (ms). */
  idleCpuPerMinute: number;
  callSeconds: number;
}

/** A three-party call in headless Chromium with fake camera and microphone: set-up signalling, and what the server spends while media flows. */
async function callPhase(ctx: Context, url: string, cohort: Cohort): Promise<CallFigures> {
  const webBuild = join(process.cwd(), 'web', 'build');
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  const second = 'bench-nurse-2@bench.naer.dk';
  try {
    await admin.unsafe(`insert into users (email, role, organisation_id, display_name, password_hash)
      select '${second}', 'clinician', '${cohort.organisationIds[2] ?? ''}'::uuid, 'Bench home nurse', password_hash from users where email = '${cohort.clinician.email}'
      on conflict do nothing`);
  } finally {
    await admin.end();
  }
  const naer = await startNaer(ctx, 'naer-postgres-call', { DATABASE_URL: url }, webBuild);
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const patient = cohort.patients[0];
    if (!patient) throw new Error('no cohort patient');
    const nurseCookie = await login(naer.baseUrl, cohort.clinician.email);
    const invitees = (await (await fetch(`${naer.baseUrl}/api/patients/${patient.patientId}/consultation-invitees`, { headers: { cookie: nurseCookie } })).json()) as { invitees: Array<{ userId: string; role: string; displayName: string }> };
    const homeNurse = invitees.invitees.find((i) => i.displayName === 'Bench home nurse');
    const booked = await fetch(`${naer.baseUrl}/api/consultations`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: nurseCookie },
      body: JSON.stringify({ patientId: patient.patientId, startsAt: new Date().toISOString(), durationMinutes: 30, type: 'follow_up', purpose: 'Bench call', participantUserIds: [patient.userId, homeNurse?.userId] }),
    });
    if (booked.status !== 201) throw new Error(`booking the bench call: ${booked.status} ${await booked.text()}`);
    const { consultation } = (await booked.json()) as { consultation: { id: string } };
    // The server's own background (jobs, timers) over the same time, before anyone joins.
    const idleGroups = { server: { pid: naer.child.proc.pid } };
    const idleBefore = cpuSnapshot(idleGroups);
    const idleStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, CONFIG.callSeconds * 1000));
    const idleCpuPerMinute = ((cpuBetween(idleBefore, cpuSnapshot(idleGroups)).groups.server ?? 0) / ((performance.now() - idleStart) / 1000)) * 60;
    let signalsSent = 0;
    const connected: number[] = [];
    const pages = [];
    for (const email of [cohort.clinician.email, patient.email, second]) {
      const context = await browser.newContext();
      const res = await context.request.post(`${naer.baseUrl}/api/auth/login`, { data: { email, password: BENCH_PASSWORD } });
      if (res.status() !== 200) throw new Error(`call login ${email}: ${res.status()}`);
      const page = await context.newPage();
      page.on('websocket', (ws) => ws.on('framesent', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('consultation:signal')) signalsSent += 1;
      }));
      pages.push(page);
    }
    await Promise.all(pages.map(async (page) => {
      const t0 = performance.now();
      await page.goto(`${naer.baseUrl}/consultations/${consultation.id}`);
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')].filter((v) => v.videoWidth > 0 && v.currentTime > 0).length >= 2, undefined, { timeout: 60_000 });
      connected.push(performance.now() - t0);
    }));
    const groups = { server: { pid: naer.child.proc.pid } };
    const before = cpuSnapshot(groups);
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, CONFIG.callSeconds * 1000));
    const cpu = cpuBetween(before, cpuSnapshot(groups));
    const callSeconds = (performance.now() - t0) / 1000;
    const figures = { connected, signalsSent, serverCpuPerMinute: ((cpu.groups.server ?? 0) / callSeconds) * 60, idleCpuPerMinute, callSeconds };
    log(`call: connected in ${connected.map((c) => c.toFixed(0)).join(', ')} ms, ${signalsSent} signals, server CPU ${figures.serverCpuPerMinute.toFixed(0)} ms per minute of call`);
    return figures;
  } finally {
    await browser.close();
    await naer.child.stop();
  }
}

/** The overview's charts of the kinds the chart phase generates. */
const CHART_SELECTOR = ['spo2', 'heart_rate', 'body_weight', 'systolic', 'diastolic', 'body_temperature'].map((c) => `[data-chart="${c}"]`).join(',');

interface ChartRender {
  /** Milliseconds from the overview's new data to the last of its charts drawn, per switch to 90 days. */
  render: LatencySummary;
  charts: number;
  pointsPerChart: number;
}

/**
 * The patient overview's charts in Chromium: 90 days of five kinds (blood pressure as two charts). Each run
 * switches the period to 90 days and reads two marks the page sets: new data arrived, last chart drawn.
 */
async function chartPhase(ctx: Context, url: string, cohort: Cohort): Promise<ChartRender> {
  const webBuild = join(process.cwd(), 'web', 'build');
  await stat(join(webBuild, 'index.html')).catch(() => {
    throw new Error('the chart phase needs the built web app: run npm run build first');
  });
  const patientId = cohort.patients[cohort.patients.length - 1]?.patientId ?? '';
  const perDay = CONFIG.chartReadingsPerDay;
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    // 90 days of every home kind, a few readings a day, as the write path would have stored them (green, judged by no limit).
    await admin.unsafe(`
      insert into measurements (id, patient_id, kind, value, value2, unit, original_value, original_unit, measured_at, received_at, source, quality, triage_level, triage_reasons, payload_hash)
      select gen_random_uuid(), '${patientId}'::uuid, k.kind::measurement_kind, k.base + random() * k.spread, case when k.kind = 'blood_pressure' then 75 + random() * 10 end,
             k.unit, to_jsonb(k.base), k.unit, now() - make_interval(secs => s * (86400.0 / ${perDay})), now(), 'device', 'ok', 'green', '[]'::jsonb, 'bench'
        from generate_series(1, ${90 * perDay}) s,
             (values ('spo2', 93, 5, '%'), ('heart_rate', 60, 30, '/min'), ('body_weight', 80, 2, 'kg'), ('blood_pressure', 120, 30, 'mm[Hg]'), ('body_temperature', 36.5, 1, 'Cel')) as k(kind, base, spread, unit)`);
  } finally {
    await admin.end();
  }
  const naer = await startNaer(ctx, 'naer-postgres-chart', { DATABASE_URL: url }, webBuild);
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${naer.baseUrl}/login`);
    const res = await page.request.post(`${naer.baseUrl}/api/auth/login`, { data: { email: cohort.clinician.email, password: BENCH_PASSWORD } });
    if (res.status() !== 200) throw new Error(`chart login: ${res.status()}`);
    await page.goto(`${naer.baseUrl}/patients/${patientId}`);
    const trends = page.getByTestId('overview-trends');
    await trends.locator('canvas').first().waitFor();
    await settle('chart');
    const samples: number[] = [];
    for (let run = 0; run < CONFIG.chartRuns + 1; run++) {
      await trends.getByLabel('30 dage').check();
      await page.waitForFunction(() => [...document.querySelectorAll('[data-chart="spo2"]')].some((e) => Number(e.getAttribute('data-points')) > 0));
      await page.waitForTimeout(300);
      await page.evaluate(() => performance.clearMarks());
      await trends.getByLabel('90 dage').check();
      const expected = 90 * perDay - 2 * perDay;
      // The six charts of the generated kinds (earlier phases may have added a visit's other kinds to this patient).
      await page.waitForFunction(
        ({ min, selector }) => [...document.querySelectorAll(selector)].every((e) => Number(e.getAttribute('data-points')) >= min),
        { min: expected, selector: CHART_SELECTOR },
      );
      // Two frames after the last chart updated: every draw of this switch has happened.
      const ms = await page.evaluate(
        () =>
          new Promise<number>((resolve) =>
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                const data = performance.getEntriesByName('naer:trends-data').at(-1)?.startTime ?? Number.NaN;
                const drawn = performance.getEntriesByName('naer:chart-drawn').at(-1)?.startTime ?? Number.NaN;
                resolve(drawn - data);
              }),
            ),
          ),
      );
      if (run > 0) samples.push(ms);
    }
    const charts = await trends.locator(CHART_SELECTOR).count();
    const points = Number(await trends.locator('[data-chart="spo2"]').getAttribute('data-points'));
    const render = summarise(samples);
    log(`chart: ${charts} charts × ${points} points, render p50 ${render.p50.toFixed(1)} ms, max ${render.max.toFixed(1)} ms`);
    return { render, charts, pointsPerChart: points };
  } finally {
    await browser.close();
    await naer.child.stop();
  }
}

/** Alert latency, open loop, on a fresh server process. */
async function alertPhase(ctx: Context, url: string, cohort: Cohort): Promise<AlertLatencyResult> {
  const naer = await startNaer(ctx, 'naer-postgres-alerts', { DATABASE_URL: url });
  try {
    const { clients, clinician } = await cohortLogins(url, naer.baseUrl, cohort);
    await settle('alerts');
    const alerts = await ctx.load.alerts({
      label: 'alerts',
      baseUrl: naer.baseUrl,
      clinicianCookie: clinician,
      clients,
      ratePerSecond: CONFIG.alertRate,
      warmupMs: CONFIG.alertWarmupMs,
      durationMs: CONFIG.alertDurationMs,
      drainMs: 3_000,
    });
    log(`alerts: ${alerts.delivered}/${alerts.accepted} delivered, p50 ${alerts.latency.p50.toFixed(1)} ms, p99 ${alerts.latency.p99.toFixed(1)} ms`);
    return alerts;
  } finally {
    await naer.child.stop();
  }
}

async function statementProfile(ctx: Context, url: string, cohort: Cohort): Promise<StatementProfile> {
  const admin = postgres(ctx.pg.url, { max: 1, onnotice: () => undefined });
  const logFile = join(ctx.pg.dir, 'data', 'test-server.log');
  try {
    await admin`alter database naer_bench set log_min_duration_statement = 0`;
    const naer = await startNaer(ctx, 'naer-postgres-profile', { DATABASE_URL: url });
    const { clients } = await cohortLogins(url, naer.baseUrl, cohort);
    const offset = (await stat(logFile)).size;
    const saved = { warmupMs: CONFIG.warmupMs, durationMs: CONFIG.durationMs };
    Object.assign(CONFIG, { warmupMs: 1_000, durationMs: 5_000 });
    const run = await closedLoop(ctx, 'Naer on PostgreSQL, every statement logged', `${naer.baseUrl}/api/measurements`, clients, naer.child.proc.pid).finally(() =>
      Object.assign(CONFIG, saved),
    );
    await naer.child.stop();
    return await analyseStatementLog(logFile, offset, run.result.totalOk);
  } finally {
    await admin`alter database naer_bench reset log_min_duration_statement`;
    await admin.end();
  }
}

async function pglitePhase(ctx: Context, cohort: Cohort, passwordHash: string): Promise<{ run: LoadRun; alerts: AlertLatencyResult | undefined }> {
  const dataDir = join(ctx.tmp, 'pglite');
  log('PGlite: creating the data directory and the cohort');
  await withDatabase({ dataDir }, async (database) => {
    await runMigrations(database);
    await populateCohort(database, cohort, passwordHash);
  });
  const naer = await startNaer(ctx, 'naer-pglite', { DATA_DIR: dataDir });
  const clients = await loginAll(naer.baseUrl, cohort);
  const run = await closedLoop(ctx, 'Naer on PGlite', `${naer.baseUrl}/api/measurements`, clients, naer.child.proc.pid);
  let alerts: AlertLatencyResult | undefined;
  // The closed loop's readings are those received before the alert run (same machine, same clock).
  let loopEnded = new Date();
  if (CONFIG.phases.has('pglite-alerts')) {
    await settle('alerts on PGlite');
    loopEnded = new Date();
    const clinicianCookie = await login(naer.baseUrl, cohort.clinician.email);
    alerts = await ctx.load.alerts({ label: 'alerts on PGlite', baseUrl: naer.baseUrl, clinicianCookie, clients, ratePerSecond: CONFIG.alertRate, warmupMs: CONFIG.alertWarmupMs, durationMs: CONFIG.alertDurationMs, drainMs: 3_000 });
  }
  await naer.child.stop();
  run.stored = await withDatabase({ dataDir }, async (database) => {
    const [row] = await database.rows<{ n: number }>(drizzleSql`select count(*)::int as n from measurements where received_at < ${loopEnded.toISOString()}::timestamptz`);
    return row?.n ?? 0;
  });
  return { run, alerts };
}

type ScaleSeries = 'board' | 'history' | 'boardAll' | 'filtered' | 'overview';

/** Board views a clinician narrows to: each a filter combination the server must answer from its indexes. */
const FILTERED_BOARD_QUERIES = [
  'programme=copd&status=red,yellow',
  'owner=unclaimed',
  'sort=name&paused=false',
  'status=green&sort=latest',
  'programme=copd&sector=hospital&owner=organisation',
  'q=a&status=red,yellow,missing,review',
];

interface ScaleResult {
  engine: 'postgres' | 'pglite';
  data: ScaleData;
  generateMs: number;
  board: GetsResult;
  history: GetsResult;
  /** The board walked to its end in pages of 500 (every patient read, each page audited). */
  boardAll: GetsResult;
  /** Board pages with filters and another order, as a clinician narrows the view (several combinations). */
  filtered: GetsResult;
  /** The patient overview's data: 90 days of every kind, questionnaires and the alert timeline. */
  overview: GetsResult;
  /** CPU per request during each series (server, PostgreSQL, other processes): readable on a busy machine. */
  cpu: Record<ScaleSeries, CpuUse | undefined>;
  /** Requests sent in each series, warm-up included (the CPU figures cover them all). */
  requests: Record<ScaleSeries, number>;
  reused: boolean;
}

/** A generated year on a database (or the one kept from an earlier run with the same settings). */
async function generatedYear(engine: 'postgres' | 'pglite', options: OpenOptions, passwordHash: string, patients: number): Promise<{ data: ScaleData; generateMs: number; reused: boolean }> {
  log(`${engine}: generating ${patients} patients × ${CONFIG.scaleDays} days × ${CONFIG.scaleKinds.length} kinds`);
  const t0 = performance.now();
  let lastLog = 0;
  let reused = false;
  const data = await withDatabase(options, async (database) => {
    await runMigrations(database);
    const kept = await keptScaleData(database, scaleKey(patients));
    if (kept) {
      log(`${engine}: reusing the year kept in ${CONFIG.keepDir ?? ''}`);
      reused = true;
      return kept;
    }
    const generated = await populateScale(database, {
      patients,
      days: CONFIG.scaleDays,
      kinds: CONFIG.scaleKinds,
      onProgress: (done, total) => {
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          log(`${engine}: day ${done}/${total}`);
        }
      },
    }, passwordHash);
    if (CONFIG.keepDir) await keepScaleData(database, generated, scaleKey(patients));
    return generated;
  });
  const generateMs = performance.now() - t0;
  log(`${engine}: ${data.measurements.toLocaleString('en')} measurements in ${(generateMs / 1000).toFixed(0)} s`);
  return { data, generateMs, reused };
}

async function scaleReads(ctx: Context, engine: 'postgres' | 'pglite', options: OpenOptions, passwordHash: string, postgresTree?: number): Promise<ScaleResult> {
  const { data, generateMs, reused } = await generatedYear(engine, options, passwordHash, CONFIG.scalePatients);

  const naer = await startNaer(ctx, `naer-${engine}-scale`, options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: options.dataDir });
  try {
    const cookie = await login(naer.baseUrl, data.clinician.email);
    await settle(`${engine} reads`);
    const groups = { server: { pid: naer.child.proc.pid }, postgres: { tree: postgresTree ?? ctx.postmasterPid } };
    const measured = async (work: () => Promise<GetsResult>): Promise<[GetsResult, CpuUse]> => {
      const before = cpuSnapshot(groups);
      const result = await work();
      return [result, cpuBetween(before, cpuSnapshot(groups))];
    };
    const [board, boardCpu] = await measured(() =>
      ctx.load.gets({ label: 'board', baseUrl: naer.baseUrl, cookie, paths: Array.from({ length: CONFIG.boardRuns + 3 }, () => '/api/patients'), warmup: 3 }),
    );
    // Every patient, as a clinician scrolling to the end would read them: the pages' cursors come from the API.
    const pages = await boardPagePaths(naer.baseUrl, cookie);
    const [boardAll, boardAllCpu] = await measured(() => ctx.load.gets({ label: 'board, every page', baseUrl: naer.baseUrl, cookie, paths: [...pages, ...pages, ...pages, ...pages], warmup: pages.length }));
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString();
    const paths = Array.from({ length: CONFIG.historyRuns + 10 }, () => {
      const id = data.patientIds[Math.floor(Math.random() * data.patientIds.length)] ?? '';
      return `/api/patients/${id}/measurements?from=${encodeURIComponent(from)}&limit=500`;
    });
    const [history, historyCpu] = await measured(() => ctx.load.gets({ label: 'history', baseUrl: naer.baseUrl, cookie, paths, warmup: 10 }));
    const filteredPaths = Array.from({ length: CONFIG.boardRuns + 6 }, (_, i) => `/api/patients?${FILTERED_BOARD_QUERIES[i % FILTERED_BOARD_QUERIES.length] ?? ''}`);
    const [filtered, filteredCpu] = await measured(() => ctx.load.gets({ label: 'filtered board', baseUrl: naer.baseUrl, cookie, paths: filteredPaths, warmup: 6 }));
    const overviewPaths = Array.from({ length: CONFIG.historyRuns + 10 }, () => `/api/patients/${data.patientIds[Math.floor(Math.random() * data.patientIds.length)] ?? ''}/overview?days=90`);
    const [overview, overviewCpu] = await measured(() => ctx.load.gets({ label: 'overview', baseUrl: naer.baseUrl, cookie, paths: overviewPaths, warmup: 10 }));
    log(`${engine} board p95 ${board.latency.p95.toFixed(1)} ms, history p95 ${history.latency.p95.toFixed(1)} ms, filtered board p95 ${filtered.latency.p95.toFixed(1)} ms, overview p95 ${overview.latency.p95.toFixed(1)} ms`);
    return {
      engine, data, generateMs, board, history, boardAll, filtered, overview,
      cpu: { board: boardCpu, history: historyCpu, boardAll: boardAllCpu, filtered: filteredCpu, overview: overviewCpu },
      requests: { board: CONFIG.boardRuns + 3, history: paths.length, boardAll: pages.length * 4, filtered: filteredPaths.length, overview: overviewPaths.length },
      reused,
    };
  } finally {
    await naer.child.stop();
  }
}

/** The board's page paths to its end (limit 500), following nextCursor. */
async function boardPagePaths(baseUrl: string, cookie: string): Promise<string[]> {
  const paths: string[] = [];
  let cursor: string | null = null;
  do {
    const path: string = `/api/patients?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    paths.push(path);
    const res = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    cursor = ((await res.json()) as { nextCursor: string | null }).nextCursor;
  } while (cursor && paths.length < 1000);
  return paths;
}

/** One view of the dashboard the phase measures: a period and its filters. */
interface DashboardView {
  name: string;
  query: string;
  /** Days of the period (the floor reads this period and the one before). */
  days: number;
}

interface DashboardSeriesResult {
  view: DashboardView;
  result: GetsResult;
  cpu: CpuUse | undefined;
  requests: number;
  /** The floor for the same period: one statement reading the organisation's patient_weeks and alerts of both periods. */
  floor: LatencySummary;
}

interface DashboardPlan {
  ms: number;
  text: string[];
}

interface DashboardSize {
  patients: number;
  data: ScaleData;
  generateMs: number;
  reused: boolean;
  series: DashboardSeriesResult[];
  csv: { ms: number; bytes: number; status: number };
  /** Server-side time per statement over one request of each view (log_min_duration_statement = 0). */
  statements: StatementProfile | undefined;
  /** auto_explain (ANALYZE, BUFFERS) of the slowest statements of those requests. */
  plans: DashboardPlan[];
}

/** YYYY-MM-DD of the Danish calendar day `offset` days from today. */
function danishDay(offset: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

function dashboardViews(data: ScaleData): DashboardView[] {
  const to = danishDay(0);
  const quarter = `from=${danishDay(-90)}&to=${to}`;
  const year = `from=${danishDay(-364)}&to=${to}`;
  return [
    { name: 'quarter', query: quarter, days: 91 },
    { name: 'year', query: year, days: 365 },
    { name: 'year, programme=copd', query: `${year}&programme=copd`, days: 365 },
    { name: 'quarter, partner=the municipality', query: `${quarter}&partner=${data.partnerIds.municipality}`, days: 91 },
  ];
}

/**
 * The floor of a dashboard read: what any implementation has to touch, one statement through postgres.js
 * with no HTTP, auth or JSON: the organisation's patients' patient_weeks and alerts over the period and the one before.
 */
async function dashboardFloor(url: string, organisationId: string, view: DashboardView, runs: number): Promise<LatencySummary> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const from = danishDay(-(2 * view.days) + 1);
    const samples: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const t0 = performance.now();
      await sql`
        select (select count(*) from patient_weeks w join care_team_members c on c.patient_id = w.patient_id
                 where c.organisation_id = ${organisationId}::uuid and w.week >= ${from}::date and w.reading_days > 0) as weeks,
               (select count(*) from alerts a join care_team_members c on c.patient_id = a.patient_id
                 where c.organisation_id = ${organisationId}::uuid and a.opened_at >= ${from}::date) as alerts`;
      if (i >= 3) samples.push(performance.now() - t0);
    }
    return summarise(samples);
  } finally {
    await sql.end();
  }
}

/** auto_explain entries in a PostgreSQL log from `offset`, slowest first. */
async function explainedPlans(file: string, offset: number, count: number): Promise<DashboardPlan[]> {
  const text = (await readFile(file, 'utf8')).slice(offset);
  const plans: DashboardPlan[] = [];
  let current: DashboardPlan | undefined;
  for (const line of text.split('\n')) {
    const match = /LOG:\s+duration: ([\d.]+) ms\s+plan:/.exec(line);
    if (match) {
      current = { ms: Number(match[1]), text: [] };
      plans.push(current);
    } else if (current && line.startsWith('\t')) {
      current.text.push(line.slice(1));
    } else {
      current = undefined;
    }
  }
  return plans.sort((a, b) => b.ms - a.ms).slice(0, count);
}

/**
 * The population dashboard on a generated year at each size: sequential GETs of a quarter, a year and
 * filtered views as the scale clinician (their hospital's figures), the floor for the same periods, the
 * CSV once, then one request per view with every statement logged and auto_explain on.
 */
async function dashboardPhase(ctx: Context, passwordHash: string): Promise<DashboardSize[]> {
  const sizes: DashboardSize[] = [];
  const kept = CONFIG.keepDir ? await startPostgres({ keepDir: CONFIG.keepDir }) : undefined;
  try {
    const server = kept ?? ctx.pg;
    const tree = kept ? await postmasterPid(kept) : ctx.postmasterPid;
    for (const patients of CONFIG.dashboardPatients) {
      const name = `naer_dashboard_${patients}`;
      const url = kept ? await keptScaleDatabase(kept.url, name, scaleKey(patients)) : await createDatabase(server.url, name);
      const { data, generateMs, reused } = await generatedYear('postgres', { databaseUrl: url, dataDir: '' }, passwordHash, patients);
      const views = dashboardViews(data);
      // No background jobs on this node: the missing-reading check's statement takes ~20 s at 5,000 scheduled
      // patients (reported in the closing note) and would share the two cores with what is measured here.
      const naer = await startNaer(ctx, `naer-dashboard-${patients}`, { DATABASE_URL: url, RUN_JOBS: 'false' });
      const series: DashboardSeriesResult[] = [];
      let csv = { ms: Number.NaN, bytes: 0, status: 0 };
      try {
        const cookie = await login(naer.baseUrl, data.clinician.email);
        await settle(`dashboard, ${patients} patients`);
        const groups = { server: { pid: naer.child.proc.pid }, postgres: { tree } };
        for (const view of views) {
          const paths = Array.from({ length: CONFIG.dashboardRuns + 3 }, () => `/api/dashboard?${view.query}`);
          const before = cpuSnapshot(groups);
          const result = await ctx.load.gets({ label: `dashboard ${view.name}`, baseUrl: naer.baseUrl, cookie, paths, warmup: 3 });
          const cpu = cpuBetween(before, cpuSnapshot(groups));
          const floor = await dashboardFloor(url, data.organisationId, view, CONFIG.dashboardRuns);
          series.push({ view, result, cpu, requests: paths.length, floor });
          log(`dashboard ${patients} ${view.name}: p50 ${result.latency.p50.toFixed(0)} ms, p95 ${result.latency.p95.toFixed(0)} ms (floor p50 ${floor.p50.toFixed(1)} ms), ${result.errors} errors`);
        }
        const year = views[1]?.query ?? '';
        const t0 = performance.now();
        const res = await fetch(`${naer.baseUrl}/api/dashboard.csv?${year}`, { headers: { cookie } });
        const body = await res.arrayBuffer();
        csv = { ms: performance.now() - t0, bytes: body.byteLength, status: res.status };
      } finally {
        await naer.child.stop();
      }
      const { statements, plans } = await dashboardStatements(ctx, server, url, name, data, views);
      if (CONFIG.planDir) await writeFile(join(CONFIG.planDir, `dashboard-plans-${patients}.txt`), plans.map((p) => `-- ${p.ms} ms\n${p.text.join('\n')}\n`).join('\n'));
      sizes.push({ patients, data, generateMs, reused, series, csv, statements, plans });
    }
  } finally {
    await kept?.stop();
  }
  return sizes;
}

/** One request per view on a fresh server with every statement logged and auto_explain (ANALYZE, BUFFERS) on; the settings are removed after. */
async function dashboardStatements(ctx: Context, server: PostgresServer, url: string, name: string, data: ScaleData, views: DashboardView[]) {
  const admin = postgres(server.url, { max: 1, onnotice: () => undefined });
  const logFile = join(server.dir, 'data', 'test-server.log');
  const settings = ['log_min_duration_statement', 'session_preload_libraries', 'auto_explain.log_min_duration', 'auto_explain.log_analyze', 'auto_explain.log_buffers', 'auto_explain.log_timing'];
  try {
    await admin.unsafe(`alter database ${name} set log_min_duration_statement = 0`);
    await admin.unsafe(`alter database ${name} set session_preload_libraries = 'auto_explain'`);
    await admin.unsafe(`alter database ${name} set auto_explain.log_min_duration = 20`);
    await admin.unsafe(`alter database ${name} set auto_explain.log_analyze = on`);
    await admin.unsafe(`alter database ${name} set auto_explain.log_buffers = on`);
    await admin.unsafe(`alter database ${name} set auto_explain.log_timing = on`);
    const naer = await startNaer(ctx, `naer-dashboard-profile-${name}`, { DATABASE_URL: url });
    try {
      const cookie = await login(naer.baseUrl, data.clinician.email);
      // Warm once (plans, caches), then one request per view.
      await ctx.load.gets({ label: 'dashboard warm-up', baseUrl: naer.baseUrl, cookie, paths: views.map((v) => `/api/dashboard?${v.query}`), warmup: 0 });
      const offset = (await stat(logFile)).size;
      await ctx.load.gets({ label: 'dashboard, statements logged', baseUrl: naer.baseUrl, cookie, paths: views.map((v) => `/api/dashboard?${v.query}`), warmup: 0 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { statements: await analyseStatementLog(logFile, offset, views.length), plans: await explainedPlans(logFile, offset, 4) };
    } finally {
      await naer.child.stop();
    }
  } catch (error) {
    log(`dashboard statements: ${error instanceof Error ? error.message : String(error)}`);
    return { statements: undefined, plans: [] };
  } finally {
    for (const setting of settings) await admin.unsafe(`alter database ${name} reset ${setting}`).catch(() => undefined);
    await admin.end();
  }
}

/** What a kept year was generated with: reused only when the size settings (and the generator's version) match. */
const scaleKey = (patients: number) => JSON.stringify({ patients, days: CONFIG.scaleDays, kinds: CONFIG.scaleKinds, generator: 2 });

/** A kept server's database for a year: created on first use, dropped when it holds a year of other settings. */
async function keptScaleDatabase(adminUrl: string, name: string, key: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    const [exists] = await admin<Array<{ n: number }>>`select count(*)::int as n from pg_database where datname = ${name}`;
    if (exists?.n) {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = postgres(url.toString(), { max: 1, onnotice: () => undefined });
      const [kept] = await db<Array<{ key: string }>>`select key from bench_scale_kept`.catch(() => []);
      await db.end();
      if (kept?.key === key) return url.toString();
      await dropDatabase(adminUrl, name);
    }
  } finally {
    await admin.end();
  }
  return createDatabase(adminUrl, name);
}

async function keptScaleData(database: Database, key: string): Promise<ScaleData | undefined> {
  if (!CONFIG.keepDir) return undefined;
  const rows = await database
    .rows<{ key: string; data: ScaleData }>(drizzleSql`select key, data from bench_scale_kept`)
    .catch(() => []);
  return rows[0]?.key === key ? rows[0].data : undefined;
}

async function keepScaleData(database: Database, data: ScaleData, key: string): Promise<void> {
  await database.rows(drizzleSql`create table bench_scale_kept (key text not null, data jsonb not null)`);
  await database.rows(drizzleSql`insert into bench_scale_kept values (${key}, ${JSON.stringify(data)}::jsonb)`);
}

// ---------------------------------------------------------------------------------------------------
// Report

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const pad = (text: string, width: number) => text.padStart(width);
const padEnd = (text: string, width: number) => text.padEnd(width);

/**
 * Submissions per second the bench's own CPU use would allow if it had every core to itself: all
 * cores shared by server, PostgreSQL and load generator, and at most one core for the server's
 * busiest thread (its event loop; with PGlite the database has a thread of its own).
 */
function aloneEstimate(run: LoadRun | undefined): number | undefined {
  const g = run?.cpu?.groups;
  if (!g || !run || run.result.ok === 0) return undefined;
  const total = ((g.server ?? 0) + (g.postgres ?? 0) + (g.load ?? 0)) / run.result.ok;
  const busiest = (run.cpu?.busiestThread.server ?? 0) / run.result.ok;
  if (total <= 0 || busiest <= 0) return undefined;
  return Math.min((cpus().length * 1000) / total, 1000 / busiest);
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL';
}

/** FHIR search and import and webhook delivery on the generated year (the kept 5,000-patient dashboard year when BENCH_KEEP_DIR is set). */
async function dataSharingPhase(ctx: Context, passwordHash: string): Promise<SharingResult> {
  const kept = CONFIG.keepDir ? await startPostgres({ keepDir: CONFIG.keepDir }) : undefined;
  try {
    const patients = CONFIG.scalePatients;
    const url = kept ? await keptScaleDatabase(kept.url, `naer_dashboard_${patients}`, scaleKey(patients)) : await createDatabase(ctx.pg.url, 'naer_sharing');
    const { data } = await generatedYear('postgres', { databaseUrl: url, dataDir: '' }, passwordHash, patients);
    const naer = await startNaer(ctx, 'naer-sharing', { DATABASE_URL: url, RUN_JOBS: 'false' });
    try {
      const cookie = await login(naer.baseUrl, data.clinician.email);
      await settle('data sharing');
      return await sharingPhase({ baseUrl: naer.baseUrl, cookie, databaseUrl: url, data, runs: CONFIG.historyRuns, rate: num('BENCH_WEBHOOK_RATE', 200), seconds: num('BENCH_WEBHOOK_SECONDS', 10), log });
    } finally {
      await naer.child.stop();
    }
  } finally {
    await kept?.stop();
  }
}

interface Report {
  floor?: LoadRun;
  postgres?: LoadRun;
  alerts?: AlertLatencyResult;
  visits?: VisitCost;
  chart?: ChartRender;
  call?: CallFigures;
  profile?: StatementProfile;
  pglite?: LoadRun;
  pgliteAlerts?: AlertLatencyResult;
  scale?: ScaleResult;
  pgliteScale?: ScaleResult;
  dashboard?: DashboardSize[];
  /** Parts that broke, with the reason: the bench exits non-zero when there is any. */
  failures: string[];
}

/** The dashboard at one size: the data, each view against its floor, the CSV, statements and plans. */
function dashboardBlock(line: (text?: string) => void, size: DashboardSize): void {
  const d = size.data;
  const c = d.counts;
  const made = size.reused ? `kept in ${CONFIG.keepDir ?? ''}` : `generated in ${(size.generateMs / 1000).toFixed(0)} s`;
  line(`Population dashboard, PostgreSQL: ${size.patients.toLocaleString('en')} patients, ${d.measurements.toLocaleString('en')} measurements (${made}); GET /api/dashboard as the scale clinician (their hospital), ${CONFIG.dashboardRuns} sequential requests per view after 3 warm-up`);
  line(`  data: ${c.started_in_year} enrolled during the year, ${c.ended} ended, ${c.paused} paused, ${c.heart_failure} heart failure; alerts ${c.yellow_alerts} yellow, ${c.red_alerts} red, ${c.missing_alerts} missing (${c.escalations} escalated, ${c.never_claimed} closed unclaimed, ${c.admitted} admitted); ${c.alert_events} alert events, ${c.reviewed} reviews, ${c.visits} visits, ${c.messages} messages, ${c.consultations} consultations, ${c.involvement_answers} involvement answers; ${c.patient_weeks} patient_weeks`);
  line('                                                     p50        p95        max   floor p50   p50/floor  p95/floor  errors    KiB   CPU ms/request: server  postgres');
  for (const s of size.series) {
    const l = s.result.latency;
    const n = Math.max(1, s.requests);
    const server = s.cpu?.groups.server ?? 0;
    const pgCpu = s.cpu?.groups.postgres ?? 0;
    line(`  ${padEnd(s.view.name, 46)}${pad(ms(l.p50), 9)}${pad(ms(l.p95), 11)}${pad(ms(l.max), 11)}${pad(ms(s.floor.p50), 12)}${pad((l.p50 / s.floor.p50).toFixed(1), 12)}${pad((l.p95 / s.floor.p95).toFixed(1), 11)}${pad(String(s.result.errors), 8)}${pad((s.result.meanBytes / 1024).toFixed(0), 7)}${pad(ms(server / n), 24)}${pad(ms(pgCpu / n), 10)}`);
    for (const sample of s.result.errorSamples) line(`    error sample: ${sample}`);
  }
  line('  floor: one statement via postgres.js counting the organisation\'s patient_weeks and alerts over the period and the one before (no HTTP, auth, JSON)');
  line(`  CSV (year): ${size.csv.status}, ${ms(size.csv.ms)} ms, ${(size.csv.bytes / 1024).toFixed(1)} KiB`);
  if (size.statements) {
    line(`  Statements of one request per view (${size.statements.submissions} requests, server-side time)      per request   mean ms   share`);
    for (const st of size.statements.statements.slice(0, 8)) line(`    ${padEnd(st.label.slice(0, 88), 88)}${pad(st.perSubmission.toFixed(2), 6)}${pad(ms(st.meanMs), 10)}${pad(`${(st.share * 100).toFixed(0)} %`, 8)}`);
    line(`    total statement time per request: ${ms(size.statements.msPerSubmission)} ms`);
  }
  for (const plan of size.plans) {
    const at = plan.text.findIndex((t) => /\(cost=[\d.]+\.\.[\d.]+ rows=/.test(t));
    line(`  Plan (auto_explain, ANALYZE, BUFFERS), ${ms(plan.ms)} ms, nodes over 5 % of it (time × loops): ${plan.text.slice(0, Math.max(0, at)).join(' ').replace(/\s+/g, ' ').slice(12, 120)} …`);
    for (const t of plan.text.slice(Math.max(0, at))) {
      const node = /actual time=[\d.]+\.\.([\d.]+) rows=\d+ loops=(\d+)/.exec(t);
      if (node && Number(node[1]) * Number(node[2]) >= plan.ms * 0.05) line(`    ${t.replace(/\(cost=[^)]*\) /, '').slice(0, 190)}`);
    }
  }
  line();
}

function printReport(r: Report): void {
  const out: string[] = [];
  const line = (text = '') => out.push(text);
  const c = CONFIG;
  line();
  line(`Naer bench — ${cpus().length} cores, Node ${process.version}, PostgreSQL 15 (fsync off), ${c.patients} patients, ${c.concurrency} connections, ${c.warmupMs / 1000} s warm-up + ${c.durationMs / 1000} s measured, ${Math.round(c.redShare * 100)} % red`);
  line();
  const submissionRuns = [r.floor, r.postgres, r.pglite].filter((run) => run !== undefined);
  if (submissionRuns.length > 0) {
    line('Submissions, closed loop                        req/s     p50     p95     p99     max  errors  stored/ok');
    const row = (name: string, run: LoadRun | undefined) => {
      if (!run) return line(`  ${padEnd(name, 42)}  (did not run)`);
      const { result } = run;
      const l = result.latency;
      const stored = run.stored === undefined ? '' : `${run.stored}/${result.totalOk}`;
      line(`  ${padEnd(name, 42)}${pad(result.throughput.toFixed(0), 8)}${pad(ms(l.p50), 8)}${pad(ms(l.p95), 8)}${pad(ms(l.p99), 8)}${pad(ms(l.max), 8)}${pad(String(result.errors), 8)}  ${stored}`);
    };
    row('floor: Express + postgres.js, 3 inserts', r.floor);
    row('Naer full path, PostgreSQL', r.postgres);
    row('Naer full path, PGlite', r.pglite);
    for (const run of [r.floor, r.postgres, r.pglite]) {
      for (const sample of run?.result.errorSamples ?? []) line(`    error sample (${run?.result.label}): ${sample}`);
    }
    line();
    line('Where the CPU went during the measured window (ms of CPU per submission; 2 cores = 2 ms of CPU per ms)');
    line('                                                server  (thread)  postgres      load     other   machine busy   alone*');
    const cpuRow = (name: string, run: LoadRun | undefined) => {
      const cpu = run?.cpu;
      if (!cpu || !run) return;
      const n = Math.max(1, run.result.ok);
      const g = cpu.groups;
      const ours = (g.server ?? 0) + (g.postgres ?? 0) + (g.load ?? 0);
      const busyShare = cpu.machineBusy / (cpu.wallMs * cpus().length);
      const alone = aloneEstimate(run);
      line(`  ${padEnd(name, 42)}${pad(ms((g.server ?? 0) / n), 10)}${pad(ms((cpu.busiestThread.server ?? 0) / n), 10)}${pad(ms((g.postgres ?? 0) / n), 10)}${pad(ms((g.load ?? 0) / n), 10)}${pad(ms((cpu.machineBusy - ours) / n), 10)}${pad(`${(busyShare * 100).toFixed(0)} %`, 15)}${pad(alone === undefined ? '–' : `${alone.toFixed(0)}/s`, 9)}`);
    };
    cpuRow('floor', r.floor);
    cpuRow('Naer, PostgreSQL', r.postgres);
    cpuRow('Naer, PGlite (server includes the database)', r.pglite);
    line('  (thread): the server\'s busiest thread, its event loop; with PGlite the database runs on a thread of its own.');
    line('  "other" is every process outside the bench: on a shared machine it makes the numbers noisy.');
    line(`  * alone: what this CPU per submission would allow on ${cpus().length} otherwise idle cores (server + postgres + load sharing ${cpus().length} cores, the server's busiest thread on one): a CPU-bound estimate.`);
    if (r.floor?.db || r.postgres?.db) {
      line();
      line('Database time per submission (pg_stat_database)   executing   idle in transaction   commits');
      for (const [name, run] of [['floor', r.floor], ['Naer, PostgreSQL', r.postgres]] as const) {
        if (!run?.db) continue;
        line(`  ${padEnd(name, 46)}${pad(`${ms(run.db.activeMsPerSubmission)} ms`, 12)}${pad(`${ms(run.db.idleInTxMsPerSubmission)} ms`, 22)}${pad(run.db.commitsPerSubmission.toFixed(2), 10)}`);
      }
    }
    line();
  }
  if (r.profile) {
    line(`Statements of the full path (${r.profile.submissions} submissions with every statement logged; server-side time)`);
    line('                                                                          per submission   mean ms   share');
    const shown = r.profile.statements.filter((s, i) => i < 12 && (i < 5 || s.share >= 0.005 || s.perSubmission >= 0.5));
    for (const s of shown) {
      line(`  ${padEnd(s.label.slice(0, 72), 72)}${pad(s.perSubmission.toFixed(2), 8)}${pad(ms(s.meanMs), 14)}${pad(`${(s.share * 100).toFixed(0)} %`, 8)}`);
    }
    line(`  total statement time per submission: ${r.profile.msPerSubmission.toFixed(2)} ms`);
    line();
  }
  const alertBlock = (a: AlertLatencyResult | undefined, engine: string) => {
    if (!a) return;
    line(`Alert latency, ${engine}: send → alert:raised/alert:updated on a clinician socket, open loop at ${c.alertRate}/s for ${c.alertDurationMs / 1000} s, every reading red`);
    line(`  achieved ${a.achievedRate.toFixed(0)}/s (schedule lag p99 ${ms(a.scheduleLagP99)} ms); delivered ${a.delivered}/${a.accepted} (${a.raised} raised, ${a.updated} updated), ${a.errors} errors`);
    line(`  event  p50 ${ms(a.latency.p50)} ms  p95 ${ms(a.latency.p95)} ms  p99 ${ms(a.latency.p99)} ms  max ${ms(a.latency.max)} ms`);
    line(`  HTTP   p50 ${ms(a.http.p50)} ms  p95 ${ms(a.http.p95)} ms  p99 ${ms(a.http.p99)} ms  max ${ms(a.http.max)} ms`);
    for (const sample of a.errorSamples) line(`    error sample: ${sample}`);
    line();
  };
  alertBlock(r.alerts, 'PostgreSQL');
  alertBlock(r.pgliteAlerts, 'PGlite (no cluster adapter)');
  const a = r.alerts;
  if (r.visits) {
    const v = r.visits;
    line(`A home visit next to readings (PostgreSQL, one nurse, sequential, ${v.visit.count} each, each on another patient)`);
    const row = (name: string, s: LatencySummary) => line(`  ${padEnd(name, 52)} p50 ${pad(ms(s.p50), 7)} ms  p95 ${pad(ms(s.p95), 7)} ms  max ${pad(ms(s.max), 7)} ms`);
    row('one reading: POST /api/measurements', v.reading);
    row('six readings in one batch', v.batch);
    row('a visit: six readings + TOBS/NEWS2 + visit + alert', v.visit);
    line(`  visit / six-reading batch, p50: ${(v.visit.p50 / v.batch.p50).toFixed(2)}; visit / one reading, p50: ${(v.visit.p50 / v.reading.p50).toFixed(2)}`);
    for (const e of v.errors) line(`    error sample: ${e}`);
    line();
  }
  if (r.chart) {
    const ch = r.chart;
    line(`Patient overview charts in Chromium (headless, no GPU): ${ch.charts} charts × ${ch.pointsPerChart} points (90 days, 5 kinds, blood pressure as two)`);
    line(`  new data → last chart drawn   p50 ${pad(ms(ch.render.p50), 7)} ms  p95 ${pad(ms(ch.render.p95), 7)} ms  max ${pad(ms(ch.render.max), 7)} ms  ${ch.render.count} runs`);
    line();
  }
  if (r.call) {
    const call = r.call;
    const sorted = [...call.connected].sort((x, y) => x - y);
    line('A three-party video call in headless Chromium (fake camera and microphone, loopback, no TURN)');
    line(`  page opened → both remote videos playing, per participant: ${sorted.map((c) => `${ms(c)} ms`).join(', ')}`);
    line(`  signalling messages sent to set up the call: ${call.signalsSent}`);
    line(`  server CPU while the call ran: ${ms(call.serverCpuPerMinute)} ms per minute of call, idle before it: ${ms(call.idleCpuPerMinute)} ms per minute (${call.callSeconds.toFixed(0)} s each; media does not pass the server)`);
    line();
  }
  const scaleLine = (s: ScaleResult | undefined, engine: string) => {
    if (!s) return;
    const made = s.reused ? `kept in ${CONFIG.keepDir ?? ''}` : `generated in ${(s.generateMs / 1000).toFixed(0)} s`;
    line(`Reads on a generated year, ${engine}: ${s.data.patientIds.length.toLocaleString('en')} patients, ${s.data.measurements.toLocaleString('en')} measurements (${CONFIG.scaleKinds.join(', ')}; ${made})`);
    line('                                                                                                                          CPU ms per request');
    line('                                                                                                                       server  postgres   other');
    const g = (name: string, res: GetsResult, cpu: CpuUse | undefined, requests: number) => {
      const n = Math.max(1, requests);
      const server = cpu?.groups.server ?? 0;
      const postgresCpu = cpu?.groups.postgres ?? 0;
      const cpuText = cpu ? `${pad(ms(server / n), 8)}${pad(ms(postgresCpu / n), 10)}${pad(ms((cpu.machineBusy - server - postgresCpu) / n), 8)}` : '';
      line(`  ${padEnd(name, 52)} p50 ${pad(ms(res.latency.p50), 7)} ms  p95 ${pad(ms(res.latency.p95), 7)} ms  max ${pad(ms(res.latency.max), 7)} ms  ${pad(String(res.latency.count), 4)} runs, ${res.errors} errors, ${pad((res.meanBytes / 1024).toFixed(0), 5)} KiB${cpuText}`);
    };
    g('board: GET /api/patients as the clinician', s.board, s.cpu.board, s.requests.board);
    g('  (every page to the end, limit=500; per page)', s.boardAll, s.cpu.boardAll, s.requests.boardAll);
    g('history: GET /api/patients/:id/measurements (90 days)', s.history, s.cpu.history, s.requests.history);
    g('filtered board: GET /api/patients?programme=…&status=…', s.filtered, s.cpu.filtered, s.requests.filtered);
    g('overview: GET /api/patients/:id/overview?days=90', s.overview, s.cpu.overview, s.requests.overview);
    line('  CPU per request sent (warm-up included); "other" is every other process, the load generator too.');
    for (const sample of [...s.board.errorSamples, ...s.boardAll.errorSamples, ...s.history.errorSamples, ...s.filtered.errorSamples, ...s.overview.errorSamples]) line(`    error sample: ${sample}`);
  };
  scaleLine(r.scale, 'PostgreSQL');
  scaleLine(r.pgliteScale, 'PGlite');
  if (c.phases.has('scale') && !c.phases.has('pglite-scale')) {
    line('Reads on a generated year, PGlite: not run by default (add pglite-scale to BENCH_PHASES): generating the year inside PGlite takes many minutes on 2 cores');
  }
  if (r.scale || r.pgliteScale || c.phases.has('scale')) line();
  for (const size of r.dashboard ?? []) dashboardBlock(line, size);
  const [smallest, ...larger] = r.dashboard ?? [];
  for (const size of larger) {
    if (!smallest) break;
    const growth = size.series.map((s) => {
      const base = smallest.series.find((x) => x.view.name === s.view.name);
      return `${s.view.name} p50 ×${base ? (s.result.latency.p50 / base.result.latency.p50).toFixed(2) : '–'} (floor ×${base ? (s.floor.p50 / base.floor.p50).toFixed(2) : '–'})`;
    });
    line(`Dashboard growth, ${smallest.patients.toLocaleString('en')} → ${size.patients.toLocaleString('en')} patients (×${(size.patients / smallest.patients).toFixed(1)}): ${growth.join('; ')}`);
    line();
  }

  const { floor, postgres: full, pglite } = r;
  const tRatio = full && floor ? full.result.throughput / floor.result.throughput : undefined;
  const pRatio = full && floor ? full.result.latency.p99 / floor.result.latency.p99 : undefined;
  const gRatio = pglite && full ? pglite.result.throughput / full.result.throughput : undefined;
  const aloneFull = aloneEstimate(full);
  const aloneFloor = aloneEstimate(floor);
  const cpuRatio = aloneFull !== undefined && aloneFloor !== undefined ? aloneFull / aloneFloor : undefined;
  const alonePglite = aloneEstimate(pglite);
  const cpuPgliteRatio = alonePglite !== undefined && aloneFull !== undefined ? alonePglite / aloneFull : undefined;
  const runs = [floor, full, pglite].filter((run): run is LoadRun => run !== undefined);
  const errors = runs.reduce((sum, run) => sum + run.result.errors, 0);
  const fixed = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2));
  const check = (value: number | undefined, ok: (v: number) => boolean) => (value === undefined || !Number.isFinite(value) ? undefined : ok(value));
  const reads = (s: ScaleResult | undefined, which: 'board' | 'history' | 'filtered' | 'overview', max: number) => check(s?.[which].latency.p95, (v) => s?.[which].errors === 0 && v <= max);
  const targets: Array<[string, string, string, boolean | undefined]> = [
    ['full path / floor, throughput', fixed(tRatio), `≥ ${TARGETS.throughputRatio}`, check(tRatio, (v) => v >= TARGETS.throughputRatio)],
    ['full path / floor, p99', fixed(pRatio), `≤ ${TARGETS.p99Ratio}`, check(pRatio, (v) => v <= TARGETS.p99Ratio)],
    ['  (CPU-bound estimate of the throughput ratio)', fixed(cpuRatio), `≥ ${TARGETS.throughputRatio}`, check(cpuRatio, (v) => v >= TARGETS.throughputRatio)],
    ['no failed submissions', runs.length ? String(errors) : '–', '0', runs.length ? errors === 0 : undefined],
    ['alert event p50', a ? `${ms(a.latency.p50)} ms` : '–', `≤ ${TARGETS.alertP50} ms`, check(a?.latency.p50, (v) => v <= TARGETS.alertP50)],
    ['alert event p99', a ? `${ms(a.latency.p99)} ms` : '–', `≤ ${TARGETS.alertP99} ms`, check(a?.latency.p99, (v) => v <= TARGETS.alertP99)],
    ['alert events delivered', a ? `${a.delivered}/${a.accepted}` : '–', 'all', a ? a.accepted > 0 && a.delivered === a.accepted && a.errors === 0 : undefined],
    ['PGlite / PostgreSQL, throughput', fixed(gRatio), `≥ ${TARGETS.pgliteRatio}`, check(gRatio, (v) => v >= TARGETS.pgliteRatio)],
    ['  (CPU-bound estimate of the PGlite ratio)', fixed(cpuPgliteRatio), `≥ ${TARGETS.pgliteRatio}`, check(cpuPgliteRatio, (v) => v >= TARGETS.pgliteRatio)],
    ['board p95, PostgreSQL', r.scale ? `${ms(r.scale.board.latency.p95)} ms` : '–', `≤ ${TARGETS.boardP95} ms`, reads(r.scale, 'board', TARGETS.boardP95)],
    ['history p95, PostgreSQL', r.scale ? `${ms(r.scale.history.latency.p95)} ms` : '–', `≤ ${TARGETS.historyP95} ms`, reads(r.scale, 'history', TARGETS.historyP95)],
    ['filtered board p95, PostgreSQL', r.scale ? `${ms(r.scale.filtered.latency.p95)} ms` : '–', `≤ ${TARGETS.filteredBoardP95} ms`, reads(r.scale, 'filtered', TARGETS.filteredBoardP95)],
    ['visit / six-reading batch, p50', r.visits ? (r.visits.visit.p50 / r.visits.batch.p50).toFixed(2) : '–', '≤ 1.00', check(r.visits ? r.visits.visit.p50 / r.visits.batch.p50 : undefined, (v) => v <= 1 && r.visits?.errors.length === 0)],
    ['chart render 90 days × 5 kinds, p50', r.chart ? `${ms(r.chart.render.p50)} ms` : '–', `≤ ${TARGETS.chartRender} ms`, check(r.chart?.render.p50, (v) => v <= TARGETS.chartRender)],
    ['overview p95, PostgreSQL', r.scale ? `${ms(r.scale.overview.latency.p95)} ms` : '–', `≤ ${TARGETS.overviewP95} ms`, reads(r.scale, 'overview', TARGETS.overviewP95)],
  ];
  const [firstSize] = r.dashboard ?? [];
  for (const [name, max] of [['quarter', TARGETS.dashboardQuarterP95], ['year', TARGETS.dashboardYearP95]] as const) {
    const s = firstSize?.series.find((x) => x.view.name === name);
    targets.push([`dashboard ${name} p95, ${firstSize ? firstSize.patients.toLocaleString('en') : '5,000'} patients`, s ? `${ms(s.result.latency.p95)} ms` : '–', `≤ ${max} ms`, check(s?.result.latency.p95, (v) => s?.result.errors === 0 && v <= max)]);
  }
  if (r.pgliteScale) {
    targets.push(['board p95, PGlite', `${ms(r.pgliteScale.board.latency.p95)} ms`, `≤ ${TARGETS.boardP95} ms`, reads(r.pgliteScale, 'board', TARGETS.boardP95)]);
    targets.push(['history p95, PGlite', `${ms(r.pgliteScale.history.latency.p95)} ms`, `≤ ${TARGETS.historyP95} ms`, reads(r.pgliteScale, 'history', TARGETS.historyP95)]);
  }
  line('Targets                                          measured      target    result');
  for (const [name, measured, target, ok] of targets) line(`  ${padEnd(name, 44)}${pad(measured, 12)}${pad(target, 12)}    ${verdict(ok)}`);
  if (r.failures.length > 0) {
    line();
    line('The bench itself broke in:');
    for (const failure of r.failures) line(`  ${failure}`);
  }
  line();
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Main

let cleanup: (() => Promise<void>) | undefined;

async function main(): Promise<boolean> {
  const started = performance.now();
  const tmp = await mkdtemp(join(tmpdir(), 'naer-bench-'));
  log(`starting PostgreSQL (work dir ${tmp})`);
  const pg = await startPostgres();
  cleanup = async () => {
    cleanup = undefined;
    await stopAllChildren();
    await pg.stop().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  };

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const cohort = makeCohort(CONFIG.patients);
  const phases = CONFIG.phases;
  const report: Report = { failures: [] };
  const attempt = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    log(name);
    try {
      return await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${name} broke: ${message}`);
      report.failures.push(`${name}: ${message}`);
      return undefined;
    }
  };

  const load = new LoadGenerator(startTs('tests/bench/load.ts', {}, join(tmp, 'load.log'), { ipc: true }));
  const ctx: Context = { pg, tmp, load, postmasterPid: await postmasterPid(pg) };
  const cohortDatabase = async (name: string) => {
    const url = await createDatabase(pg.url, name);
    await withDatabase({ databaseUrl: url, dataDir: '' }, async (database) => {
      await runMigrations(database);
      await populateCohort(database, cohort, passwordHash);
    });
    return url;
  };

  if (phases.has('floor')) report.floor = await attempt('floor', async () => floorPhase(ctx, await cohortDatabase('naer_floor'), cohort));
  if (phases.has('postgres') || phases.has('alerts') || phases.has('visits') || phases.has('chart') || phases.has('call')) {
    const url = await cohortDatabase('naer_bench');
    if (phases.has('postgres')) report.postgres = await attempt('Naer on PostgreSQL', () => postgresPhase(ctx, url, cohort));
    if (phases.has('alerts')) report.alerts = await attempt('alert latency', () => alertPhase(ctx, url, cohort));
    if (phases.has('visits')) report.visits = await attempt('visit cost', () => visitPhase(ctx, url, cohort));
    if (phases.has('chart')) report.chart = await attempt('chart render', () => chartPhase(ctx, url, cohort));
    if (phases.has('call')) report.call = await attempt('three-party call', () => callPhase(ctx, url, cohort));
    if (CONFIG.profile) report.profile = await attempt('statement profile', () => statementProfile(ctx, url, cohort));
  }
  if (phases.has('pglite')) {
    const result = await attempt('Naer on PGlite', () => pglitePhase(ctx, cohort, passwordHash));
    report.pglite = result?.run;
    report.pgliteAlerts = result?.alerts;
  }
  if (phases.has('scale')) {
    report.scale = await attempt('reads at scale, PostgreSQL', async () => {
      if (!CONFIG.keepDir) return scaleReads(ctx, 'postgres', { databaseUrl: await createDatabase(pg.url, 'naer_scale'), dataDir: '' }, passwordHash);
      // A kept server of its own, so the shared one can still be thrown away.
      const kept = await startPostgres({ keepDir: CONFIG.keepDir });
      try {
        return await scaleReads(ctx, 'postgres', { databaseUrl: await keptScaleDatabase(kept.url, 'naer_scale', scaleKey(CONFIG.scalePatients)), dataDir: '' }, passwordHash, await postmasterPid(kept));
      } finally {
        await kept.stop();
      }
    });
  }
  if (phases.has('dashboard')) report.dashboard = await attempt('population dashboard, PostgreSQL', () => dashboardPhase(ctx, passwordHash));
  if (phases.has('sharing')) await attempt('data sharing (FHIR, webhooks), PostgreSQL', () => dataSharingPhase(ctx, passwordHash));
  if (phases.has('pglite-scale')) {
    report.pgliteScale = await attempt('reads at scale, PGlite', () => scaleReads(ctx, 'pglite', { dataDir: join(tmp, 'pglite-scale') }, passwordHash));
  }

  load.child.proc.send({ type: 'exit' });
  printReport(report);
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return report.failures.length === 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void (cleanup?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}
process.on('exit', killAllChildrenSync);

main()
  .then(async (ok) => {
    await cleanup?.();
    process.exit(ok ? 0 : 1);
  })
  .catch(async (error: unknown) => {
    console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanup?.().catch(() => undefined);
    process.exit(1);
  });
