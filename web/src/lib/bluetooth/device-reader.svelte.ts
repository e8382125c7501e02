/// <reference types="web-bluetooth" />
import type { Measurement } from '@naer/shared/contracts';
import { DEVICE_INFORMATION_SERVICE, DEVICE_PROFILES } from '@naer/shared/devices';
import type { DeviceType } from '@naer/shared/devices';
import { ApiError, call } from '$lib/api';
import { BluetoothProblem, collectReadings, requestProblem, waitForAdvertisement } from './gatt-session';
import type { SessionPhase, SessionTiming } from './gatt-session';
import { forgetDevice, handledReadings, markHandled, pairedDevices, rememberDevice } from './paired-devices';
import type { PairedDevice } from './paired-devices';
import { offerReadings } from './readings';
import type { PendingReading } from './readings';
import { detectBluetooth, webBluetooth } from './support';
import type { BluetoothSupport } from './support';

export type { PendingReading, ReadingItem } from './readings';

export type ReaderPhase = 'idle' | 'choosing' | SessionPhase;

export type ReaderProblem = { code: BluetoothProblem['code']; name: string };

/**
 * Reads measurements from a Bluetooth device for the patient's today page: feature detection, pairing,
 * reconnecting to remembered devices, collecting the burst of readings, and submitting the ones the
 * patient confirms (one id per reading, reused on retry). One instance per panel.
 */
export class DeviceReader {
  support = $state<BluetoothSupport | 'checking'>('checking');
  phase = $state<ReaderPhase>('idle');
  problem = $state<ReaderProblem | null>(null);
  /** The device being talked to, as the patient knows it. */
  deviceName = $state('');
  received = $state(0);
  readings = $state<PendingReading[]>([]);
  unreadable = $state(0);
  empty = $state(0);
  alreadyHandled = $state(0);
  paired = $state<PairedDevice[]>([]);

  readonly #timing: Partial<SessionTiming>;
  #abort: AbortController | null = null;

  constructor(timing: Partial<SessionTiming> = {}) {
    this.#timing = timing;
  }

  get busy(): boolean {
    return this.phase !== 'idle';
  }

  async check(): Promise<void> {
    this.support = 'checking';
    this.support = await detectBluetooth();
    this.paired = this.support === 'unsupported' ? [] : pairedDevices();
  }

  /** Opens the browser's chooser for a device of this type, then reads from it. Call from a click. */
  async connectNew(type: DeviceType): Promise<void> {
    const bluetooth = webBluetooth();
    if (!bluetooth || this.busy) return;
    this.#start();
    let device: BluetoothDevice;
    try {
      device = await bluetooth.requestDevice({
        filters: [{ services: [DEVICE_PROFILES[type].service] }],
        optionalServices: [DEVICE_INFORMATION_SERVICE],
      });
    } catch (error) {
      this.#fail(requestProblem(error));
      return;
    }
    this.deviceName = device.name?.trim() || '';
    this.paired = rememberDevice({ id: device.id, name: this.deviceName, type });
    await this.#collect(device, type);
  }

