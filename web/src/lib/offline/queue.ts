/**
 * The offline queue: submissions (readings, questionnaire answers) are stored on the device before the
 * first network attempt and sent until the server has them. Pure logic over an injected store, sender
 * and clock, so it is unit-tested without IndexedDB or a network (queue.test.ts).
 *
 * - A 2xx answer (a first store, or the server's replay of the stored record for the same client id)
 *   marks the item `sent` with the server's record (its triage replaces the provisional one).
 * - 400/409/422 (the server will never accept this content) marks it `failed` with the server's
 *   message; it stays visible to the patient, never silently dropped.
 * - No answer, 408/429 or 5xx: stays `waiting` and is retried later with backoff. 401 waits too
 *   (the patient signs in again; nothing is lost).
 */

export type QueueKind = 'measurement' | 'questionnaire';
export type QueueStatus = 'waiting' | 'sending' | 'sent' | 'failed';

export interface QueueItem {
  /** The client id: the same id the body carries, so a retry never stores twice (server idempotency). */
  id: string;
  kind: QueueKind;
  body: unknown;
  /** ISO time the patient submitted it. */
  createdAt: string;
  attempts: number;
  status: QueueStatus;
  /** ISO time before which no retry is made (backoff after a failed attempt). */
  nextAttemptAt?: string;
  /** ISO time the server's answer arrived. */
  sentAt?: string;
  serverRecord?: unknown;
  lastError?: string;
}

/** Where items live (IndexedDB in the browser, a Map in tests). */
export interface QueueStore {
  all(): Promise<QueueItem[]>;
  get(id: string): Promise<QueueItem | undefined>;
  put(item: QueueItem): Promise<void>;
  delete(id: string): Promise<void>;
}

/** What one network attempt gave: an HTTP status and the parsed body, or no answer at all. */
export type SendResult = { status: number; body: unknown; error?: undefined } | { status: 0; body?: undefined; error: string };
export type Sender = (item: QueueItem) => Promise<SendResult>;

export type Outcome = 'sent' | 'failed' | 'retry';

const REJECTED = new Set([400, 409, 422]);

/** How a status is handled: 2xx sent, 400/409/422 failed for good, anything else retried later. */
export function classify(status: number): Outcome {
  if (status >= 200 && status < 300) return 'sent';
  if (REJECTED.has(status)) return 'failed';
  return 'retry';
}

const BASE_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Wait before the next attempt after `attempts` failed ones: 5 s, 10 s, 20 s … at most 5 minutes. */
export function backoffMs(attempts: number): number {
  if (attempts <= 0) return 0;
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempts - 1));
}

/** A `sending` item older than this was left by a closed tab and is tried again on an ordinary tick. */
export const STALE_SENDING_MS = 60_000;

/** A new item, stored before any network attempt. */
export function newItem(id: string, kind: QueueKind, body: unknown, now: Date): QueueItem {
  return { id, kind, body, createdAt: now.toISOString(), attempts: 0, status: 'waiting' };
}

/**
 * Items to try now: waiting ones whose backoff has passed, and `sending` ones a closed or reloaded
 * tab left behind. A forced flush (connection back, app opened) takes every one at once: flushes
 * hold a lock across tabs, so nothing else is sending them, and the server stores a replay once.
 */
