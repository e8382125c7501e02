/// <reference types="web-bluetooth" />
import { DEVICE_INFORMATION_SERVICE, DEVICE_INFORMATION_STRINGS, DEVICE_PROFILES, shortUuid } from '@naer/shared/devices';
import type { DeviceIdentity, DeviceType } from '@naer/shared/devices';

/** Why talking to a device failed, in terms the panel can explain. */
export type ProblemCode = 'cancelled' | 'blocked' | 'connect' | 'not-supported' | 'no-reading' | 'lost' | 'not-found' | 'aborted' | 'unknown';

export class BluetoothProblem extends Error {
  readonly code: ProblemCode;

  constructor(code: ProblemCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BluetoothProblem';
    this.code = code;
  }
}

/** One value exactly as the device sent it. */
export interface ReceivedValue {
  characteristic: number;
  bytes: Uint8Array;
  receivedAt: Date;
}

export interface SessionTiming {
  /** How long to wait for a device that is paired but not yet in range or advertising. */
  advertisementMs: number;
  connectMs: number;
  /** How long to wait for the first reading after connecting (the person may still be measuring). */
  firstValueMs: number;
  /** A burst of stored readings has ended when nothing more arrives for this long. */
  quietMs: number;
  /** A stream that never goes quiet (continuous SpO2, heart rate) is cut after this long. */
  maxCollectMs: number;
}

export const DEFAULT_TIMING: SessionTiming = {
  advertisementMs: 120_000,
  connectMs: 20_000,
  firstValueMs: 90_000,
  quietMs: 2_000,
  maxCollectMs: 10_000,
};

export type SessionPhase = 'waiting' | 'connecting' | 'listening';

export interface SessionOptions {
  signal: AbortSignal;
  timing?: Partial<SessionTiming>;
  onPhase?: (phase: SessionPhase) => void;
  /** Called for every value as it arrives, before the collection ends. */
  onValue?: (value: ReceivedValue) => void;
}

export interface Collected {
  identity: DeviceIdentity;
  values: ReceivedValue[];
}

const STOP_WAIT_MS = 1_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const aborted = () => new BluetoothProblem('aborted', 'Stopped by the user');

function isNamed(error: unknown, ...names: string[]): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && names.includes(String(error.name));
}

/** Maps what requestDevice throws to a problem the patient can act on. */
export function requestProblem(error: unknown): BluetoothProblem {
  if (error instanceof BluetoothProblem) return error;
  if (isNamed(error, 'NotFoundError', 'AbortError')) return new BluetoothProblem('cancelled', 'No device chosen', { cause: error });
  if (isNamed(error, 'SecurityError', 'NotAllowedError')) return new BluetoothProblem('blocked', 'Bluetooth not allowed', { cause: error });
  return new BluetoothProblem('unknown', 'requestDevice failed', { cause: error });
}

