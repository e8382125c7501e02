import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** Variables the server reads; the test sets them explicitly instead of inheriting them. */
const SERVER_VARIABLES = ['PORT', 'HOST', 'DATABASE_URL', 'DATA_DIR', 'NODE_ENV', 'SEED_DEMO', 'WEB_BUILD_DIR', 'JOB_INTERVAL_MS', 'TRUST_PROXY', 'WEBHOOK_INTERVAL_MS', 'WEBHOOK_LEASE_MS', 'RUN_JOBS'];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

/** Live (non-zombie) processes in a process group, from /proc; orphans of a killed group are never reaped here. */
function liveGroupMembers(pgid: number): Array<{ pid: number; ppid: number }> {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    // No /proc: fall back to the signal check, which also counts zombies.
    try {
      process.kill(-pgid, 0);
      return [{ pid: pgid, ppid: process.pid }];
    } catch {
      return [];
    }
  }
  const live: Array<{ pid: number; ppid: number }> = [];
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid pgrp ...
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') live.push({ pid: Number(entry), ppid: Number(ppid) });
    } catch {
      // The process ended while we looked.
    }
  }
  return live;
}

const sleep = (ms: number) => delay(ms);

/** The real server as `npm run serve` runs it (`tsx server/src/main.ts`), in its own process group. */
export class ServerProcess {
  readonly baseUrl: string;
  /** Everything every run of the server printed, for the failure report. */
  readonly log: string[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  private runs = 0;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the server and resolves once GET /api/health answers 200. */
  async start(timeoutMs: number): Promise<number> {
    if (this.child) throw new Error('server already started');
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of SERVER_VARIABLES) delete env[name];
    Object.assign(env, this.env, { PORT: String(this.port), HOST: '127.0.0.1' });

    const run = ++this.runs;
    this.log.push(`--- run ${run} (${new Date().toISOString()}) ---\n`);
    const child = spawn(tsx, ['server/src/main.ts'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.log.push(`--- run ${run} exited: code ${code}, signal ${signal} ---\n`);
        resolve({ code, signal });
      });
    });
    let exitedEarly = false;
    void this.exited.then(() => (exitedEarly = true));

    const started = Date.now();
    for (;;) {
      if (exitedEarly) throw new Error(`the server exited before it was healthy:\n${this.logText()}`);
      try {
        const res = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) return Date.now() - started;
      } catch {
        // Not listening yet.
      }
      if (Date.now() - started > timeoutMs) throw new Error(`the server was not healthy within ${timeoutMs} ms:\n${this.logText()}`);
      await sleep(200);
    }
  }

  /** SIGKILL to the whole group (tsx and the node it spawns), at once, without waiting. */
  killNow(): void {
    if (this.child?.pid === undefined) throw new Error('server not started');
    process.kill(-this.child.pid, 'SIGKILL');
  }

  /** Waits until the killed group is gone: our child reaped and no live process left in its group. */
  async waitDead(timeoutMs = 30_000): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined || !this.exited) return;
    await this.exited;
    const started = Date.now();
    while (liveGroupMembers(pid).length > 0) {
      if (Date.now() - started > timeoutMs) throw new Error(`process group ${pid} still alive ${timeoutMs} ms after SIGKILL`);
      await sleep(50);
    }
    this.child = undefined;
    this.exited = undefined;
  }

  /**
   * SIGTERM to the node process running main.ts (tsx's child), then waits for tsx to exit with its code;
   * SIGKILL to the group if it does not stop in time. Not SIGTERM to the whole group: tsx's signal relay
   * SIGKILLs its child when the child does not acknowledge the signal within ~60 ms (exit 143), which
   * happens now and then on a busy machine and would make this check flaky (reported separately).
   */
  async stop(timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; graceful: boolean }> {
    const pid = this.child?.pid;
    const exited = this.exited;
    if (pid === undefined || !exited) throw new Error('server not started');
    const server = liveGroupMembers(pid).find((member) => member.ppid === pid);
    try {
      process.kill(server ? server.pid : -pid, 'SIGTERM');
    } catch {
      // Already gone; `exited` tells how.
    }
    const timer = delay(timeoutMs, undefined, { ref: false });
    const result = await Promise.race([exited, timer]);
    if (result) {
      await this.waitDead();
      return { ...result, graceful: true };
    }
    this.killNow();
    await this.waitDead();
    return { code: null, signal: 'SIGKILL', graceful: false };
  }

  /** Best effort for afterAll and process exit: no server outlives the test. */
  killSync(): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  logText(): string {
    return this.log.join('');
  }
}

export type Outcome =
  | { kind: 'answered'; status: number; body: unknown }
  /** No complete answer; `status` is set when the status line arrived before the body was cut off. */
  | { kind: 'error'; status: number | undefined; error: string };

/** A minimal HTTP client that keeps the session cookie and reports network errors as outcomes. */
export class ApiClient {
  private cookie: string | undefined;
  private credentials: { email: string; password: string } | undefined;

  constructor(readonly baseUrl: string) {}

  async send(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<Outcome> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let status: number | undefined;
    try {
      const res = await fetch(this.baseUrl + path, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) this.cookie = setCookie.split(';')[0];
      const text = await res.text();
      return { kind: 'answered', status, body: text ? (JSON.parse(text) as unknown) : undefined };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return { kind: 'error', status, error: `${error instanceof Error ? error.message : String(error)}${cause}` };
    }
  }

  async login(email: string, password: string): Promise<void> {
    this.credentials = { email, password };
    const res = await this.send('POST', '/api/auth/login', { email, password });
    if (res.kind !== 'answered' || res.status !== 200) throw new Error(`login as ${email} failed: ${JSON.stringify(res)}`);
  }

  /** One request; logs in again once on a 401 (the session lives in the database, so that should not happen). */
  async request(method: string, path: string, body?: unknown): Promise<Outcome> {
    const res = await this.send(method, path, body);
    if (res.kind === 'answered' && res.status === 401 && this.credentials) {
      await this.login(this.credentials.email, this.credentials.password);
      return this.send(method, path, body);
    }
    return res;
  }

  /** A GET that must answer 200; retried on network errors only (it is idempotent). */
  async getOk<T>(path: string): Promise<T> {
    let last: Outcome | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      last = await this.request('GET', path);
      if (last.kind === 'answered') break;
    }
    if (last?.kind !== 'answered' || last.status !== 200) throw new Error(`GET ${path}: ${JSON.stringify(last)}`);
    return last.body as T;
  }
}
