/** Data sharing on the generated year: FHIR Observation search, a 100-entry Bundle import, webhook delivery at a set change rate. */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../server/src/db/client';
import { createWebhookDeliveryJob } from '../../server/src/jobs/webhook-delivery.job';
import type { ScaleData } from './populate';
import type { LatencySummary } from './protocol';
import { summarise } from './stats';

export interface SharingResult {
  search: LatencySummary;
  searchErrors: number;
  importBundle: LatencySummary;
  importErrors: number;
  webhooks: { rate: number; seconds: number; changes: number; events: number; delivered: number; perSecond: number; delay: LatencySummary; submitErrors: number };
}

const DAY_MS = 86_400_000;
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)] as T;

async function timed(fn: () => Promise<Response>): Promise<{ ms: number; ok: boolean }> {
  const t0 = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  return { ms: performance.now() - t0, ok: res.ok };
}

/**
 * `baseUrl`: a Naer node on `databaseUrl` without background jobs; `cookie`: the scale clinician's session.
 * Webhook deliveries are sent by the delivery job run in this process (a delivery node of its own).
 */
export async function sharingPhase(opts: { baseUrl: string; cookie: string; databaseUrl: string; data: ScaleData; runs: number; rate: number; seconds: number; log: (m: string) => void }): Promise<SharingResult> {
  const { baseUrl, cookie, data, log } = opts;
  const headers = { cookie };

  // 1. FHIR search: one patient's last 90 days, a page of 100.
  const since = new Date(Date.now() - 90 * DAY_MS).toISOString().slice(0, 10);
  const searches: number[] = [];
  let searchErrors = 0;
  for (let i = 0; i < opts.runs + 10; i++) {
    const r = await timed(() => fetch(`${baseUrl}/fhir/R4/Observation?patient=${pick(data.patientIds)}&date=ge${since}&_count=100`, { headers }));
    if (!r.ok) searchErrors++;
    if (i >= 10) searches.push(r.ms);
  }
  log(`FHIR Observation search (90 days, page of 100): p50 ${summarise(searches).p50.toFixed(1)} ms, p95 ${summarise(searches).p95.toFixed(1)} ms, ${searchErrors} errors`);

  // 2. Import: a transaction Bundle of 100 pulse readings for one patient.
  const imports: number[] = [];
  let importErrors = 0;
  for (let i = 0; i < Math.max(10, Math.floor(opts.runs / 5)) + 2; i++) {
    const patient = pick(data.patientIds);
    const now = Date.now();
    const entry = Array.from({ length: 100 }, (_, k) => ({
      resource: {
        resourceType: 'Observation', status: 'final', identifier: [{ system: 'urn:bench', value: randomUUID() }],
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, subject: { reference: `Patient/${patient}` },
        effectiveDateTime: new Date(now - (100 - k) * 60_000).toISOString(), valueQuantity: { value: 60 + (k % 30), code: '/min' },
      },
    }));
    const r = await timed(() => fetch(`${baseUrl}/fhir/R4`, { method: 'POST', headers: { ...headers, 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }) }));
    if (!r.ok) importErrors++;
    if (i >= 2) imports.push(r.ms);
  }
  log(`FHIR import of a 100-entry Bundle: p50 ${summarise(imports).p50.toFixed(0)} ms, p95 ${summarise(imports).p95.toFixed(0)} ms, ${importErrors} errors`);

  // 3. Webhooks: a receiver, a webhook for the organisation, readings at `rate` per second, the delivery job looping.
  const delays: number[] = [];
  const seen = new Set<string>();
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const event = JSON.parse(body) as { id: string; createdAt: string };
      if (!seen.has(event.id)) {
        seen.add(event.id);
        delays.push(Date.now() - Date.parse(event.createdAt));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir: '' });
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const [clinician] = await database.rows<{ id: string }>(sql`select id from users where email = ${data.clinician.email}`);
    const [hook] = await database.rows<{ id: string }>(sql`
      insert into webhooks (organisation_id, url, events, secret, created_by, created_at)
      values (${data.organisationId}::uuid, ${url}, '["reading.received"]'::jsonb, 'whsec_bench', ${clinician?.id ?? ''}::uuid, now()) returning id`);
    const job = createWebhookDeliveryJob({ database });
    let stop = false;
    const deliverer = (async () => {
      while (!stop) {
        await job.run(new Date());
        await delay(50);
      }
    })();
    let submitErrors = 0;
    const pending: Array<Promise<void>> = [];
    const started = performance.now();
    const total = opts.rate * opts.seconds;
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / opts.rate;
      const wait = due - performance.now();
      if (wait > 1) await delay(wait);
      const body = { id: randomUUID(), kind: 'heart_rate', value: 70, unit: '/min', measuredAt: new Date(Date.now() - 60_000).toISOString(), source: 'nurse', patientId: pick(data.patientIds) };
      pending.push(
        fetch(`${baseUrl}/api/measurements`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
          async (res) => {
            await res.arrayBuffer();
            if (!res.ok) submitErrors++;
          },
          () => void submitErrors++,
        ),
      );
    }
    await Promise.all(pending);
    const [events] = await database.rows<{ n: number }>(sql`select count(*)::int as n from webhook_deliveries where webhook_id = ${hook?.id ?? ''}::uuid`);
    const deadline = Date.now() + 60_000;
    while (seen.size < (events?.n ?? 0) && Date.now() < deadline) await delay(100);
    const elapsed = (performance.now() - started) / 1000;
    stop = true;
    await deliverer;
    await database.rows(sql`update webhooks set disabled_at = now() where id = ${hook?.id ?? ''}::uuid`);
    const result = { rate: opts.rate, seconds: opts.seconds, changes: total, events: events?.n ?? 0, delivered: seen.size, perSecond: seen.size / elapsed, delay: summarise(delays), submitErrors };
    log(`webhooks at ${opts.rate} changes/s: ${result.delivered}/${result.events} delivered, ${result.perSecond.toFixed(0)}/s, delay p50 ${result.delay.p50.toFixed(0)} ms, p95 ${result.delay.p95.toFixed(0)} ms, ${submitErrors} submit errors`);
    return { search: summarise(searches), searchErrors, importBundle: summarise(imports), importErrors, webhooks: result };
  } finally {
    await database.close();
    await new Promise((resolve) => receiver.close(resolve));
  }
}