  /** Reads from a remembered device, without the chooser where the browser allows it. Call from a click. */
  async readFrom(remembered: PairedDevice): Promise<void> {
    const bluetooth = webBluetooth();
    if (!bluetooth || this.busy) return;
    this.#start();
    this.deviceName = remembered.name;
    let device: BluetoothDevice | undefined;
    try {
      if (typeof bluetooth.getDevices === 'function') device = (await bluetooth.getDevices()).find((d) => d.id === remembered.id);
      if (device) {
        this.phase = 'waiting';
        await waitForAdvertisement(device, this.#timing.advertisementMs ?? 120_000, this.#signal());
      } else {
        // Without permission to reconnect silently, the chooser opens narrowed to this device.
        device = await bluetooth.requestDevice({
          filters: [{ services: [DEVICE_PROFILES[remembered.type].service], ...(remembered.name ? { name: remembered.name } : {}) }],
          optionalServices: [DEVICE_INFORMATION_SERVICE],
        });
      }
    } catch (error) {
      this.#fail(requestProblem(error));
      return;
    }
    this.paired = rememberDevice({ id: device.id, name: device.name?.trim() || remembered.name, type: remembered.type });
    await this.#collect(device, remembered.type);
  }

  async forget(remembered: PairedDevice): Promise<void> {
    this.paired = forgetDevice(remembered.id);
    const bluetooth = webBluetooth();
    if (typeof bluetooth?.getDevices !== 'function') return;
    try {
      const device = (await bluetooth.getDevices()).find((d) => d.id === remembered.id);
      if (device && typeof device.forget === 'function') await device.forget();
    } catch {
      // Forgetting in the browser is a courtesy; Naer has already forgotten the device.
    }
  }

  /** Stops waiting or listening and disconnects. */
  cancel(): void {
    this.#abort?.abort();
  }

  /** Sends one reading (all its values in one all-or-nothing batch); a retry reuses the same ids. */
  async send(reading: PendingReading, onsubmitted: (measurement: Measurement) => void): Promise<void> {
    const inputs = reading.items.filter((i) => i.plausible).map((i) => i.input);
    if (inputs.length === 0 || reading.status !== 'pending') return;
    reading.status = 'sending';
    reading.error = null;
    try {
      const response = await call('measurements.submit', { body: { measurements: inputs } });
      // A batch is answered with a batch.
      const stored = 'measurements' in response ? response.measurements : [response];
      reading.results = stored;
      reading.status = 'sent';
      if (reading.handledKey) markHandled(reading.handledKey);
      for (const measurement of stored) onsubmitted(measurement);
    } catch (error) {
      reading.status = 'pending';
      if (error instanceof ApiError && !error.isNetwork) {
        const details = error.details.map((d) => d.message).join(' ');
        reading.error = { kind: 'server', message: details || error.message };
      } else {
        reading.error = { kind: 'network' };
      }
    }
  }

  async sendAll(onsubmitted: (measurement: Measurement) => void): Promise<void> {
    for (const reading of this.readings) {
      if (reading.status === 'pending' && reading.items.some((i) => i.plausible)) await this.send(reading, onsubmitted);
    }
  }

  discard(reading: PendingReading): void {
    if (reading.status !== 'pending') return;
    reading.status = 'discarded';
    if (reading.handledKey) markHandled(reading.handledKey);
  }

  /** Clears the readings that are done with. */
  clearDone(): void {
    this.readings = this.readings.filter((r) => r.status === 'pending' || r.status === 'sending');
    if (this.readings.length === 0) {
      this.unreadable = 0;
      this.empty = 0;
      this.alreadyHandled = 0;
    }
  }

  #start(): void {
    this.#abort?.abort();
    this.#abort = new AbortController();
    this.problem = null;
    this.received = 0;
    this.unreadable = 0;
    this.empty = 0;
    this.alreadyHandled = 0;
    this.readings = this.readings.filter((r) => r.status === 'pending' || r.status === 'sending');
    this.deviceName = '';
    this.phase = 'choosing';
  }

  #signal(): AbortSignal {
    this.#abort ??= new AbortController();
    return this.#abort.signal;
  }

  #fail(problem: BluetoothProblem): void {
    this.phase = 'idle';
    this.problem = problem.code === 'aborted' ? null : { code: problem.code, name: this.deviceName };
  }

  async #collect(device: BluetoothDevice, type: DeviceType): Promise<void> {
    try {
      const collected = await collectReadings(device, type, {
        signal: this.#signal(),
        timing: this.#timing,
        onPhase: (phase) => (this.phase = phase),
        onValue: () => (this.received += 1),
      });
      const name = this.deviceName || collected.identity.name || [collected.identity.manufacturer, collected.identity.model].filter(Boolean).join(' ');
      if (name && name !== this.deviceName) this.paired = rememberDevice({ id: device.id, name, type });
      this.deviceName = name;
      const offer = offerReadings(collected.values, {
        deviceId: device.id,
        deviceName: name,
        identity: collected.identity,
        handled: [...handledReadings(), ...this.readings.flatMap((r) => (r.handledKey ? [r.handledKey] : []))],
      });
      this.unreadable += offer.unreadable;
      this.empty += offer.empty;
      this.alreadyHandled += offer.alreadyHandled;
      this.readings = [...offer.readings, ...this.readings];
      this.phase = 'idle';
    } catch (error) {
      this.#fail(error instanceof BluetoothProblem ? error : new BluetoothProblem('unknown', 'Reading failed', { cause: error }));
    }
  }
}
