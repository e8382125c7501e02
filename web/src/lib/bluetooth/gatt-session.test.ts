/// <reference types="web-bluetooth" />
import { describe, expect, it } from 'vitest';
import { BluetoothProblem, collectReadings } from './gatt-session';
import type { SessionTiming } from './gatt-session';

const FAST: Partial<SessionTiming> = { connectMs: 200, firstValueMs: 300, quietMs: 40, maxCollectMs: 400 };
const full = (uuid: number | string) => (typeof uuid === 'number' ? `0000${uuid.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb` : uuid);
const view = (hex: string) => new DataView(Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16)).buffer);
const notFound = () => Object.assign(new Error('not found'), { name: 'NotFoundError' });

interface FakeSpec {
  services: Record<number, Record<number, { values?: string[]; text?: string; everyMs?: number; disconnectAfter?: boolean }>>;
}

/** A small in-memory GATT device: values are sent after startNotifications, as a burst or as a stream. */
function fakeDevice(spec: FakeSpec, name = 'Nonin 3230') {
  const log = { connects: 0, disconnects: 0, stopped: 0 };
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  const device = new EventTarget() as EventTarget & { id: string; name: string; gatt: unknown };
  const server = {
    connected: false,
    device,
    async connect() {
      log.connects += 1;
      server.connected = true;
      return server;
    },
    disconnect() {
      if (!server.connected) return;
      server.connected = false;
      log.disconnects += 1;
      for (const t of timers) clearTimeout(t);
      device.dispatchEvent(new Event('gattserverdisconnected'));
    },
    async getPrimaryService(serviceUuid: number) {
      const chars = spec.services[serviceUuid];
      if (!chars) throw notFound();
      return {
        uuid: full(serviceUuid),
        async getCharacteristic(uuid: number) {
          const c = chars[uuid];
          if (!c) throw notFound();
          const characteristic = Object.assign(new EventTarget(), {
            uuid: full(uuid),
            value: undefined as DataView | undefined,
            async readValue() {
              if (c.text === undefined) throw notFound();
              return new DataView(new TextEncoder().encode(c.text).buffer);
            },
            async startNotifications() {
              const send = (hex: string) => {
                characteristic.value = view(hex);
                characteristic.dispatchEvent(new Event('characteristicvaluechanged'));
              };
              if (c.everyMs) {
                const tick = () => {
                  send(c.values?.[0] ?? '');
                  timers.push(setTimeout(tick, c.everyMs));
                };
                timers.push(setTimeout(tick, c.everyMs));
              } else {
                timers.push(
                  setTimeout(() => {
                    for (const hex of c.values ?? []) send(hex);
                    if (c.disconnectAfter) server.disconnect();
                  }, 10),
                );
              }
              return characteristic;
            },
            async stopNotifications() {
              log.stopped += 1;
              return characteristic;
            },
          });
          return characteristic;
        },
      };
    },
  };
  Object.assign(device, { id: 'dev-1', name, gatt: server });
  return { device: device as unknown as BluetoothDevice, log, server };
}

const OXIMETER_INFO = { 0x2a29: { text: 'Nonin Medical\0\0\0' }, 0x2a24: { text: ' 3230 ' }, 0x2a25: { text: '502012345' } };

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BluetoothProblem) return error.code;
    throw error;
  }
  return 'none';
}

describe('collectReadings', () => {
  it('collects a burst of stored readings, reads the device information, then disconnects cleanly', async () => {
    const { device, log, server } = fakeDevice({
      services: { 0x1822: { 0x2a5e: { values: ['0064005A00', '0062005800'] } }, 0x180a: OXIMETER_INFO },
    });
    const phases: string[] = [];
    const result = await collectReadings(device, 'pulse-oximeter', { signal: new AbortController().signal, timing: FAST, onPhase: (p) => phases.push(p) });
    expect(result.identity).toEqual({ name: 'Nonin 3230', manufacturer: 'Nonin Medical', model: '3230', serialNumber: '502012345' });
    expect(result.values.map((v) => [v.characteristic, Array.from(v.bytes)])).toEqual([
      [0x2a5e, [0x00, 0x64, 0x00, 0x5a, 0x00]],
      [0x2a5e, [0x00, 0x62, 0x00, 0x58, 0x00]],
    ]);
    expect(phases).toEqual(['connecting', 'listening']);
    expect(log).toEqual({ connects: 1, disconnects: 1, stopped: 1 });
    expect(server.connected).toBe(false);
  });

  it('works without a Device Information service', async () => {
    const { device } = fakeDevice({ services: { 0x1822: { 0x2a5f: { values: ['0064005A00'] } } } });
    const result = await collectReadings(device, 'pulse-oximeter', { signal: new AbortController().signal, timing: FAST });
    expect(result.identity).toEqual({ name: 'Nonin 3230' });
    expect(result.values).toHaveLength(1);
  });

  it('keeps what arrived when the device disconnects right after sending', async () => {
    const { device } = fakeDevice({ services: { 0x1810: { 0x2a35: { values: ['00800052006100'], disconnectAfter: true } } } });
    const result = await collectReadings(device, 'blood-pressure', { signal: new AbortController().signal, timing: { ...FAST, quietMs: 5_000 } });
    expect(result.values).toHaveLength(1);
  });

  it('cuts a stream that never goes quiet', async () => {
    const { device, log } = fakeDevice({ services: { 0x180d: { 0x2a37: { values: ['0048'], everyMs: 10 } } } });
    const started = Date.now();
    const result = await collectReadings(device, 'heart-rate', { signal: new AbortController().signal, timing: { ...FAST, quietMs: 100, maxCollectMs: 150 } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.values.length).toBeGreaterThan(3);
    expect(log.disconnects).toBe(1);
  });

  it('says the device lacks the chosen kind of measurement', async () => {
    const { device, log } = fakeDevice({ services: { 0x181d: { 0x2a9d: { values: ['00A03C'] } } } });
    expect(await problemOf(collectReadings(device, 'pulse-oximeter', { signal: new AbortController().signal, timing: FAST }))).toBe('not-supported');
    expect(log.disconnects).toBe(1);
  });

  it('gives up when no reading arrives in time, and disconnects', async () => {
    const { device, log } = fakeDevice({ services: { 0x1809: { 0x2a1c: { values: [] } } } });
    expect(await problemOf(collectReadings(device, 'thermometer', { signal: new AbortController().signal, timing: FAST }))).toBe('no-reading');
    expect(log.disconnects).toBe(1);
  });

  it('reports a device that disconnects before sending anything', async () => {
    const { device } = fakeDevice({ services: { 0x1809: { 0x2a1c: { values: [], disconnectAfter: true } } } });
    expect(await problemOf(collectReadings(device, 'thermometer', { signal: new AbortController().signal, timing: FAST }))).toBe('lost');
  });

  it('stops and disconnects when the person cancels', async () => {
    const { device, log } = fakeDevice({ services: { 0x1809: { 0x2a1c: { values: [] } } } });
    const abort = new AbortController();
    const pending = collectReadings(device, 'thermometer', { signal: abort.signal, timing: { ...FAST, firstValueMs: 10_000 } });
    setTimeout(() => abort.abort(), 50);
    expect(await problemOf(pending)).toBe('aborted');
    expect(log.disconnects).toBe(1);
  });
});
