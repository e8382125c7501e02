/**
 * Load generator: runs in its own process so its CPU is not the server's event loop. Takes commands
 * from the orchestrator over IPC, answers each with one result message.
 *
 * HTTP goes through node:http with a keep-alive Agent (one socket per concurrent request): cheaper per
 * request than fetch on a 2-core machine, and the same client drives the floor and the full path.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';
import type {
  AlertLatencyCommand,
  AlertLatencyResult,
  BenchClient,
  ClosedLoopCommand,
  ClosedLoopResult,
  GetsCommand,
  GetsResult,
  LoadCommand,
  LoadMark,
  LoadResult,
} from './protocol';
import { summarise } from './stats';

interface HttpOutcome {
  status: number;
  body: string;
}

function send(agent: Agent, url: URL, method: 'GET' | 'POST', cookie: string, payload?: string): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (cookie) headers.cookie = cookie;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', (error) => resolve({ status: 0, body: error.message }));
    });
    req.on('error', (error) => resolve({ status: 0, body: error.message }));
    req.end(payload);
  });
}

/** A valid reading: mostly green, `red` when asked (SpO2 85 or pulse 130). */
function submission(client: BenchClient, red: boolean, kind?: 'spo2' | 'heart_rate'): { id: string; payload: string } {
  const id = randomUUID();
  const k = kind ?? (Math.random() < 0.5 ? 'spo2' : 'heart_rate');
  const value = k === 'spo2' ? (red ? 85 : 95 + Math.floor(Math.random() * 5)) : red ? 130 : 60 + Math.floor(Math.random() * 30);
  const body = {
    id,
    patientId: client.patientId,
    kind: k,
    value,
    unit: k === 'spo2' ? '%' : '/min',
    // A little in the past, as a device reading uploaded right after it was taken.
    measuredAt: new Date(Date.now() - 1_000 - Math.floor(Math.random() * 5_000)).toISOString(),
    source: 'device',
  };
  return { id, payload: JSON.stringify(body) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function closedLoop(cmd: ClosedLoopCommand): Promise<ClosedLoopResult> {
  if (cmd.clients.length < cmd.concurrency) throw new Error(`need at least ${cmd.concurrency} clients, got ${cmd.clients.length}`);
  const url = new URL(cmd.url);
  const agent = new Agent({ keepAlive: true, maxSockets: cmd.concurrency, maxFreeSockets: cmd.concurrency });
  const start = performance.now();
  const windowStart = start + cmd.warmupMs;
  const windowEnd = windowStart + cmd.durationMs;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let ok = 0;
  let errors = 0;
  let totalOk = 0;

  const marks = [
    setTimeout(() => process.send?.({ type: 'mark', at: 'start' } satisfies LoadMark), cmd.warmupMs),
    setTimeout(() => process.send?.({ type: 'mark', at: 'end' } satisfies LoadMark), cmd.warmupMs + cmd.durationMs),
  ];

  // Each connection owns a disjoint set of patients, so no two requests for one patient overlap.
  const worker = async (w: number) => {
    const mine = cmd.clients.filter((_, i) => i % cmd.concurrency === w);
    for (let n = 0; performance.now() < windowEnd; n++) {
      const client = mine[n % mine.length] as BenchClient;
      const { payload } = submission(client, Math.random() < cmd.redShare);
      const t0 = performance.now();
      const res = await send(agent, url, 'POST', client.cookie, payload);
      const t1 = performance.now();
      const good = res.status >= 200 && res.status < 300;
      if (good) totalOk++;
      if (t0 < windowStart) continue;
      if (good) {
        latencies.push(t1 - t0);
        if (t1 <= windowEnd) ok++;
      } else {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`${res.status} ${res.body.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: cmd.concurrency }, (_, w) => worker(w)));
  marks.forEach(clearTimeout);
  agent.destroy();
  return { type: 'closed', label: cmd.label, throughput: ok / (cmd.durationMs / 1000), latency: summarise(latencies), ok, errors, errorSamples, totalOk };
}

type ClinicianSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

async function openSocket(baseUrl: string, cookie: string): Promise<ClinicianSocket> {
  const socket: ClinicianSocket = connect(baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('clinician socket did not connect within 10 s')), 10_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return socket;
}

async function alertLatency(cmd: AlertLatencyCommand): Promise<AlertLatencyResult> {
  const url = new URL('/api/measurements', cmd.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const socket = await openSocket(cmd.baseUrl, cmd.clinicianCookie);

  /** Send time of each submission; `measured` for those after the warm-up. */
  const sentAt = new Map<string, { t0: number; measured: boolean }>();
  const latencies: number[] = [];
  const httpLatencies: number[] = [];
  const lags: number[] = [];
  const errorSamples: string[] = [];
  const seen = new Set<string>();
  let raised = 0;
  let updated = 0;
  let accepted = 0;
  let errors = 0;
  const onAlert = (kind: 'raised' | 'updated') => (event: Parameters<ServerToClientEvents['alert:raised']>[0]) => {
    const id = event.alert.lastMeasurementId;
    const sent = id ? sentAt.get(id) : undefined;
    if (!id || !sent || seen.has(id)) return;
    seen.add(id);
    if (!sent.measured) return;
    latencies.push(performance.now() - sent.t0);
    if (kind === 'raised') raised++;
    else updated++;
  };
  socket.on('alert:raised', onAlert('raised'));
  socket.on('alert:updated', onAlert('updated'));

  const total = Math.round((cmd.ratePerSecond * (cmd.warmupMs + cmd.durationMs)) / 1000);
  const interval = 1000 / cmd.ratePerSecond;
  const inFlight: Array<Promise<void>> = [];
  const start = performance.now();
  const measureFrom = start + cmd.warmupMs;
  let sent = 0;
  let sentMeasured = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const due = start + sent * interval;
        const measured = due >= measureFrom;
        if (measured) lags.push(now - due);
        const client = cmd.clients[sent % cmd.clients.length] as BenchClient;
        const { id, payload } = submission(client, true, 'spo2');
        const t0 = performance.now();
        sentAt.set(id, { t0, measured });
        sent++;
        if (measured) sentMeasured++;
        inFlight.push(
          send(agent, url, 'POST', client.cookie, payload).then((res) => {
            if (res.status === 201) {
              if (!measured) return;
              accepted++;
              httpLatencies.push(performance.now() - t0);
            } else {
              errors++;
              sentAt.delete(id);
              if (errorSamples.length < 5) errorSamples.push(`${res.status} ${res.body.slice(0, 300)}`);
            }
          }),
        );
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      else resolve();
    };
    tick();
  });
  const elapsed = performance.now() - measureFrom;
  await Promise.all(inFlight);
  const delivered = () => [...seen].filter((id) => sentAt.get(id)?.measured).length;
  const drainUntil = performance.now() + cmd.drainMs;
  while (delivered() < accepted && performance.now() < drainUntil) await sleep(50);
  socket.close();
  agent.destroy();
  return {
    type: 'alerts',
    label: cmd.label,
    sent: sentMeasured,
    accepted,
    delivered: delivered(),
    raised,
    updated,
    latency: summarise(latencies),
    http: summarise(httpLatencies),
    scheduleLagP99: summarise(lags).p99,
    achievedRate: sentMeasured / (elapsed / 1000),
    errors,
    errorSamples,
  };
}

async function gets(cmd: GetsCommand): Promise<GetsResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let bytes = 0;
  for (const [i, path] of cmd.paths.entries()) {
    const t0 = performance.now();
    const res = await send(agent, new URL(path, cmd.baseUrl), 'GET', cmd.cookie);
    const ms = performance.now() - t0;
    if (res.status !== 200) {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`${res.status} ${res.body.slice(0, 300)}`);
      continue;
    }
    if (i < cmd.warmup) continue;
    latencies.push(ms);
    bytes += res.body.length;
  }
  agent.destroy();
  return { type: 'gets', label: cmd.label, latency: summarise(latencies), errors, errorSamples, meanBytes: latencies.length ? bytes / latencies.length : 0 };
}

async function handle(cmd: LoadCommand): Promise<LoadResult | undefined> {
  switch (cmd.type) {
    case 'closed':
      return closedLoop(cmd);
    case 'alerts':
      return alertLatency(cmd);
    case 'gets':
      return gets(cmd);
    case 'exit':
      process.exit(0);
  }
}

if (!process.send) {
  console.error('load.ts is started by tests/bench/run.ts (it talks over IPC)');
  process.exit(2);
}
process.on('message', (message: LoadCommand) => {
  handle(message).then(
    (result) => {
      if (result) process.send?.(result);
    },
    (error: unknown) => process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies LoadResult),
  );
});
process.on('disconnect', () => process.exit(0));
