import { describe, expect, it } from 'vitest';
import { applyResult, backoffMs, classify, dueItems, enqueue, flushQueue, memoryStore, newItem, pruneSent, STALE_SENDING_MS } from './queue';
import type { QueueItem, SendResult, Sender } from './queue';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function clock(start = T0) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

function reading(id: string, createdAt = T0): QueueItem {
  return newItem(id, 'measurement', { id, kind: 'pulse', value: 72, unit: 'bpm' }, createdAt);
}

/** A fake server: answers from a script, records every request, stores by client id like the real one. */
function fakeServer(script: (item: QueueItem, call: number) => SendResult | 'store') {
  const stored = new Map<string, unknown>();
  const calls: string[] = [];
  const send: Sender = async (item) => {
    calls.push(item.id);
    const answer = script(item, calls.length);
    if (answer !== 'store') return answer;
    const existing = stored.get(item.id);
    if (existing) return { status: 200, body: existing };
    const record = { ...(item.body as object), triage: { level: 'green', reasons: [] } };
    stored.set(item.id, record);
    return { status: 201, body: record };
  };
  return { send, stored, calls };
}

describe('classify', () => {
  it('treats 2xx as sent, 400/409/422 as failed for good and everything else as retry later', () => {
    expect(classify(201)).toBe('sent');
    expect(classify(200)).toBe('sent');
    expect(classify(400)).toBe('failed');
    expect(classify(409)).toBe('failed');
    expect(classify(422)).toBe('failed');
    expect(classify(401)).toBe('retry');
    expect(classify(429)).toBe('retry');
    expect(classify(500)).toBe('retry');
    expect(classify(503)).toBe('retry');
  });
});

describe('backoffMs', () => {
  it('doubles from 5 seconds and stops at 5 minutes', () => {
    expect(backoffMs(0)).toBe(0);
    expect(backoffMs(1)).toBe(5_000);
    expect(backoffMs(2)).toBe(10_000);
    expect(backoffMs(3)).toBe(20_000);
    expect(backoffMs(20)).toBe(300_000);
  });
});

describe('applyResult', () => {
  it('marks an item sent with the server record and clears the last error', () => {
    const item = { ...reading('a'), status: 'sending' as const, attempts: 2, lastError: 'offline' };
    const next = applyResult(item, { status: 201, body: { id: 'a', triage: { level: 'red' } } }, at(1000));
    expect(next.status).toBe('sent');
    expect(next.serverRecord).toEqual({ id: 'a', triage: { level: 'red' } });
    expect(next.sentAt).toBe(at(1000).toISOString());
    expect(next.lastError).toBeUndefined();
  });

  it('marks a 409 failed with the server message (details first) so the patient sees it', () => {
    const body = { error: { code: 'conflict', message: 'Another reading has this id.', details: [] } };
    const next = applyResult({ ...reading('a'), status: 'sending', attempts: 1 }, { status: 409, body }, T0);
    expect(next.status).toBe('failed');
    expect(next.lastError).toBe('Another reading has this id.');

    const invalid = { error: { code: 'validation', message: 'Invalid', details: [{ path: 'value', message: 'value must be 30–250' }] } };
    expect(applyResult({ ...reading('b'), status: 'sending', attempts: 1 }, { status: 400, body: invalid }, T0).lastError).toBe('value must be 30–250');
  });

  it('keeps a 5xx or no answer waiting with a backoff from the attempt count', () => {
    const sending = { ...reading('a'), status: 'sending' as const, attempts: 2 };
    const after5xx = applyResult(sending, { status: 503, body: undefined }, T0);
    expect(after5xx.status).toBe('waiting');
    expect(after5xx.nextAttemptAt).toBe(at(10_000).toISOString());
    const offline = applyResult(sending, { status: 0, error: 'Failed to fetch' }, T0);
    expect(offline.status).toBe('waiting');
    expect(offline.lastError).toBe('Failed to fetch');
  });
});

describe('dueItems', () => {
  it('returns waiting items past their backoff, oldest first, and skips sent and failed ones', () => {
    const items: QueueItem[] = [
      reading('late', at(2000)),
      reading('early', at(1000)),
      { ...reading('backoff'), nextAttemptAt: at(60_000).toISOString() },
      { ...reading('sent'), status: 'sent' },
      { ...reading('failed'), status: 'failed' },
    ];
    expect(dueItems(items, at(5000)).map((i) => i.id)).toEqual(['early', 'late']);
    expect(dueItems(items, at(5000), true).map((i) => i.id)).toEqual(['backoff', 'early', 'late']);
  });

  it('retries an item left `sending` by a closed tab after it is stale, or at once when the connection returns (forced)', () => {
    const left = { ...reading('left'), status: 'sending' as const, attempts: 1, nextAttemptAt: T0.toISOString() };
    expect(dueItems([left], at(1000))).toEqual([]);
    expect(dueItems([left], at(STALE_SENDING_MS))).toHaveLength(1);
    expect(dueItems([left], at(1000), true)).toHaveLength(1);
  });
});

