/// <reference types="web-bluetooth" />

/** available: Web Bluetooth can be used; off: the browser has it but no adapter is on; unsupported: no Web Bluetooth (Firefox, iOS, insecure page). */
export type BluetoothSupport = 'available' | 'off' | 'unsupported';

/** The browser's Web Bluetooth, or null where there is none. */
export function webBluetooth(): Bluetooth | null {
  if (typeof navigator === 'undefined' || !('bluetooth' in navigator)) return null;
  return navigator.bluetooth ?? null;
}

/** Whether this browser can talk to Bluetooth devices now. */
export async function detectBluetooth(): Promise<BluetoothSupport> {
  const bluetooth = webBluetooth();
  if (!bluetooth) return 'unsupported';
  if (typeof bluetooth.getAvailability !== 'function') return 'available';
  try {
    return (await bluetooth.getAvailability()) ? 'available' : 'off';
  } catch {
    // Some browsers refuse the question but still offer the chooser; let requestDevice decide.
    return 'available';
  }
}
