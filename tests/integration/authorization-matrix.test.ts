import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerToClientEvents } from '@naer/shared/realtime';
import { CLIENT_EVENTS, HTTP_ENDPOINTS, ROLES, SOCKET_EVENTS, bookedConsultation, createMatrixFixture, registeredApiRoutes, resolvePath, userOf } from '../support/endpoints';
import type { CallContext, HttpEndpoint, MatrixFixture, Role } from '../support/endpoints';
import { TestClient, startTestApp } from '../support/test-app';
import type { ClientSocket, TestApp } from '../support/test-app';

let t: TestApp;
let f: MatrixFixture;
const clients = new Map<Role, TestClient>();
let ctx: CallContext;

beforeAll(async () => {
  t = await startTestApp();
  f = await createMatrixFixture(t.database);
  for (const role of ROLES) {
    const user = userOf(f, role);
    clients.set(role, await new TestClient(t.baseUrl).login(user.email, user.password));
  }
  ctx = {
    f,
    database: t.database,
    as: (role) => {
      const client = clients.get(role);
      if (!client) throw new Error(`no client for ${role}`);
      return client;
    },
  };
}, 120_000);
afterAll(async () => t.stop());

const key = (e: Pick<HttpEndpoint, 'method' | 'path'>) => `${e.method} ${e.path}`;

async function call(endpoint: HttpEndpoint, client: TestClient) {
  const prepared = (await endpoint.prepare?.(ctx)) ?? {};
  const url = resolvePath(endpoint.path, f, prepared.params) + (prepared.query ? `?${prepared.query}` : '');
  return client.request(endpoint.method, url, prepared.body);
}

const brief = (body: unknown) => JSON.stringify(body)?.slice(0, 200) ?? '';

