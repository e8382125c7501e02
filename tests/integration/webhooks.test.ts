import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { NewWebhook, Webhook, WebhookDelivery } from '@naer/shared';
import { MAX_ATTEMPTS, createWebhookDeliveryJob } from '../../server/src/jobs/webhook-delivery.job';
import { SIGNATURE_HEADER, verifySignature } from '../../server/src/modules/webhooks/webhook-signature';
import { createFixture, createPatient } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

/** A receiver that answers 500 to the first `failFirst` tries of each event, then 200; it keeps every request. */
interface Received {
  eventId: string;
  type: string;
  body: string;
  signature: string;
}
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let failFirst = 0;
const tries = new Map<string, number>();

let t: TestApp;
let f: Fixture;
let admin: TestClient;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const eventId = String(req.headers['naer-event-id']);
      received.push({ eventId, type: String(req.headers['naer-event']), body, signature: String(req.headers[SIGNATURE_HEADER]) });
      const n = (tries.get(eventId) ?? 0) + 1;
      tries.set(eventId, n);
      res.statusCode = n <= failFirst ? 500 : 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  t = await startTestApp();
  f = await createFixture(t.database);
  admin = await new TestClient(t.baseUrl).login(f.admin.email, f.admin.password);
});
afterAll(async () => {
  await t.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

const spo2 = (value: number) => ({ id: randomUUID(), kind: 'spo2', value, unit: '%', measuredAt: new Date(Date.now() - 60_000).toISOString(), source: 'device' });
const job = () => createWebhookDeliveryJob({ database: t.database });

describe('webhooks', () => {
  it('writes the events in the transaction of the change and delivers each, signed, after two failures; once after deduplication by id', async () => {
    const created = await admin.post<NewWebhook>('/api/admin/webhooks', { organisationId: f.hospital.id, url: receiverUrl, events: ['alert.raised', 'reading.received'] });
    expect(created.status).toBe(201);
    const { secret } = created.body;
    expect(secret).toMatch(/^whsec_/);

    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    expect((await patient.post('/api/measurements', spo2(85))).status).toBe(201);
    const outbox = await t.database.rows<{ event: string }>(sql`select event from webhook_deliveries where webhook_id = ${created.body.webhook.id}::uuid order by id`);
    expect(outbox.map((o) => o.event).sort()).toEqual(['alert.raised', 'reading.received']);

    failFirst = 2;
    const start = Date.now();
    expect(await job().run(new Date(start))).toEqual({ delivered: 0, failed: 2 });
    // Not due again before the backoff has passed.
    expect(await job().run(new Date(start + 5_000))).toEqual({ delivered: 0, failed: 0 });
    expect(await job().run(new Date(start + 11_000))).toEqual({ delivered: 0, failed: 2 });
    expect(await job().run(new Date(start + 40_000))).toEqual({ delivered: 2, failed: 0 });
    expect(await job().run(new Date(start + 100_000))).toEqual({ delivered: 0, failed: 0 });

    const unique = new Map(received.map((r) => [r.eventId, r]));
    expect([...unique.values()].map((r) => r.type).sort()).toEqual(['alert.raised', 'reading.received']);
    expect(received).toHaveLength(6);
    const alert = [...unique.values()].find((r) => r.type === 'alert.raised');
    expect(JSON.parse(alert?.body ?? '{}')).toMatchObject({ type: 'alert.raised', data: { patientId: f.patient.patientId, severity: 'red', rule: 'spo2' } });

    // The documented check: HMAC-SHA256 over "<t>.<raw body>" with the secret.
    const last = received.at(-1) as Received;
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(secret, last.signature, last.body, now)).toBe(true);
    expect(verifySignature(`${secret}x`, last.signature, last.body, now)).toBe(false);
    expect(verifySignature(secret, last.signature, last.body.replace('spo2', 'pulse'), now)).toBe(false);
    expect(verifySignature(secret, last.signature, last.body, now + 3_600)).toBe(false);
  });

  it('tells only organisations on the patient\u2019s care team', async () => {
    const outsiderHook = await admin.post<NewWebhook>('/api/admin/webhooks', { organisationId: f.outsider.id, url: receiverUrl, events: ['reading.received'] });
    const patient = await new TestClient(t.baseUrl).login(f.patient.email, f.patient.password);
    await patient.post('/api/measurements', spo2(96));
    const rows = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from webhook_deliveries where webhook_id = ${outsiderHook.body.webhook.id}::uuid`);
    expect(rows[0]?.n).toBe(0);
  });

  it('shows a delivery it gave up on to the administrator, who sends it again', async () => {
    const other = await createPatient(t.database, [f.municipality.id]);
    const hook = await admin.post<NewWebhook>('/api/admin/webhooks', { organisationId: f.municipality.id, url: 'http://127.0.0.1:9/unreachable', events: ['reading.received'] });
    const nurse = await new TestClient(t.baseUrl).login(f.municipality.clinician.email, f.municipality.clinician.password);
    await nurse.post('/api/measurements', { ...spo2(95), patientId: other.patientId, source: 'nurse' });
    let at = Date.now();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await job().run(new Date(at));
      at += 3_700_000;
    }
    const list = await admin.get<{ items: WebhookDelivery[] }>(`/api/admin/webhooks/${hook.body.webhook.id}/deliveries`);
    const failed = list.body.items.find((d) => d.status === 'failed');
    expect(failed).toMatchObject({ attempts: MAX_ATTEMPTS, event: 'reading.received' });
    expect(failed?.lastError).toBeTruthy();
    const overview = await admin.get<{ items: Webhook[] }>('/api/admin/webhooks');
    expect(overview.body.items.find((w) => w.id === hook.body.webhook.id)).toMatchObject({ failed: 1, pending: 0 });

    const again = await admin.post<WebhookDelivery>(`/api/admin/webhook-deliveries/${failed?.id ?? 0}/resend`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'pending', attempts: 0 });
    const audit = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where resource = 'webhook' and action = 'resend'`);
    expect(audit[0]?.n).toBe(1);
  });

  it('is for administrators, and names a bad field', async () => {
    const clinician = await new TestClient(t.baseUrl).login(f.hospital.clinician.email, f.hospital.clinician.password);
    expect((await clinician.get('/api/admin/webhooks')).status).toBe(403);
    const bad = await admin.post<{ error: { message: string; details?: Array<{ path: string }> } }>('/api/admin/webhooks', { organisationId: f.hospital.id, url: 'http://example.com/hook', events: ['alert.raised'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.path)).toContain('url');
    const noEvents = await admin.post('/api/admin/webhooks', { organisationId: f.hospital.id, url: receiverUrl, events: [] });
    expect(noEvents.status).toBe(400);
  });
});
