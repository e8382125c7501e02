import type { QueueItem, QueueStore } from './queue';

/**
 * A tiny IndexedDB wrapper (no dependency): one database, a `queue` store keyed by client id and a
 * `cache` store for what the app needs offline (the patient's limits for provisional feedback).
 */
const DB_NAME = 'naer-offline';
const DB_VERSION = 1;

let opening: Promise<IDBDatabase> | null = null;

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export function indexedDbAvailable(): boolean {
  return typeof indexedDB !== 'undefined';
}

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('queue')) db.createObjectStore('queue', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('cache')) db.createObjectStore('cache');
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error('IndexedDB could not be opened'));
    };
  });
  return opening;
}

async function run<T>(store: 'queue' | 'cache', mode: IDBTransactionMode, action: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  const tx = db.transaction(store, mode);
  const result = promised(action(tx.objectStore(store)));
  await done(tx);
  return result;
}

/** The queue in IndexedDB: survives a closed tab, a reload and a restarted phone. */
export const idbQueueStore: QueueStore = {
  all: () => run<QueueItem[]>('queue', 'readonly', (s) => s.getAll() as IDBRequest<QueueItem[]>),
  get: (id) => run<QueueItem | undefined>('queue', 'readonly', (s) => s.get(id) as IDBRequest<QueueItem | undefined>),
  put: async (item) => {
    await run('queue', 'readwrite', (s) => s.put(item));
  },
  delete: async (id) => {
    await run('queue', 'readwrite', (s) => s.delete(id));
  },
};

export async function cacheGet<T>(key: string): Promise<T | undefined> {
  return run<T | undefined>('cache', 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
}

export async function cachePut(key: string, value: unknown): Promise<void> {
  await run('cache', 'readwrite', (s) => s.put(value, key));
}

/** Removes everything this app stored on the device (on sign-out, so the next user sees none of it). */
export async function clearOfflineData(): Promise<void> {
  const db = await database();
  const tx = db.transaction(['queue', 'cache'], 'readwrite');
  tx.objectStore('queue').clear();
  tx.objectStore('cache').clear();
  await done(tx);
}
