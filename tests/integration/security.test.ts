import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createApp } from '../../server/src/app';
import type { NaerApp } from '../../server/src/app';
import { users } from '../../server/src/db/schema';
import { LOGIN_WINDOW_MS, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ACCOUNT_ANYWHERE, MAX_FAILURES_PER_ADDRESS } from '../../server/src/modules/auth/login-throttle';
import { SESSION_TTL_MS } from '../../server/src/modules/auth/session.repository';
import { createFixture, createPatient, PASSWORD } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, TestClock, startTestApp } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';

interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

const clock = new TestClock();
let t: TestApp;
let f: Fixture;
const sockets: ClientSocket[] = [];
const extraApps: NaerApp[] = [];

beforeAll(async () => {
  t = await startTestApp({ clock });
  f = await createFixture(t.database);
});
beforeEach(() => clock.set(new Date()));
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});
afterAll(async () => {
  for (const app of extraApps) await app.close();
  await t.stop();
});

/** A fresh patient account, so failures counted against it belong to this test alone. */
const freshAccount = () => createPatient(t.database, [f.hospital.id]);
/** A documentation address (RFC 3849) unique to the call, sent through the trusted loopback proxy header. */
const freshAddress = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

async function login(email: string, password: string, headers: Record<string, string> = {}) {
  const client = new TestClient(t.baseUrl);
  const res = await client.request<ErrorBody>('POST', '/api/auth/login', { email, password }, headers);
  return { client, res };
}

async function rawLogin(email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${t.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });
}