/** Races a promise against a timeout and the abort signal. */
function within<T>(promise: Promise<T>, ms: number, signal: AbortSignal, onTimeout: () => BluetoothProblem): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(aborted());
    const timer = setTimeout(() => done(() => reject(onTimeout())), ms);
    const onAbort = () => done(() => reject(aborted()));
    signal.addEventListener('abort', onAbort, { once: true });
    function done(settle: () => void) {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      settle();
    }
    promise.then(
      (value) => done(() => resolve(value)),
      (error: unknown) => done(() => reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

/**
 * Waits until a paired device shows up (many monitors only advertise once a measurement is done).
 * Without `watchAdvertisements` there is nothing to wait on: the caller tries to connect at once.
 */
export async function waitForAdvertisement(device: BluetoothDevice, ms: number, signal: AbortSignal): Promise<void> {
  if (typeof device.watchAdvertisements !== 'function') return;
  const stop = new AbortController();
  const stopWatching = () => stop.abort();
  signal.addEventListener('abort', stopWatching, { once: true });
  try {
    const seen = new Promise<void>((resolve) => device.addEventListener('advertisementreceived', () => resolve(), { once: true }));
    await device.watchAdvertisements({ signal: stop.signal });
    await within(seen, ms, signal, () => new BluetoothProblem('not-found', 'The device did not advertise'));
  } catch (error) {
    // A browser that cannot watch advertisements still lets us try to connect.
    if (error instanceof BluetoothProblem) throw error;
  } finally {
    signal.removeEventListener('abort', stopWatching);
    stop.abort();
  }
}

async function readString(service: BluetoothRemoteGATTService, uuid: number): Promise<string | undefined> {
  try {
    const characteristic = await service.getCharacteristic(uuid);
    const value = await characteristic.readValue();
    const text = new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return text.replace(/\0+$/, '').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Manufacturer, model, serial number and firmware from Device Information (0x180A), whichever the device offers. */
export async function readIdentity(server: BluetoothRemoteGATTServer, name: string | undefined): Promise<DeviceIdentity> {
  const identity: DeviceIdentity = {};
  if (name?.trim()) identity.name = name.trim();
  let service: BluetoothRemoteGATTService;
  try {
    service = await server.getPrimaryService(DEVICE_INFORMATION_SERVICE);
  } catch {
    return identity;
  }
  for (const [field, uuid] of Object.entries(DEVICE_INFORMATION_STRINGS) as Array<[keyof typeof DEVICE_INFORMATION_STRINGS, number]>) {
    const value = await readString(service, uuid);
    if (value) identity[field] = value;
  }
  return identity;
}

/**
 * Connects to the device, reads who it is, subscribes to its measurement characteristic(s) and collects
 * every value that arrives: stored readings come as a burst right after subscribing; a device that is
 * still measuring sends when it is done. Always disconnects before returning.
 */
export async function collectReadings(device: BluetoothDevice, type: DeviceType, options: SessionOptions): Promise<Collected> {
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const { signal } = options;
  const gatt = device.gatt;
  if (!gatt) throw new BluetoothProblem('connect', 'The device has no GATT server');
  const profile = DEVICE_PROFILES[type];
  const values: ReceivedValue[] = [];
  const subscribed: Array<{ characteristic: BluetoothRemoteGATTCharacteristic; listener: (event: Event) => void }> = [];
  let disconnected = false;
  let wake: (() => void) | null = null;
  const onDisconnect = () => {
    disconnected = true;
    wake?.();
  };

  try {
    options.onPhase?.('connecting');
    device.addEventListener('gattserverdisconnected', onDisconnect);
    // A connection that completes after the person pressed "Cancel" is closed again at once.
    const connecting = gatt.connect().then((server) => {
      if (signal.aborted) server.disconnect();
      return server;
    });
    const server = await within(connecting, timing.connectMs, signal, () => new BluetoothProblem('connect', 'Connecting timed out')).catch(
      (error: unknown) => {
        throw error instanceof BluetoothProblem ? error : new BluetoothProblem('connect', 'Could not connect', { cause: error });
      },
    );
    const identity = await readIdentity(server, device.name);
    if (signal.aborted) throw aborted();

    let service: BluetoothRemoteGATTService;
    try {
      service = await server.getPrimaryService(profile.service);
    } catch (error) {
      throw new BluetoothProblem('not-supported', `The device has no service 0x${profile.service.toString(16)}`, { cause: error });
    }
    for (const uuid of profile.characteristics) {
      let characteristic: BluetoothRemoteGATTCharacteristic;
      try {
        characteristic = await service.getCharacteristic(uuid);
      } catch {
        continue;
      }
      const id = shortUuid(characteristic.uuid) ?? uuid;
      const listener = (event: Event) => {
        const view = (event.target as BluetoothRemoteGATTCharacteristic | null)?.value;
        if (!view) return;
        // Copy: the browser may reuse the buffer behind the DataView for the next value.
        const value: ReceivedValue = { characteristic: id, bytes: new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength)), receivedAt: new Date() };
        values.push(value);
        options.onValue?.(value);
        wake?.();
      };
      characteristic.addEventListener('characteristicvaluechanged', listener);
      subscribed.push({ characteristic, listener });
      await characteristic.startNotifications();
    }
    if (subscribed.length === 0) throw new BluetoothProblem('not-supported', 'The device has none of the measurement characteristics');

    options.onPhase?.('listening');
    const started = Date.now();
    let firstAt: number | null = null;
    let lastCount = -1;
    let lastChange = started;
    // One loop, woken by each value, disconnect and abort, and by a timer for the deadlines.
    for (;;) {
      if (signal.aborted) throw aborted();
      const now = Date.now();
      if (values.length !== lastCount) {
        lastCount = values.length;
        lastChange = now;
        if (values.length > 0) firstAt ??= now;
      }
      if (disconnected) {
        if (values.length > 0) break;
        throw new BluetoothProblem('lost', 'The device disconnected before sending a reading');
      }
      let deadline: number;
      if (firstAt === null) {
        deadline = started + timing.firstValueMs;
        if (now >= deadline) throw new BluetoothProblem('no-reading', 'No reading arrived');
      } else {
        deadline = Math.min(lastChange + timing.quietMs, firstAt + timing.maxCollectMs);
        if (now >= deadline) break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, Math.max(0, deadline - now));
        const onAbort = () => finish();
        signal.addEventListener('abort', onAbort, { once: true });
        function finish() {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          wake = null;
          resolve();
        }
        wake = finish;
      });
    }
    return { identity, values };
  } finally {
    device.removeEventListener('gattserverdisconnected', onDisconnect);
    for (const { characteristic, listener } of subscribed) {
      characteristic.removeEventListener('characteristicvaluechanged', listener);
      // Polite but not essential (disconnecting ends the subscription too), so never wait long for it.
      if (!disconnected && gatt.connected) await Promise.race([characteristic.stopNotifications().catch(() => undefined), delay(STOP_WAIT_MS)]);
    }
    if (gatt.connected) gatt.disconnect();
  }
}
