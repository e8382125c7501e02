import { z } from 'zod';
import { DEVICE_TYPES } from '@naer/shared/devices';
import type { DeviceType } from '@naer/shared/devices';

const DEVICES_KEY = 'naer.bluetooth.devices';
const HANDLED_KEY = 'naer.bluetooth.handled';
/** Enough to recognise a device's whole memory when it sends it again. */
const MAX_HANDLED = 500;

const PairedDeviceSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(200),
  type: z.enum(DEVICE_TYPES),
  lastUsed: z.string().max(40),
});
export type PairedDevice = z.infer<typeof PairedDeviceSchema>;

function read<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    if (!raw) return fallback;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full quota: the device is then remembered for this visit only.
  }
}

/** Devices paired in this browser, most recently used first. */
export function pairedDevices(): PairedDevice[] {
  const list = read(DEVICES_KEY, z.array(PairedDeviceSchema), []);
  return [...list].sort((a, b) => b.lastUsed.localeCompare(a.lastUsed));
}

/** Remembers a device (Web Bluetooth id and name) so the next reading needs no chooser. */
export function rememberDevice(device: { id: string; name: string; type: DeviceType }): PairedDevice[] {
  const entry: PairedDevice = { ...device, name: device.name.slice(0, 200), lastUsed: new Date().toISOString() };
  const list = [entry, ...pairedDevices().filter((d) => !(d.id === device.id && d.type === device.type))];
  write(DEVICES_KEY, list);
  return list;
}

export function forgetDevice(id: string): PairedDevice[] {
  const list = pairedDevices().filter((d) => d.id !== id);
  write(DEVICES_KEY, list);
  return list;
}

/** Keys of readings already sent or discarded, so a device that resends its memory is not offered twice. */
export function handledReadings(): Set<string> {
  return new Set(read(HANDLED_KEY, z.array(z.string().max(400)), []));
}

export function markHandled(key: string): void {
  const list = [...handledReadings()].filter((k) => k !== key);
  list.push(key);
  write(HANDLED_KEY, list.slice(-MAX_HANDLED));
}