describe('enqueue', () => {
  it('stores the item before any network attempt and keeps the first copy of a repeated id', async () => {
    const store = memoryStore();
    await enqueue(store, reading('a'));
    await enqueue(store, { ...reading('a'), body: { changed: true } });
    const all = await store.all();
    expect(all).toHaveLength(1);
    expect(all[0]?.status).toBe('waiting');
    expect(all[0]?.attempts).toBe(0);
    expect(all[0]?.body).toEqual({ id: 'a', kind: 'pulse', value: 72, unit: 'bpm' });
  });
});

describe('flushQueue', () => {
  it('sends two readings made offline once the connection returns, each exactly once', async () => {
    const store = memoryStore();
    const c = clock();
    await enqueue(store, reading('one', c.now()));
    c.advance(1000);
    await enqueue(store, reading('two', c.now()));
    let online = false;
    const server = fakeServer(() => (online ? 'store' : { status: 0, error: 'offline' }));

    const offline = await flushQueue({ store, send: server.send, now: c.now });
    expect(offline.sent).toEqual([]);
    expect(server.calls).toEqual(['one']); // stopped at the first "no answer"
    expect((await store.get('one'))?.status).toBe('waiting');

    online = true;
    c.advance(1000);
    const report = await flushQueue({ store, send: server.send, now: c.now }, true);
    expect(report.sent.map((i) => i.id)).toEqual(['one', 'two']);
    expect(server.stored.size).toBe(2);
    expect((await store.get('two'))?.serverRecord).toMatchObject({ id: 'two', triage: { level: 'green' } });

    await flushQueue({ store, send: server.send, now: c.now }, true);
    expect(server.calls.filter((id) => id === 'two')).toHaveLength(1); // sent items are never sent again
  });

  it('marks the item sent when the server already had it and answers with the stored record (a retry after a lost answer)', async () => {
    const store = memoryStore([reading('a')]);
    const server = fakeServer(() => 'store');
    server.stored.set('a', { id: 'a', triage: { level: 'yellow' } });
    const report = await flushQueue({ store, send: server.send, now: () => T0 });
    expect(report.sent[0]?.serverRecord).toEqual({ id: 'a', triage: { level: 'yellow' } });
    expect(server.stored.size).toBe(1);
  });

  it('keeps a rejected item as failed with the message and goes on with the next one', async () => {
    const store = memoryStore([reading('bad', T0), reading('good', at(1))]);
    const server = fakeServer((item) =>
      item.id === 'bad' ? { status: 409, body: { error: { code: 'conflict', message: 'Different reading with this id' } } } : 'store',
    );
    const report = await flushQueue({ store, send: server.send, now: () => at(10) });
    expect(report.failed.map((i) => i.id)).toEqual(['bad']);
    expect(report.sent.map((i) => i.id)).toEqual(['good']);
    expect(await store.get('bad')).toMatchObject({ status: 'failed', lastError: 'Different reading with this id' });
  });

  it('retries after a server error only once the backoff has passed', async () => {
    const store = memoryStore([reading('a')]);
    const c = clock();
    let calls = 0;
    const send: Sender = async () => (++calls === 1 ? { status: 500, body: undefined } : { status: 201, body: { id: 'a' } });
    await flushQueue({ store, send, now: c.now });
    expect((await store.get('a'))?.status).toBe('waiting');
    c.advance(1000);
    await flushQueue({ store, send, now: c.now });
    expect(calls).toBe(1);
    c.advance(5000);
    await flushQueue({ store, send, now: c.now });
    expect(calls).toBe(2);
    expect((await store.get('a'))?.status).toBe('sent');
  });

  it('treats a thrown sender like no answer, so nothing is lost', async () => {
    const store = memoryStore([reading('a')]);
    const report = await flushQueue({ store, send: async () => Promise.reject(new Error('boom')), now: () => T0 });
    expect(report.waiting[0]).toMatchObject({ id: 'a', status: 'waiting', lastError: 'boom', attempts: 1 });
  });

  it('leaves an item that is `sending` right now to its own flush on an ordinary tick', async () => {
    const store = memoryStore([{ ...reading('a'), status: 'sending', attempts: 1, nextAttemptAt: T0.toISOString() }]);
    const server = fakeServer(() => 'store');
    await flushQueue({ store, send: server.send, now: () => at(1000) });
    expect(server.calls).toEqual([]);
  });

  it('sends at once, when the connection returns, an item a reloaded tab left `sending` (flushes hold a lock across tabs)', async () => {
    const store = memoryStore([{ ...reading('a'), status: 'sending', attempts: 1, nextAttemptAt: T0.toISOString() }]);
    const server = fakeServer(() => 'store');
    await flushQueue({ store, send: server.send, now: () => at(1000) }, true);
    expect(server.calls).toEqual(['a']);
    expect((await store.get('a'))?.status).toBe('sent');
  });
});

