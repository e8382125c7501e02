/** Messages between the orchestrator (run.ts) and the load generator (load.ts), over Node IPC. */

/** One simulated patient: who they are and their session cookie on the server under test. */
export interface BenchClient {
  patientId: string;
  userId: string;
  /** `naer_session=...`, or empty for the floor, which has no auth. */
  cookie: string;
}

/** Closed loop: `concurrency` connections, each sending its next submission as soon as the last one answered. */
export interface ClosedLoopCommand {
  type: 'closed';
  label: string;
  url: string;
  clients: BenchClient[];
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Share of submissions that are red (SpO2 85 or pulse 130); the rest are green. */
  redShare: number;
}

/** Open loop: red submissions at a steady rate while a clinician socket waits for each one's alert event. */
export interface AlertLatencyCommand {
  type: 'alerts';
  label: string;
  baseUrl: string;
  clinicianCookie: string;
  clients: BenchClient[];
  ratePerSecond: number;
  /** Sent at the same rate but not recorded (JIT, pool and socket warm-up). */
  warmupMs: number;
  durationMs: number;
  /** How long to wait for stragglers after the last send. */
  drainMs: number;
}

/** Sequential GETs, timed one by one (board, history). */
export interface GetsCommand {
  type: 'gets';
  label: string;
  baseUrl: string;
  cookie: string;
  paths: string[];
  /** Requests run first and not recorded. */
  warmup: number;
}

export type LoadCommand = ClosedLoopCommand | AlertLatencyCommand | GetsCommand | { type: 'exit' };

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ClosedLoopResult {
  type: 'closed';
  label: string;
  /** Successful submissions completed inside the measured window, per second. */
  throughput: number;
  latency: LatencySummary;
  ok: number;
  errors: number;
  errorSamples: string[];
  /** Every 2xx over the whole run, warm-up included: the database must hold exactly this many. */
  totalOk: number;
}

export interface AlertLatencyResult {
  type: 'alerts';
  label: string;
  sent: number;
  accepted: number;
  delivered: number;
  raised: number;
  updated: number;
  /** send → first alert:raised / alert:updated carrying this measurement's id. */
  latency: LatencySummary;
  /** send → HTTP 201, for the same submissions. */
  http: LatencySummary;
  /** How far the generator fell behind its schedule (ms), p99: a large value means the rate was not held. */
  scheduleLagP99: number;
  achievedRate: number;
  errors: number;
  errorSamples: string[];
}

export interface GetsResult {
  type: 'gets';
  label: string;
  latency: LatencySummary;
  errors: number;
  errorSamples: string[];
  /** Mean response body size in bytes. */
  meanBytes: number;
}

/** Sent by the load generator when a measured window opens and closes, so the orchestrator can sample CPU. */
export interface LoadMark {
  type: 'mark';
  at: 'start' | 'end';
}

export type LoadResult = ClosedLoopResult | AlertLatencyResult | GetsResult | { type: 'error'; message: string };
export type LoadMessage = LoadResult | LoadMark;