export function dueItems(items: QueueItem[], now: Date, force = false): QueueItem[] {
  const at = now.getTime();
  return items
    .filter((item) => {
      if (item.status === 'waiting') return force || !item.nextAttemptAt || Date.parse(item.nextAttemptAt) <= at;
      if (item.status === 'sending') return force || Date.parse(item.nextAttemptAt ?? item.createdAt) + STALE_SENDING_MS <= at;
      return false;
    })
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The item while its request is on the way. */
export function markSending(item: QueueItem, now: Date): QueueItem {
  return { ...item, status: 'sending', attempts: item.attempts + 1, nextAttemptAt: now.toISOString() };
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = body.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { message, details } = error as { message?: unknown; details?: unknown };
  const parts: string[] = [];
  if (Array.isArray(details)) {
    for (const d of details) {
      if (typeof d === 'object' && d !== null && typeof (d as { message?: unknown }).message === 'string')
        parts.push((d as { message: string }).message);
    }
  }
  if (parts.length > 0) return parts.join(' ');
  return typeof message === 'string' ? message : undefined;
}

/** The item after an attempt's result. Pure. */
export function applyResult(item: QueueItem, result: SendResult, now: Date): QueueItem {
  if (result.error !== undefined) {
    return { ...item, status: 'waiting', lastError: result.error, nextAttemptAt: new Date(now.getTime() + backoffMs(item.attempts)).toISOString() };
  }
  const outcome = classify(result.status);
  if (outcome === 'sent') {
    const { lastError: _drop, nextAttemptAt: _next, ...rest } = item;
    return { ...rest, status: 'sent', sentAt: now.toISOString(), serverRecord: result.body };
  }
  const message = errorMessage(result.body) ?? `HTTP ${result.status}`;
  if (outcome === 'failed') {
    const { nextAttemptAt: _next, ...rest } = item;
    return { ...rest, status: 'failed', lastError: message };
  }
  return { ...item, status: 'waiting', lastError: message, nextAttemptAt: new Date(now.getTime() + backoffMs(item.attempts)).toISOString() };
}

export interface FlushDeps {
  store: QueueStore;
  send: Sender;
  now: () => Date;
}

export interface FlushReport {
  sent: QueueItem[];
  failed: QueueItem[];
  waiting: QueueItem[];
}

/**
 * Sends every due item, oldest first, one at a time. The `sending` mark is stored before the request
 * so a second tab (without Web Locks) skips it. Stops early at the first "no answer" (still offline).
 * `force` ignores backoff (the connection just came back, or the patient pressed "send now").
 */
export async function flushQueue(deps: FlushDeps, force = false): Promise<FlushReport> {
  const report: FlushReport = { sent: [], failed: [], waiting: [] };
  const due = dueItems(await deps.store.all(), deps.now(), force);
  for (const candidate of due) {
    const fresh = await deps.store.get(candidate.id);
    if (!fresh || (fresh.status !== 'waiting' && fresh.status !== 'sending')) continue;
    const sending = markSending(fresh, deps.now());
    await deps.store.put(sending);
    let result: SendResult;
    try {
      result = await deps.send(sending);
    } catch (error) {
      result = { status: 0, error: error instanceof Error ? error.message : String(error) };
    }
    const next = applyResult(sending, result, deps.now());
    await deps.store.put(next);
    if (next.status === 'sent') report.sent.push(next);
    else if (next.status === 'failed') report.failed.push(next);
    else {
      report.waiting.push(next);
      if (result.error !== undefined) break; // no connection: the rest would fail the same way
    }
  }
  return report;
}

/** Stores a submission (before any network attempt). A second enqueue of the same id keeps the first. */
export async function enqueue(store: QueueStore, item: QueueItem): Promise<QueueItem> {
  const existing = await store.get(item.id);
  if (existing) return existing;
  await store.put(item);
  return item;
}

const KEEP_SENT_MS = 7 * 24 * 60 * 60_000;

/** Sent items are kept a week as receipts, then removed; failed and waiting ones are never removed here. */
export async function pruneSent(store: QueueStore, now: Date): Promise<number> {
  let removed = 0;
  for (const item of await store.all()) {
    if (item.status === 'sent' && item.sentAt && Date.parse(item.sentAt) + KEEP_SENT_MS < now.getTime()) {
      await store.delete(item.id);
      removed += 1;
    }
  }
  return removed;
}

/** A store in memory (tests, and the fallback when IndexedDB is unavailable). */
export function memoryStore(initial: QueueItem[] = []): QueueStore {
  const items = new Map(initial.map((item) => [item.id, structuredClone(item)]));
  return {
    all: async () => [...items.values()].map((item) => structuredClone(item)),
    get: async (id) => {
      const item = items.get(id);
      return item ? structuredClone(item) : undefined;
    },
    put: async (item) => {
      items.set(item.id, structuredClone(item));
    },
    delete: async (id) => {
      items.delete(id);
    },
  };
}
