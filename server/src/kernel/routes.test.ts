import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../http/error-handler';
import type { Actor } from './actor';
import { RawJson, declaredRoutes } from './routes';

const patient: Actor = { userId: 'u1', email: 'p@test.naer.dk', displayName: 'Karen', role: 'patient', organisation: null, patientId: '00000000-0000-4000-8000-000000000001', ip: null };
let base = '';
let close: () => void = () => undefined;
const seen: Array<Actor['permit']> = [];

beforeAll(async () => {
  const app = express();
  // Stands in for the session middleware: the header names the test actor.
  app.use((req, _res, next) => {
    if (req.headers['x-test-actor'] === 'patient') req.actor = patient;
    next();
  });
  const health = { status: 'ok' as const, database: 'postgres' as const, internalNote: 'never sent' };
  app.use(
    declaredRoutes({
      'system.health': () => health,
      'patients.summary': () => Promise.reject(new Error('not reached: the id is refused first')),
      'measurements.list': ({ actor }) => {
        seen.push(actor.permit);
        return new RawJson('{"items":[],"nextCursor":null}');
      },
    }),
  );
  app.use(errorHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

const get = async (path: string, actor?: 'patient') => {
  const res = await fetch(base + path, actor ? { headers: { 'x-test-actor': actor } } : {});
  return { status: res.status, body: (await res.json()) as { error?: { message: string; details?: Array<{ path: string }> } } & Record<string, unknown> };
};

describe('declared routes', () => {
  it('shape the answer by the response schema: a field it does not list never leaves', async () => {
    const res = await get('/health');
    expect(res).toEqual({ status: 200, body: { status: 'ok', database: 'postgres' } });
  });

  it('answer 401 without a session on an endpoint that needs one, before parsing anything', async () => {
    const res = await get('/patients/not-a-uuid');
    expect(res.status).toBe(401);
  });

  it('answer 400 naming the path parameter when an id is malformed', async () => {
    const res = await get('/patients/not-a-uuid', 'patient');
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.map((d) => d.path)).toEqual(['patientId']);
  });

  it('hand the service the endpoint\u2019s declared policy as the actor\u2019s permit', async () => {
    seen.length = 0;
    const res = await get(`/patients/${patient.patientId ?? ''}/measurements`, 'patient');
    expect(res).toEqual({ status: 200, body: { items: [], nextCursor: null } });
    expect(seen).toEqual([{ relativeScope: 'readings', responsibility: undefined }]);
  });
});
