import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { errorHandler } from './error-handler';
import { systemRoutes } from './system.routes';

const servers: Array<{ close(): void }> = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** GET /health of the system routes over a database that answers as given. */
async function health(database: Pick<Database, 'engine' | 'ping' | 'failure'>) {
  const app = express().use(systemRoutes(database as Database)).use(errorHandler);
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`);
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('GET /api/health', () => {
  it('is ok with the engine when the database answers', async () => {
    expect(await health({ engine: 'postgres', ping: async () => undefined, failure: () => undefined })).toEqual({ status: 200, body: { status: 'ok', database: 'postgres' } });
  });

  it('says what is wrong with a 503 when the database does not answer', async () => {
    const res = await health({ engine: 'postgres', ping: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')), failure: () => undefined });
    expect(res).toEqual({ status: 503, body: { status: 'degraded', database: 'postgres', problem: 'The database does not answer: connect ECONNREFUSED 127.0.0.1:5432' } });
  });

  it('says the embedded database has stopped, while the process ends to be restarted', async () => {
    const res = await health({ engine: 'pglite', ping: async () => undefined, failure: () => 'The embedded database thread stopped (exit code 1).' });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'degraded', database: 'pglite', problem: 'The database has stopped: The embedded database thread stopped (exit code 1). Naer is restarting.' });
  });
});
