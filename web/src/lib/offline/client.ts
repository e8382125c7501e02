import { API, urlOf } from '@naer/shared/api';
import type { Measurement, MeasurementInput, PatientLimits, TriageResult } from '@naer/shared/contracts';
import { evaluateReading, toCanonical } from '@naer/shared/domain';
import type { TriageHistoryEntry } from '@naer/shared/domain';
import { ApiError, api, setConnectionListener } from '$lib/api';
import { cacheGet, cachePut, clearOfflineData, idbQueueStore, indexedDbAvailable } from './idb';
import { offline } from './state.svelte';
import { enqueue, flushQueue, memoryStore, newItem, pruneSent } from './queue';
import type { FlushReport, QueueItem, QueueStore, SendResult } from './queue';

/**
 * The browser side of the offline queue: IndexedDB store, sender, triggers (start, `online`,
 * visibility, a periodic tick) and reactive state for the pages. One flush at a time, across tabs
 * with Web Locks where the browser has them.
 */

/** A plain copy (no reactive proxies) that IndexedDB can store. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// Raw sends (the queue posts stored JSON as it is): the paths come from the declarations.
const PATHS: Record<QueueItem['kind'], string> = {
  measurement: urlOf(API['measurements.submit']),
  questionnaire: urlOf(API['questionnaires.answer']),
};
const TICK_MS = 15_000;
const ONLINE_RETRY_MS = 2_000;
const SEND_TIMEOUT_MS = 20_000;
const LOCK = 'naer-offline-flush';

let store: QueueStore | null = null;
function queueStore(): QueueStore {
  store ??= indexedDbAvailable() ? idbQueueStore : memoryStore();
  return store;
}


export { offline };

type SentListener = (item: QueueItem) => void;
let sentListeners: SentListener[] = [];

/** Called for every item the server confirms (the page merges the server's record). */
export function onSent(listener: SentListener): () => void {
  sentListeners = [...sentListeners, listener];
  return () => {
    sentListeners = sentListeners.filter((l) => l !== listener);
  };
}

/** The request on its way, so a returning connection can cut one that was started without it. */
let inFlight: AbortController | null = null;

async function send(item: QueueItem): Promise<SendResult> {
  let response: Response;
  const controller = new AbortController();
  inFlight = controller;
  // A request that never answers must not hold the queue (and its lock) for ever.
  const timer = setTimeout(() => controller.abort(), SEND_TIMEOUT_MS);
  try {
    response = await fetch(PATHS[item.kind], {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(item.body),
      signal: controller.signal,
    });
  } catch (error) {
    offline.online = false;
    return { status: 0, error: error instanceof Error ? error.message : 'network' };
  } finally {
    clearTimeout(timer);
    if (inFlight === controller) inFlight = null;
  }
  offline.online = true;
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

async function refresh(): Promise<void> {
  const items = await queueStore().all();
  offline.items = items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

async function withLock<T>(action: () => Promise<T>): Promise<T | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks?.request) {
    return locks.request(LOCK, { ifAvailable: true }, async (lock) => (lock ? action() : null));
  }
  return action();
}

let running: Promise<FlushReport | null> | null = null;
/** A forced flush asked for while one ran (e.g. `online` during a flush that had just met no connection). */
let forcedAgain = false;

/** Sends what is due (all waiting items when `force`); a call while one runs joins it, and a forced one runs again after it. */
export function flush(force = false): Promise<FlushReport | null> {
  if (running && force) forcedAgain = true;
  running ??= (async () => {
    offline.flushing = true;
    try {
      const report = await withLock(() => flushQueue({ store: queueStore(), send, now: () => new Date() }, force));
      if (report) for (const item of report.sent) for (const listener of sentListeners) listener(item);
      // The server answered, so the connection is back even if no `online` event said so (a page opened offline
      // may never get one): what still waits out a backoff from the offline time goes now.
      if (!force && report && report.sent.length > 0 && report.waiting.length === 0) {
        if ((await queueStore().all()).some((item) => item.status === 'waiting')) forcedAgain = true;
      }
      return report;
    } catch {
      return null;
    } finally {
      offline.flushing = false;
      running = null;
      await refresh().catch(() => undefined);
      if (forcedAgain) {
        forcedAgain = false;
        void flush(true);
      }
    }
  })();
  return running;
}

let started = false;

/** Starts the triggers once per page load: now, when the connection returns, when the app is shown, periodically. */
export function startOfflineQueue(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  // What the calls find out beats navigator.onLine, which a page opened offline may report wrongly.
  setConnectionListener((reachable) => (offline.online = reachable));
  window.addEventListener('online', () => {
    offline.online = true;
    // A request started while offline may hang: cut it, so the forced flush runs now (it waits for the running one).
    inFlight?.abort();
    void flush(true).then((report) => {
      // `online` can fire a moment before requests get through: one more forced try soon, not the backoff's wait.
      if (report?.waiting.some((item) => item.lastError !== undefined)) window.setTimeout(() => void flush(true), ONLINE_RETRY_MS);
    });
  });
  window.addEventListener('offline', () => {
    offline.online = false;
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void flush(true);
  });
  window.setInterval(() => {
    // navigator.onLine is sure only when it says offline; otherwise a small call finds out (the listener records it).
    if (!navigator.onLine) offline.online = false;
    else if (!offline.online) void api.me().catch(() => undefined);
    if (offline.items.some((item) => item.status === 'waiting' || item.status === 'sending')) void flush();
  }, TICK_MS);
  void (async () => {
    await pruneSent(queueStore(), new Date()).catch(() => 0);
    await refresh().catch(() => undefined);
    await flush(true);
  })();
}

