import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

/** The shared byte vectors (../shared/testdata beside the repository), as received over the air. */
export interface GattVectors {
  plxContinuous: Array<{ hex: string; spo2?: number; pulseRate?: number }>;
  plxSpotCheck: Array<{ hex: string; truncated?: boolean; spo2?: number; pulseRate?: number; measurementStatus?: number }>;
  weightMeasurement: Array<{ hex: string; truncated?: boolean }>;
  heartRateMeasurement: Array<{ hex: string }>;
}

export function loadGattVectors(): GattVectors {
  // The handbook's vectors beside the repository, else the committed copy (a clean clone in CI).
  const handbook = resolve(import.meta.dirname, '../../..', '../shared/testdata/gatt-vectors.json');
  const path = existsSync(handbook) ? handbook : resolve(import.meta.dirname, '../../fixtures/gatt-vectors.json');
  return JSON.parse(readFileSync(path, 'utf8')) as GattVectors;
}

export interface MockCharacteristic {
  uuid: number;
  /** Hex packets sent as notifications/indications, in order, right after startNotifications(). */
  values?: string[];
  /** A readable string (Device Information). */
  text?: string;
}

export interface MockDevice {
  id: string;
  name: string;
  services: Array<{ uuid: number; characteristics: MockCharacteristic[] }>;
}

export interface MockBluetoothOptions {
  /** What getAvailability() answers; true unless said otherwise. */
  available?: boolean;
  devices: MockDevice[];
  /** Offer navigator.bluetooth.getDevices(), returning every device (as if permission was granted earlier). */
  getDevices?: boolean;
}

/** What the page did with the fake Bluetooth, for assertions. */
export interface MockBluetoothLog {
  requestDevice: unknown[];
  getDevices: number;
  connects: number;
  disconnects: number;
  started: string[];
  stopped: string[];
}

/**
 * Installs a fake `navigator.bluetooth` before any page script runs: requestDevice → a fake device whose
 * gatt.connect() → server → getPrimaryService → getCharacteristic → startNotifications(), which then
 * dispatches `characteristicvaluechanged` with `target.value` = a DataView of each hex packet.
 */