/** Resolves with the reason once the server closes the socket. */
function disconnected(socket: ClientSocket, timeoutMs = 3_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

async function socketOf(client: TestClient): Promise<ClientSocket> {
  const socket = await client.socket();
  sockets.push(socket);
  return socket;
}

describe('login throttling', () => {
  it(`refuses the account for 15 minutes after ${MAX_FAILURES_PER_ACCOUNT} wrong passwords, even with the right one, with Retry-After and a clear message`, async () => {
    const account = await freshAccount();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) expect((await login(account.email, 'wrong-password')).res.status).toBe(401);
    const refused = await rawLogin(account.email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(LOGIN_WINDOW_MS / 1000));
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/Too many failed logins for this account\. Wait 15 minutes/);
    expect(refused.headers.get('set-cookie')).toBeNull();

    clock.advance(LOGIN_WINDOW_MS - 60_000);
    const later = await rawLogin(account.email, PASSWORD);
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('60');
    clock.advance(60_001);
    expect((await login(account.email, PASSWORD)).res.status).toBe(200);
  });

  it('lets the account in from another address while one address is refused for it, so nobody can lock a nurse out from afar', async () => {
    const account = await freshAccount();
    const attacker = freshAddress();
    const ward = freshAddress();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) expect((await login(account.email, 'wrong-password', { 'x-forwarded-for': attacker })).res.status).toBe(401);
    expect((await login(account.email, PASSWORD, { 'x-forwarded-for': attacker })).res.status).toBe(429);
    expect((await login(account.email, PASSWORD, { 'x-forwarded-for': ward })).res.status).toBe(200);
    // The nurse's login does not lift the lock on the attacker's address.
    expect((await login(account.email, PASSWORD, { 'x-forwarded-for': attacker })).res.status).toBe(429);
  });

  it(`refuses the account everywhere after ${MAX_FAILURES_PER_ACCOUNT_ANYWHERE} failures spread over many addresses`, async () => {
    const account = await freshAccount();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_ANYWHERE; i++) {
      expect((await login(account.email, 'wrong-password', { 'x-forwarded-for': freshAddress() })).res.status, `guess ${i + 1}`).toBe(401);
    }
    const refused = await login(account.email, PASSWORD, { 'x-forwarded-for': freshAddress() });
    expect(refused.res.status).toBe(429);
    expect(refused.res.body.error.message).toMatch(/for this account/);
  });

  it('counts the account case-insensitively and leaves other accounts alone', async () => {
    const account = await freshAccount();
    const other = await freshAccount();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      const email = i % 2 === 0 ? account.email.toUpperCase() : account.email;
      expect((await login(email, 'wrong-password')).res.status).toBe(401);
    }
    expect((await login(account.email, PASSWORD)).res.status).toBe(429);
    expect((await login(other.email, PASSWORD)).res.status).toBe(200);
  });

  it('clears the account’s failures on a successful login', async () => {
    const account = await freshAccount();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) await login(account.email, 'wrong-password');
    expect((await login(account.email, PASSWORD)).res.status).toBe(200);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) expect((await login(account.email, 'wrong-password')).res.status).toBe(401);
    expect((await login(account.email, PASSWORD)).res.status).toBe(200);
  });

  it('never counts correct logins, however many come from one address', async () => {
    const address = freshAddress();
    const account = await freshAccount();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS + 5; i++) {
      expect((await login(account.email, PASSWORD, { 'x-forwarded-for': address })).res.status, `login ${i + 1}`).toBe(200);
    }
  });

  it(`refuses an address after ${MAX_FAILURES_PER_ADDRESS} failures across accounts, and only that address`, async () => {
    const address = freshAddress();
    const otherAddress = freshAddress();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      expect((await login(`nobody-${randomUUID()}@test.naer.dk`, 'guess', { 'x-forwarded-for': address })).res.status).toBe(401);
    }
    const account = await freshAccount();
    const refused = await login(account.email, PASSWORD, { 'x-forwarded-for': address });
    expect(refused.res.status).toBe(429);
    expect(refused.res.body.error.message).toMatch(/from your network address/);
    expect((await login(account.email, PASSWORD, { 'x-forwarded-for': otherAddress })).res.status).toBe(200);
  });

  it('counts failures in the database, so a second node refuses the account too', async () => {
    const second = createApp({ database: t.database, clock });
    extraApps.push(second);
    await new Promise<void>((resolve) => second.httpServer.listen(0, '127.0.0.1', resolve));
    const secondUrl = `http://127.0.0.1:${(second.httpServer.address() as AddressInfo).port}`;
    const account = await freshAccount();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await login(account.email, 'wrong-password');
    const res = await new TestClient(secondUrl).request('POST', '/api/auth/login', { email: account.email, password: PASSWORD });
    expect(res.status).toBe(429);
  });

  it('stores no e-mail address for a failed login, only a hash of it', async () => {
    const email = `typo-${randomUUID()}@test.naer.dk`;
    await login(email, 'guess');
    const rows = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from login_failures where email ilike ${`%${email.split('@')[0] ?? ''}%`}`);
    expect(rows[0]?.n).toBe(0);
  });
});

describe('sessions', () => {
  it('expire 12 hours after login', async () => {
    const client = await new TestClient(t.baseUrl).login(f.gp.clinician.email, f.gp.clinician.password);
    clock.advance(SESSION_TTL_MS - 1_000);
    expect((await client.get('/api/auth/me')).status).toBe(200);
    clock.advance(1_000);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('closes a socket when its session expires', async () => {
    const client = await new TestClient(t.baseUrl).login(f.municipality.clinician.email, f.municipality.clinician.password);
    clock.advance(SESSION_TTL_MS - 800);
    const socket = await socketOf(client);
    expect(await disconnected(socket)).toBe('io server disconnect');
  });

  it('closes the sockets of a session on logout, and only that session’s', async () => {
    const first = await new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
    const second = await new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
    const firstSocket = await socketOf(first);
    const secondSocket = await socketOf(second);
    const closed = disconnected(firstSocket);
    expect((await first.post('/api/auth/logout')).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect(secondSocket.connected).toBe(true);
    expect((await second.get('/api/auth/me')).status).toBe(200);
  });

  it('ends the previous session of the browser when someone logs in again', async () => {
    const client = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    const before = client.cookie;
    await client.login(f.patient.email, f.patient.password);
    const stale = new TestClient(t.baseUrl);
    stale.cookie = before;
    expect((await stale.get('/api/auth/me')).status).toBe(401);
    expect((await client.get('/api/auth/me')).status).toBe(200);
  });

  it('refuses a socket opened from another website', async () => {
    const client = await new TestClient(t.baseUrl).login(f.gp.clinician.email, f.gp.clinician.password);
    const { io: connect } = await import('socket.io-client');
    const socket: ClientSocket = connect(t.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: client.cookie ?? '', origin: 'https://evil.example' }, reconnection: false, forceNew: true });
    sockets.push(socket);
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('cross-site');
  });
});

describe('changing the password', () => {
  it('ends every other session and its sockets, keeps this one, and the old password stops working', async () => {
    const account = await freshAccount();
    const here = await new TestClient(t.baseUrl).login(account.email, PASSWORD);
    const elsewhere = await new TestClient(t.baseUrl).login(account.email, PASSWORD);
    const hereSocket = await socketOf(here);
    const elsewhereSocket = await socketOf(elsewhere);
    const closed = disconnected(elsewhereSocket);
    const newPassword = 'a much longer passphrase';

    expect((await here.post('/api/auth/password', { currentPassword: PASSWORD, newPassword })).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect(hereSocket.connected).toBe(true);
    expect((await login(account.email, PASSWORD)).res.status).toBe(401);
    expect((await login(account.email, newPassword)).res.status).toBe(200);
    const [row] = await t.database.db.select({ changed: users.passwordChangedAt }).from(users).where(sql`${users.id} = ${account.id}`);
    expect(row?.changed?.getTime()).toBe(clock.now().getTime());
  });

  it('needs a session', async () => {
    expect((await new TestClient(t.baseUrl).post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'long enough password' })).status).toBe(401);
  });

  it.each([
    ['no body', undefined, '(body)'],
    ['a short new password', { currentPassword: PASSWORD, newPassword: 'short' }, 'newPassword'],
    ['the same password again', { currentPassword: PASSWORD, newPassword: PASSWORD }, 'newPassword'],
    ['a missing current password', { newPassword: 'long enough password' }, 'currentPassword'],
    ['a wrong current password', { currentPassword: 'not-the-password', newPassword: 'long enough password' }, 'currentPassword'],
  ])('refuses %s with 400 naming the field, and changes nothing', async (_label, body, field) => {
    const account = await freshAccount();
    const client = await new TestClient(t.baseUrl).login(account.email, PASSWORD);
    const res = await client.post<ErrorBody>('/api/auth/password', body);
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.path)).toContain(field);
    expect((await login(account.email, PASSWORD)).res.status).toBe(200);
    const [row] = await t.database.db.select({ changed: users.passwordChangedAt }).from(users).where(sql`${users.id} = ${account.id}`);
    expect(row?.changed).toBeNull();
  });

  it('counts wrong current passwords like failed logins', async () => {
    const account = await freshAccount();
    const client = await new TestClient(t.baseUrl).login(account.email, PASSWORD);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await client.post('/api/auth/password', { currentPassword: `wrong-${i}`, newPassword: 'long enough password' })).status).toBe(400);
    }
    const res = await client.post<ErrorBody>('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'long enough password' });
    expect(res.status).toBe(429);
  });
});

describe('cookies', () => {
  it('is httpOnly and SameSite=Lax, and not Secure on plain-HTTP localhost', async () => {
    const res = await rawLogin(f.patient.email, f.patient.password);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('is Secure for any other host, and behind an HTTPS proxy', async () => {
    const remote = await rawLogin(f.patient.email, f.patient.password, { 'x-forwarded-host': 'naer.example.dk' });
    expect(remote.headers.get('set-cookie')).toMatch(/; Secure/i);
    const https = await rawLogin(f.patient.email, f.patient.password, { 'x-forwarded-proto': 'https' });
    expect(https.headers.get('set-cookie')).toMatch(/; Secure/i);
  });
});

describe('cross-site request forgery', () => {
  const reading = () => ({ id: randomUUID(), kind: 'spo2', value: 96, unit: '%', measuredAt: new Date(Date.now() - 60_000).toISOString(), source: 'manual' });
  const stored = async (id: string) => (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from measurements where id = ${id}`))[0]?.n;

  it('refuses a write whose Origin is another website, with a clear message, and stores nothing', async () => {
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    const body = reading();
    const res = await patient.request<ErrorBody>('POST', '/api/measurements', body, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/another website/) as string });
    expect(await stored(body.id)).toBe(0);
  });

  it('refuses a write whose Referer is another website when there is no Origin', async () => {
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    expect((await patient.request('POST', '/api/measurements', reading(), { referer: 'https://evil.example/page' })).status).toBe(403);
  });

  it('refuses Origin: null (sandboxed frames)', async () => {
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    expect((await patient.request('POST', '/api/measurements', reading(), { origin: 'null' })).status).toBe(403);
  });

  it('refuses a cross-site login, so nobody can log a browser into an account of theirs', async () => {
    expect((await login(f.patient.email, f.patient.password, { origin: 'https://evil.example' })).res.status).toBe(403);
  });

  it('refuses writes with any method to any API path before routing', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await new TestClient(t.baseUrl).request(method, '/api/anything', undefined, { origin: 'https://evil.example' });
      expect(res.status, method).toBe(403);
    }
  });

  it('accepts a write from its own origin, and from clients that send no Origin', async () => {
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    const own = reading();
    expect((await patient.request('POST', '/api/measurements', own, { origin: t.baseUrl, referer: `${t.baseUrl}/today` })).status).toBe(201);
    expect((await patient.post('/api/measurements', reading())).status).toBe(201);
    expect(await stored(own.id)).toBe(1);
  });

  it('lets reads through from anywhere (they change nothing, and CORS keeps the answer from the other site)', async () => {
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    expect((await patient.request('GET', '/api/auth/me', undefined, { origin: 'https://evil.example' })).status).toBe(200);
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x']])('refuses a body sent as %s, which an HTML form can send cross-site', async (type) => {
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    const body = reading();
    const res = await patient.request<ErrorBody>('POST', '/api/measurements', JSON.stringify(body), { 'content-type': type });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Content-Type: application\/json/);
    expect(await stored(body.id)).toBe(0);
  });

  it('answers no CORS preflight, so another site cannot send JSON with the cookie', async () => {
    const res = await fetch(`${t.baseUrl}/api/measurements`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('security headers', () => {
  it('sends CSP, nosniff, no referrer, no framing, a permissions policy and COOP on every answer, and no-store on the API', async () => {
    for (const pathname of ['/api/health', '/api/nothing-here', '/api/auth/me']) {
      const res = await fetch(t.baseUrl + pathname);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, pathname).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'self'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("media-src 'self' blob:");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('permissions-policy')).toBe('camera=(self), microphone=(self), geolocation=(), payment=(), usb=()');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('sends HSTS only when the request came over HTTPS', async () => {
    const res = await fetch(`${t.baseUrl}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('allows the web app’s inline bootstrap script by its hash, not by unsafe-inline', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'naer-web-'));
    const script = '\n  __sveltekit_x = { base: "" };\n  import("/_app/start.js");\n';
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><head><script src="/x.js"></script></head><body><script>${script}</script></body></html>`);
    const app = createApp({ database: t.database, clock, webBuildDir: dir });
    extraApps.push(app);
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}/today`);
      expect(res.status).toBe(200);
      const hash = createHash('sha256').update(script).digest('base64');
      expect(res.headers.get('content-security-policy')).toContain(`script-src 'self' 'sha256-${hash}'`);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('logs', () => {
  it('print no e-mail address, name, CPR number, body or query string while the API is used and misused', async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => lines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method).mockImplementation(capture));
    const cpr = '0101701234';
    try {
      await login(f.patient.email, 'wrong-password');
      const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
      await patient.post('/api/measurements', { id: randomUUID(), kind: 'spo2', value: 96, unit: '%', measuredAt: new Date().toISOString(), source: 'manual', note: cpr });
      await patient.get(`/api/patients/${f.patient.patientId}/measurements?kind=${cpr}&after=${encodeURIComponent(f.patient.email)}`);
      await patient.get(`/api/patients/${cpr}`);
      await patient.post('/api/auth/password', { currentPassword: cpr, newPassword: `${cpr}-${f.patient.email}` });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const [row] = await t.database.rows<{ name: string }>(sql`select name from patients where id = ${f.patient.patientId}`);
    const text = lines.join('\n');
    expect(text).not.toContain(f.patient.email);
    expect(text).not.toContain(cpr);
    expect(text).not.toContain(row?.name ?? 'no name');
  });

  it('never log a request body, query string or raw error object from server code', () => {
    const root = fileURLToPath(new URL('../../server/src', import.meta.url));
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) return walk(full);
        return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
      });
    })(root);
    const offences: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (!/console\.(log|info|warn|error|debug)\(/.test(line)) return;
          const where = `${path.relative(root, file)}:${i + 1}`;
          if (/req(uest)?\.(body|query|originalUrl|url|headers)|\bemail\b|displayName|\bcpr\b/i.test(line)) offences.push(`${where} logs request data: ${line.trim()}`);
          // An error object printed as is shows PostgreSQL's `detail`, which carries the offending values.
          if (/console\.\w+\([^)]*,\s*(error|err|e|cause)\s*\)/.test(line)) offences.push(`${where} logs a raw error (use logError from server/src/logging.ts): ${line.trim()}`);
        });
    }
    expect(offences).toEqual([]);
  });
});