/** The result of a submission through the queue: the server's record, or the item still waiting / failed. */
export type QueuedSubmission = { state: 'sent'; item: QueueItem; measurement: Measurement } | { state: 'waiting' | 'failed'; item: QueueItem };

/** The item after storing it on the device and one attempt to send it at once. */
export async function submitItem(kind: QueueItem['kind'], id: string, body: unknown): Promise<QueueItem> {
  startOfflineQueue();
  const s = queueStore();
  await enqueue(s, newItem(id, kind, plain(body), new Date()));
  await refresh();
  await flush(true);
  // A flush that was already running when the item was stored did not include it: one more.
  if ((await s.get(id))?.attempts === 0) await flush(true);
  return (await s.get(id)) ?? newItem(id, kind, plain(body), new Date());
}

/**
 * Stores a reading on the device first (so nothing is lost if the tab closes), then tries to send it
 * at once. The client id in `input.id` makes every retry idempotent on the server.
 */
export async function submitMeasurement(input: MeasurementInput): Promise<QueuedSubmission> {
  const item = await submitItem('measurement', input.id, input);
  if (item.status === 'sent') return { state: 'sent', item, measurement: item.serverRecord as Measurement };
  return { state: item.status === 'failed' ? 'failed' : 'waiting', item };
}

/** Removes a failed item the patient has seen (the reading was not stored; they may enter it again). */
export async function dismiss(id: string): Promise<void> {
  await queueStore().delete(id);
  await refresh();
}

// ---- Provisional feedback offline: the same shared triage rules the server uses ----

const limitsKey = (patientId: string) => `limits:${patientId}`;
const historyKey = (patientId: string) => `history:${patientId}`;

/** Keeps the patient's limits on the device for offline feedback (called while online). */
export async function cacheLimits(patientId: string): Promise<void> {
  if (!indexedDbAvailable()) return;
  try {
    const limits = await api.limits(patientId);
    await cachePut(limitsKey(patientId), plain(limits));
  } catch {
    // offline or not allowed: keep what is cached
  }
}

/** Keeps recent readings for trend/baseline rules offline. */
export async function cacheHistory(patientId: string, readings: Measurement[]): Promise<void> {
  if (!indexedDbAvailable()) return;
  const entries = readings.map((m) => ({ kind: m.kind, value: m.value, measuredAt: m.measuredAt, quality: m.quality }));
  await cachePut(historyKey(patientId), plain(entries)).catch(() => undefined);
}

/**
 * A provisional triage for a reading the server has not answered yet, from the cached limits; null when
 * nothing is cached (then the patient is told the answer comes when they are online).
 */
export async function provisionalTriage(patientId: string, input: MeasurementInput): Promise<TriageResult | null> {
  if (!indexedDbAvailable()) return null;
  try {
    const limits = await cacheGet<PatientLimits>(limitsKey(patientId));
    if (!limits) return null;
    const rules = limits.kinds.find((k) => k.kind === input.kind)?.current?.rules;
    const cached = (await cacheGet<{ kind: string; value: Measurement['value']; measuredAt: string; quality: string }[]>(historyKey(patientId))) ?? [];
    const history: TriageHistoryEntry[] = cached
      .filter((m) => m.kind === input.kind && m.quality === 'ok')
      .map((m) => ({ value: m.value, measuredAt: new Date(m.measuredAt) }));
    const value = toCanonical(input.kind, input.value, input.unit);
    return evaluateReading({ kind: input.kind, value, quality: input.quality ?? 'ok', measuredAt: new Date(input.measuredAt) }, rules, history, new Date());
  } catch {
    return null;
  }
}

/** Clears the device's queue and cache (sign-out). */
export async function clearDevice(): Promise<void> {
  if (indexedDbAvailable()) await clearOfflineData().catch(() => undefined);
  offline.items = [];
}

/**
 * The manual entry's submit: through the queue. Resolves with the server's record when it answered,
 * null when the reading is kept on the device for later; throws the server's rejection (400/409).
 */
export async function submitThroughQueue(input: MeasurementInput): Promise<Measurement | null> {
  const outcome = await submitMeasurement(input);
  if (outcome.state === 'sent') return outcome.measurement;
  if (outcome.state === 'waiting') return null;
  await dismiss(outcome.item.id);
  throw new ApiError(409, 'rejected', outcome.item.lastError ?? 'The reading was not accepted.');
}
