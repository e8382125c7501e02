import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@naer/shared/realtime';
import { createApp } from '../../server/src/app';
import type { NaerApp } from '../../server/src/app';
import type { Clock } from '../../server/src/kernel/clock';
import { openDatabase } from '../../server/src/db/client';
import type { Database } from '../../server/src/db/client';
import { runMigrations } from '../../server/src/db/migrate';
import { testDatabaseUrl } from './test-database';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(private current = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  baseUrl: string;
  database: Database;
  app: NaerApp;
  stop(): Promise<void>;
}

/** Opens this file's database (fresh PostgreSQL database or in-memory PGlite) with real migrations. */
export async function openTestDatabase(): Promise<Database> {
  const databaseUrl = await testDatabaseUrl();
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 10 });
  await runMigrations(database);
  return database;
}

/** Boots the real app in-process on an ephemeral loopback port. */
export async function startTestApp(options: { clock?: Clock; database?: Database } = {}): Promise<TestApp> {
  const database = options.database ?? (await openTestDatabase());
  const app = createApp({ database, ...(options.clock ? { clock: options.clock } : {}) });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    app,
    stop: async () => {
      await app.close();
      await database.close();
    },
  };
}

export interface Response<T = unknown> {
  status: number;
  body: T;
}

/** A logged-in (or anonymous) HTTP client that keeps the session cookie. */
export class TestClient {
  cookie: string | undefined;
  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    const init: RequestInit = { method, headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers = { 'content-type': 'application/json', ...init.headers };
    }
    const res = await fetch(this.baseUrl + path, init);
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    // Non-JSON answers (CSV) come back as text.
    const json = res.headers.get('content-type')?.includes('json') ?? false;
    return { status: res.status, body: (text ? (json ? JSON.parse(text) : text) : undefined) as T };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }

  async login(email: string, password: string): Promise<this> {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return this;
  }

  /** A Socket.IO connection authenticated with this client's session cookie. */
  async socket(): Promise<ClientSocket> {
    const socket: ClientSocket = connect(this.baseUrl, {
      transports: ['websocket'],
      extraHeaders: this.cookie ? { cookie: this.cookie } : {},
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    return socket;
  }
}

/** Resolves with the first event of that name matching `match`, or rejects after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 2_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}
