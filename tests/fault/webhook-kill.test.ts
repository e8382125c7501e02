import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../server/src/db/client';
import type { Database } from '../../server/src/db/client';
import { createFixture } from '../support/fixtures';
import { createDatabase, dropDatabase } from '../support/postgres-server';
import { TestClient } from '../support/test-app';
import { ServerProcess, freePort } from './server-process';

/**
 * At least once through a crash: deliveries are in flight (claimed, the receiver holding the requests)
 * when the server is killed with SIGKILL; after a restart every event still arrives.
 */
const READINGS = 20;

let server: ServerProcess | undefined;
let receiver: Server | undefined;
let database: Database | undefined;
let databaseName: string | undefined;

afterAll(async () => {
  server?.killSync();
  await server?.waitDead().catch(() => undefined);
  await database?.close();
  if (receiver) await new Promise((resolve) => receiver?.close(resolve));
  if (databaseName) await dropDatabase(inject('postgresAdminUrl'), databaseName);
});

describe('webhook delivery through a kill -9', () => {
  it('delivers every event at least once after the server is killed mid-delivery and restarted', async ({ onTestFailed }) => {
    // The receiver first holds every request (the deliveries are in flight), then answers 200.
    let holding = true;
    const held: ServerResponse[] = [];
    const delivered = new Set<string>();
    receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        if (holding) {
          held.push(res);
          return;
        }
        delivered.add(String(req.headers['naer-event-id']));
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    databaseName = `naer_fault_${randomBytes(6).toString('hex')}`;
    const url = await createDatabase(inject('postgresAdminUrl'), databaseName);
    server = new ServerProcess(await freePort(), { DATABASE_URL: url, NODE_ENV: 'production', SEED_DEMO: 'false', WEBHOOK_INTERVAL_MS: '200', WEBHOOK_LEASE_MS: '1500' });
    const running = server;
    onTestFailed(() => {
      process.stderr.write(`\n[fault webhooks] server output:\n${running.logText()}\n`);
    });
    await server.start(120_000);

    database = await openDatabase({ databaseUrl: url, dataDir: '' });
    const f = await createFixture(database);
    const admin = await new TestClient(server.baseUrl).login(f.admin.email, f.admin.password);
    const hook = await admin.post<{ webhook: { id: string } }>('/api/admin/webhooks', { organisationId: f.hospital.id, url: receiverUrl, events: ['reading.received'] });
    expect(hook.status).toBe(201);
    const patient = await new TestClient(server.baseUrl).login(f.patient.email, f.patient.password);
    const now = Date.now();
    const batch = Array.from({ length: READINGS }, (_, i) => ({ id: randomUUID(), kind: 'heart_rate', value: 60 + i, unit: '/min', measuredAt: new Date(now - 60_000 + i * 1_000).toISOString(), source: 'device' }));
    expect((await patient.post('/api/measurements', { measurements: batch })).status).toBe(201);

    // Wait until deliveries are in flight, then kill the server without warning.
    for (let i = 0; i < 100 && held.length === 0; i++) await delay(100);
    expect(held.length).toBeGreaterThan(0);
    server.killNow();
    await server.waitDead();
    holding = false;
    for (const res of held) res.destroy();

    await server.start(120_000);
    const events = await database.rows<{ event_id: string }>(sql`select event_id::text from webhook_deliveries where webhook_id = ${hook.body.webhook.id}::uuid`);
    expect(events).toHaveLength(READINGS);
    for (let i = 0; i < 300 && delivered.size < READINGS; i++) await delay(100);
    expect([...delivered].sort()).toEqual(events.map((e) => e.event_id).sort());
    const pending = await database.rows<{ n: number }>(sql`select count(*)::int as n from webhook_deliveries where webhook_id = ${hook.body.webhook.id}::uuid and delivered_at is null`);
    expect(pending[0]?.n).toBe(0);
  }, 240_000);
});