describe('the authorisation table', () => {
  it('has a row for every /api route Express serves, and no row for a route that does not exist', () => {
    const registered = registeredApiRoutes(t.app.express);
    const table = HTTP_ENDPOINTS.map(key);
    expect(registered.filter((route) => !table.includes(route)), 'routes with no row in tests/support/endpoints.ts').toEqual([]);
    expect(table.filter((route) => !registered.includes(route)), 'rows for routes that are not registered').toEqual([]);
    expect(new Set(table).size, 'a route listed twice').toBe(table.length);
  });

  it('lets only invited participants join a call (consultation:join), and answers everyone else with a refusal', async () => {
    const consultationId = await bookedConsultation(ctx);
    const wrong: string[] = [];
    for (const role of ROLES) {
      const socket = await ctx.as(role).socket();
      try {
        const answer = await socket.emitWithAck('consultation:join', { consultationId });
        const allowed = CLIENT_EVENTS['consultation:join'].allow.includes(role);
        if (answer.ok !== allowed) wrong.push(`${role}: expected ${allowed ? 'ok' : 'a refusal'}, got ${JSON.stringify(answer)}`);
      } finally {
        socket.disconnect();
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('HTTP endpoints × roles', () => {
  it.each(HTTP_ENDPOINTS.map((endpoint) => [key(endpoint), endpoint] as const))('%s', async (_name, endpoint) => {
    const wrong: string[] = [];
    const anonymous = await call(endpoint, new TestClient(t.baseUrl));
    if ('public' in endpoint.access) {
      if ([401, 403].includes(anonymous.status) || anonymous.status >= 500) wrong.push(`anonymous: public, got ${anonymous.status} ${brief(anonymous.body)}`);
      expect(wrong).toEqual([]);
      return;
    }
    const { allow, scopedOut = [] } = endpoint.access;
    if (anonymous.status !== 401) {
      wrong.push(`anonymous: expected 401, got ${anonymous.status} ${brief(anonymous.body)}`);
    }

    for (const role of ROLES) {
      let client = ctx.as(role);
      if (endpoint.freshSession) {
        const user = userOf(f, role);
        client = await new TestClient(t.baseUrl).login(user.email, user.password);
      }
      const res = await call(endpoint, client);
      const allowed = allow.includes(role);
      if (res.status >= 500) wrong.push(`${role}: server error ${res.status} ${brief(res.body)}`);
      else if (allowed && (res.status === 401 || res.status === 403)) wrong.push(`${role}: expected access, got ${res.status} ${brief(res.body)}`);
      else if (!allowed && res.status !== 403) wrong.push(`${role}: expected 403, got ${res.status} ${brief(res.body)}`);
      else if (scopedOut.includes(role) && (res.status !== 200 || JSON.stringify(res.body).includes(f.patient.patientId))) {
        wrong.push(`${role}: expected 200 without the target patient, got ${res.status} ${brief(res.body)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('socket events × roles', () => {
  /** Connects every role, and for relatives waits until the server has put them in their granted rooms. */
  async function connectEveryone(): Promise<Map<Role, ClientSocket>> {
    const sockets = new Map<Role, ClientSocket>();
    for (const role of ROLES) sockets.set(role, await ctx.as(role).socket());
    for (const role of ['relativeWithGrant', 'relativeWithoutGrant'] as const) {
      const id = sockets.get(role)?.id;
      for (let waited = 0; ; waited += 20) {
        const rooms = id ? t.app.io.of('/').sockets.get(id)?.rooms : undefined;
        if (rooms && [...rooms].some((room) => room.startsWith('relative:'))) break;
        if (waited > 5_000) throw new Error(`${role}'s socket never joined its granted rooms`);
        await delay(20);
      }
    }
    return sockets;
  }

  it('refuses a socket without a session', async () => {
    await expect(new TestClient(t.baseUrl).socket()).rejects.toThrow('unauthenticated');
  });

  it.each(Object.entries(SOCKET_EVENTS) as Array<[keyof ServerToClientEvents, (typeof SOCKET_EVENTS)[keyof ServerToClientEvents]]>)(
    '%s',
    async (event, rule) => {
      const sockets = await connectEveryone();
      const heard = new Map<Role, number>(ROLES.map((role) => [role, 0]));
      for (const [role, socket] of sockets) {
        socket.on(event as 'alert:raised', (payload: { patientId?: string; consultation?: { patientId: string }; consultationId?: string }) => {
          // Call events name the consultation; every consultation in this matrix is about the target patient.
          const about = payload.patientId ?? payload.consultation?.patientId ?? (payload.consultationId ? f.patient.patientId : undefined);
          if (about === f.patient.patientId) heard.set(role, (heard.get(role) ?? 0) + 1);
        });
      }
      try {
        await rule.trigger(ctx);
        for (let waited = 0; rule.receivers.some((role) => heard.get(role) === 0); waited += 20) {
          if (waited > 5_000) break;
          await delay(20);
        }
        // One emit reaches every room at once, so once the receivers have it, anyone else would have it too;
        // the short grace only covers socket scheduling on a loaded machine.
        await delay(300);
        const wrong = ROLES.flatMap((role) => {
          const n = heard.get(role) ?? 0;
          if (rule.receivers.includes(role) && n === 0) return [`${role}: should hear it, did not`];
          if (!rule.receivers.includes(role) && n > 0) return [`${role}: must not hear it, heard it ${n} time(s)`];
          return [];
        });
        expect(wrong).toEqual([]);
      } finally {
        for (const socket of sockets.values()) socket.disconnect();
        await rule.restore?.(ctx);
      }
    },
  );
});

describe('bad input × endpoints', () => {
  /** Every table a request may write (the audit log records refusals on purpose and is left out). */
  const TABLES = ['users', 'sessions', 'patients', 'enrolments', 'care_team_members', 'patient_limits', 'measurements', 'alerts', 'alert_events', 'handovers', 'monitoring_pauses', 'invitations', 'relative_grants', 'messages', 'message_reads'];
  const counts = async () => (await t.database.rows<Record<string, number>>(sql.raw(`select ${TABLES.map((name) => `(select count(*)::int from ${name}) as ${name}`).join(', ')}`)))[0];

  /** Every field replaced by a value of the wrong type. */
  function wrongTypes(body: unknown): unknown {
    if (Array.isArray(body)) return 'not a list';
    if (body === null || typeof body !== 'object') return typeof body === 'string' ? 12345 : 'not a value';
    return Object.fromEntries(Object.keys(body).map((name) => [name, wrongTypes((body as Record<string, unknown>)[name])]));
  }

  interface Attempt {
    label: string;
    /** One path parameter replaced; the prepared body is sent as is. */
    param?: { name: string; value: string };
    /** A bad body instead of the prepared one (`null`: none). */
    body?: unknown;
    query?: string;
  }

  function attempts(endpoint: HttpEndpoint, hasBody: boolean): Attempt[] {
    const names = [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
    const list: Attempt[] = names.flatMap((name) => [
      { label: `:${name} not an id`, param: { name, value: 'not-an-id' } },
      { label: `:${name} unknown`, param: { name, value: randomUUID() } },
    ]);
    if (endpoint.method === 'GET') return [...list, { label: 'nonsense query', query: 'limit=-1&after=%00zz&before=!!&kind=nope&from=yesterday&status=nope&type=nope' }];
    list.push({ label: 'malformed JSON', body: '{"id": ' });
    if (hasBody) {
      list.push({ label: 'a list instead of an object', body: [] });
      list.push({ label: 'every field of the wrong type', body: 'wrong-types' });
      list.push({ label: 'an empty object', body: {} });
    }
    return list;
  }

  const endpoints = HTTP_ENDPOINTS.filter((e) => e.method !== 'GET' || e.path.includes(':') || e.path === '/api/alerts');

  it.each(endpoints.map((e) => [key(e), e] as const))('%s: 4xx with a message, never a 500 or a partial write', async (_name, endpoint) => {
    const role = 'public' in endpoint.access ? undefined : endpoint.access.allow[0];
    const sample = (await endpoint.prepare?.(ctx)) ?? {};
    const hasBody = typeof sample.body === 'object' && sample.body !== null && Object.keys(sample.body).length > 0;
    const wrong: string[] = [];
    for (const attempt of attempts(endpoint, hasBody)) {
      const user = role ? userOf(f, role) : undefined;
      const client = !user ? new TestClient(t.baseUrl) : endpoint.freshSession ? await new TestClient(t.baseUrl).login(user.email, user.password) : ctx.as(role ?? 'patient');
      // Fresh resources for every attempt, so one attempt's refusal cannot hide behind another's.
      const prepared = (await endpoint.prepare?.(ctx)) ?? {};
      const params = { ...prepared.params, ...(attempt.param ? { [attempt.param.name]: attempt.param.value } : {}) };
      const body = attempt.body === 'wrong-types' ? wrongTypes(prepared.body) : attempt.body !== undefined ? attempt.body : prepared.body;
      const url = resolvePath(endpoint.path, f, params) + (attempt.query ? `?${attempt.query}` : '');
      const before = await counts();
      const res = await client.request<{ error?: { message?: string } }>(endpoint.method, url, body);
      const after = await counts();
      const ok = attempt.query !== undefined ? res.status < 500 : res.status >= 400 && res.status < 500;
      if (!ok) wrong.push(`${attempt.label}: got ${res.status} ${brief(res.body)}`);
      else if (res.status >= 400 && !(typeof res.body?.error?.message === 'string' && res.body.error.message.length >= 10)) wrong.push(`${attempt.label}: ${res.status} without a clear message`);
      if (res.status >= 400 && JSON.stringify(before) !== JSON.stringify(after)) wrong.push(`${attempt.label}: refused with ${res.status} but wrote ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
    }
    expect(wrong).toEqual([]);
  });
});
