import { cacheGet, cachePut, indexedDbAvailable } from './idb';

/**
 * What the app keeps on the device to work offline (the plan's schedule, questionnaire lists and
 * definitions, recent scores). Never throws: without IndexedDB the app simply needs a connection.
 */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export async function fromDevice<T>(key: string): Promise<T | undefined> {
  if (!indexedDbAvailable()) return undefined;
  return cacheGet<T>(key).catch(() => undefined);
}

export async function keepOnDevice(key: string, value: unknown): Promise<void> {
  if (indexedDbAvailable()) await cachePut(key, plain(value)).catch(() => undefined);
}