export async function installMockBluetooth(page: Page, options: MockBluetoothOptions): Promise<void> {
  await page.addInitScript((spec: MockBluetoothOptions) => {
    const log: MockBluetoothLog = { requestDevice: [], getDevices: 0, connects: 0, disconnects: 0, started: [], stopped: [] };
    (window as unknown as { __mockBluetooth: MockBluetoothLog }).__mockBluetooth = log;

    const full = (uuid: number | string) =>
      typeof uuid === 'number' ? `0000${uuid.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb` : uuid.toLowerCase();
    const view = (hex: string) => {
      const bytes = new Uint8Array(hex.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
      return new DataView(bytes.buffer);
    };
    const notFound = (what: string) => new DOMException(`No ${what} matching UUID found`, 'NotFoundError');

    class FakeCharacteristic extends EventTarget {
      value: DataView | undefined = undefined;
      readonly uuid: string;
      readonly properties: Record<string, boolean>;
      readonly mock: MockCharacteristic;
      readonly service: FakeService;

      constructor(service: FakeService, spec: MockCharacteristic) {
        super();
        this.service = service;
        this.mock = spec;
        this.uuid = full(spec.uuid);
        this.properties = { read: spec.text !== undefined, notify: spec.values !== undefined, indicate: spec.values !== undefined };
      }

      async startNotifications() {
        if (!this.mock.values) throw new DOMException('GATT operation not permitted', 'NotSupportedError');
        log.started.push(this.uuid);
        // Stored readings arrive as a burst shortly after the subscription, as real devices do.
        setTimeout(() => {
          for (const hex of this.mock.values ?? []) {
            if (!this.service.device.gatt.connected) return;
            this.value = view(hex);
            this.dispatchEvent(new Event('characteristicvaluechanged'));
          }
        }, 100);
        return this;
      }

      async stopNotifications() {
        log.stopped.push(this.uuid);
        return this;
      }

      async readValue() {
        if (this.mock.text === undefined) throw new DOMException('GATT operation not permitted', 'NotSupportedError');
        this.value = new DataView(new TextEncoder().encode(this.mock.text).buffer);
        return this.value;
      }
    }

    class FakeService extends EventTarget {
      readonly uuid: string;
      readonly isPrimary = true;
      readonly device: FakeDevice;
      readonly characteristics: FakeCharacteristic[];

      constructor(device: FakeDevice, spec: MockDevice['services'][number]) {
        super();
        this.device = device;
        this.uuid = full(spec.uuid);
        this.characteristics = spec.characteristics.map((c) => new FakeCharacteristic(this, c));
      }

      async getCharacteristic(uuid: number | string) {
        const found = this.characteristics.find((c) => c.uuid === full(uuid));
        if (!found) throw notFound('Characteristics');
        return found;
      }
    }

    class FakeServer {
      connected = false;
      readonly device: FakeDevice;
      readonly services: FakeService[];

      constructor(device: FakeDevice, spec: MockDevice) {
        this.device = device;
        this.services = spec.services.map((s) => new FakeService(device, s));
      }

      async connect() {
        log.connects += 1;
        this.connected = true;
        return this;
      }

      disconnect() {
        if (!this.connected) return;
        log.disconnects += 1;
        this.connected = false;
        this.device.dispatchEvent(new Event('gattserverdisconnected'));
      }

      async getPrimaryService(uuid: number | string) {
        if (!this.connected) throw new DOMException('GATT Server is disconnected.', 'NetworkError');
        const found = this.services.find((s) => s.uuid === full(uuid));
        if (!found) throw notFound('Services');
        return found;
      }
    }

    class FakeDevice extends EventTarget {
      readonly id: string;
      readonly name: string;
      readonly gatt: FakeServer;
      readonly serviceUuids: string[];

      constructor(spec: MockDevice) {
        super();
        this.id = spec.id;
        this.name = spec.name;
        this.gatt = new FakeServer(this, spec);
        this.serviceUuids = spec.services.map((s) => full(s.uuid));
      }

      async forget() {}
    }

    const devices = spec.devices.map((d) => new FakeDevice(d));

    class FakeBluetooth extends EventTarget {
      async getAvailability() {
        return spec.available ?? true;
      }

      async requestDevice(options: { filters?: Array<{ services?: Array<number | string>; name?: string }> }) {
        log.requestDevice.push(JSON.parse(JSON.stringify(options)) as unknown);
        // The chooser shows devices matching any filter; the person picks the first.
        const match = devices.find((d) =>
          (options.filters ?? []).some(
            (f) => (f.services ?? []).every((s) => d.serviceUuids.includes(full(s))) && (f.name === undefined || f.name === d.name),
          ),
        );
        if (!match) throw new DOMException('User cancelled the requestDevice() chooser.', 'NotFoundError');
        return match;
      }
    }

    const bluetooth = new FakeBluetooth() as FakeBluetooth & { getDevices?: () => Promise<FakeDevice[]> };
    if (spec.getDevices) {
      bluetooth.getDevices = async () => {
        log.getDevices += 1;
        return devices;
      };
    }
    Object.defineProperty(Navigator.prototype, 'bluetooth', { configurable: true, get: () => bluetooth });
  }, options);
}

/** Removes Web Bluetooth from the page, as in Firefox or Safari on iOS. */
export async function removeBluetooth(page: Page): Promise<void> {
  await page.addInitScript(() => {
    for (const target of [Navigator.prototype, navigator]) {
      if (Object.getOwnPropertyDescriptor(target, 'bluetooth')?.configurable) Reflect.deleteProperty(target, 'bluetooth');
    }
  });
}

/** The fake's record of what the page did. */
export async function mockBluetoothLog(page: Page): Promise<MockBluetoothLog> {
  return page.evaluate(() => (window as unknown as { __mockBluetooth: MockBluetoothLog }).__mockBluetooth);
}

/** A pulse oximeter with Device Information and the given PLX packets. */
export function pulseOximeter(id: string, packets: { spotCheck?: string[]; continuous?: string[] }): MockDevice {
  return {
    id,
    name: 'Nonin 3230',
    services: [
      {
        uuid: 0x1822,
        characteristics: [
          ...(packets.spotCheck ? [{ uuid: 0x2a5e, values: packets.spotCheck }] : []),
          ...(packets.continuous ? [{ uuid: 0x2a5f, values: packets.continuous }] : []),
        ],
      },
      {
        uuid: 0x180a,
        characteristics: [
          { uuid: 0x2a29, text: 'Nonin Medical, Inc.\0\0' },
          { uuid: 0x2a24, text: '3230' },
          { uuid: 0x2a25, text: '502012345' },
          { uuid: 0x2a26, text: '1.4.2' },
        ],
      },
    ],
  };
}