describe('pruneSent', () => {
  it('removes receipts older than a week and never waiting or failed items', async () => {
    const store = memoryStore([
      { ...reading('old'), status: 'sent', sentAt: T0.toISOString() },
      { ...reading('new'), status: 'sent', sentAt: at(6 * 86_400_000).toISOString() },
      { ...reading('waiting'), createdAt: T0.toISOString() },
      { ...reading('failed'), status: 'failed' },
    ]);
    expect(await pruneSent(store, at(8 * 86_400_000))).toBe(1);
    expect((await store.all()).map((i) => i.id).sort()).toEqual(['failed', 'new', 'waiting']);
  });
});

describe('questionnaire answers in the queue', () => {
  const answers = (id: string, createdAt = T0): QueueItem =>
    newItem(id, 'questionnaire', { id, questionnaireId: 'copd-daily', version: 1, answers: { breathless: 1, 'sputum-amount': 0, 'sputum-colour': 0, cough: 0 }, answeredAt: createdAt.toISOString(), source: 'manual' }, createdAt);

  it('keeps answers given offline and sends them exactly once, in order with readings, when the connection returns', async () => {
    const store = memoryStore();
    const c = clock();
    await enqueue(store, answers('q1', c.now()));
    c.advance(1000);
    await enqueue(store, reading('r1', c.now()));
    let online = false;
    const server = fakeServer(() => (online ? 'store' : { status: 0, error: 'Failed to fetch' }));

    await flushQueue({ store, send: server.send, now: c.now });
    expect(await store.get('q1')).toMatchObject({ kind: 'questionnaire', status: 'waiting', attempts: 1, lastError: 'Failed to fetch' });

    online = true;
    const report = await flushQueue({ store, send: server.send, now: c.now }, true);
    expect(report.sent.map((i) => [i.id, i.kind])).toEqual([
      ['q1', 'questionnaire'],
      ['r1', 'measurement'],
    ]);
    expect((await store.get('q1'))?.serverRecord).toMatchObject({ id: 'q1', questionnaireId: 'copd-daily' });
    await flushQueue({ store, send: server.send, now: c.now }, true);
    expect(server.calls.filter((id) => id === 'q1')).toHaveLength(2); // one offline attempt, one that arrived
    expect(server.stored.size).toBe(2);
  });

  it('sends the same body (same client id, same answers) on every retry', async () => {
    const store = memoryStore([answers('q1')]);
    const bodies: unknown[] = [];
    let call = 0;
    const send: Sender = async (item) => {
      bodies.push(item.body);
      return ++call === 1 ? { status: 503, body: undefined } : { status: 201, body: { id: 'q1' } };
    };
    await flushQueue({ store, send, now: () => T0 });
    await flushQueue({ store, send, now: () => at(10_000) });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
    expect((await store.get('q1'))?.status).toBe('sent');
  });

  it('takes the server replay of answers it already stored (200) as the receipt', async () => {
    const store = memoryStore([answers('q1')]);
    const server = fakeServer(() => 'store');
    server.stored.set('q1', { id: 'q1', score: 1, triage: { level: 'yellow', reasons: [] } });
    const report = await flushQueue({ store, send: server.send, now: () => T0 });
    expect(report.sent[0]?.serverRecord).toEqual({ id: 'q1', score: 1, triage: { level: 'yellow', reasons: [] } });
    expect(server.stored.size).toBe(1);
  });

  it('keeps answers the server refuses (a changed questionnaire, 400) as failed with the field named, never resent', async () => {
    const store = memoryStore([answers('q1')]);
    const body = { error: { code: 'validation', message: 'version: copd-daily has no version 1', details: [{ path: 'version', message: 'unknown version' }] } };
    const server = fakeServer(() => ({ status: 400, body }));
    await flushQueue({ store, send: server.send, now: () => T0 });
    expect(await store.get('q1')).toMatchObject({ status: 'failed', lastError: 'unknown version' });
    await flushQueue({ store, send: server.send, now: () => at(600_000) }, true);
    expect(server.calls).toEqual(['q1']);
  });
});
