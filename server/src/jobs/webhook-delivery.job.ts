import type { Database } from '../db/client';
import type { Clock } from '../kernel/clock';
import { logError } from '../logging';
import { createWebhookRepository } from '../modules/webhooks/webhook.repository';
import type { DueDelivery } from '../modules/webhooks/webhook.repository';
import { SIGNATURE_HEADER, signature } from '../modules/webhooks/webhook-signature';

/** Deliveries sent per claim; a run claims until none are due. */
const BATCH = 50;
/** How long a claimed delivery is this node's by default: a node that dies mid-send leaves it to the others after this. */
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
/** Retries after 10 s, 20 s, 40 s, … up to an hour apart; given up (shown to the administrator) after this many tries. */
export const MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 10_000;
const MAX_RETRY_MS = 3_600_000;

export const retryDelay = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);

export interface DeliveryResult {
  delivered: number;
  failed: number;
}

/**
 * Sends due webhook deliveries at least once: each is claimed by one node (SKIP LOCKED and a lease),
 * signed with HMAC-SHA256 over "<timestamp>.<body>", and marked delivered only after a 2xx answer.
 */
export function createWebhookDeliveryJob(deps: { database: Database; fetch?: typeof fetch; leaseMs?: number }) {
  const deliveries = createWebhookRepository(deps.database);
  const send = deps.fetch ?? fetch;

  async function deliver(d: DueDelivery, now: Date): Promise<boolean> {
    const body = JSON.stringify({ id: d.event_id, type: d.event, createdAt: d.created_at, data: d.payload });
    try {
      const res = await send(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'naer-event-id': d.event_id, 'naer-event': d.event, [SIGNATURE_HEADER]: signature(d.secret, Math.floor(now.getTime() / 1000), body) },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) return true;
      throw new Error(`answered ${res.status}`);
    } catch (error) {
      const attempts = d.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      await deliveries.attemptFailed(d.id, message, attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + retryDelay(attempts)), now);
      return false;
    }
  }

  return {
    /** One run at `now`: claims and sends until nothing is due. */
    async run(now: Date): Promise<DeliveryResult> {
      const result: DeliveryResult = { delivered: 0, failed: 0 };
      for (;;) {
        const due = await deliveries.claimDue(now, new Date(now.getTime() + (deps.leaseMs ?? LEASE_MS)), BATCH);
        const outcomes = await Promise.all(due.map((d) => deliver(d, now)));
        await deliveries.delivered(due.filter((_d, i) => outcomes[i]).map((d) => d.id), now);
        for (const ok of outcomes) result[ok ? 'delivered' : 'failed']++;
        if (due.length < BATCH) return result;
      }
    },
  };
}

/** Runs the delivery every `intervalMs` (never overlapping itself) until stopped. */
export function startWebhookDelivery(deps: { database: Database; clock: Clock; intervalMs: number; leaseMs?: number }): { stop(): Promise<void> } {
  const job = createWebhookDeliveryJob(deps);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = job
        .run(deps.clock.now())
        .catch((error: unknown) => logError('webhook delivery failed; it runs again shortly', error))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, deps.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
