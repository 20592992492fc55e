/**
 * What the service worker needs to act for the device, kept in IndexedDB: the worker cannot read the page's
 * `localStorage`, and it is started and stopped by the browser at will, so it reads this record afresh for
 * every event. Page and worker share the origin's IndexedDB, so the page writes the record itself once the
 * device is registered; nothing depends on the worker being awake or activated at that moment.
 */
import type { PushEnvironment } from '../push/index.ts';

export interface WebPushWorkerConfig {
  endpoint: string;
  accessId: string;
  accessKey: string;
  token: string;
  deviceSecret: string;
  environment: PushEnvironment;
  /** The VAPID key (base64url) the current subscription was made with. */
  applicationServerKey: string;
  appVersion?: string;
}

const DB_NAME = 'herald-web-push';
const STORE = 'config';
const KEY = 'current';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const db = await request(open);
  try {
    const tx = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
    // A failed request aborts the transaction too; that rejection is reported through the request's.
    done.catch(() => undefined);
    const result = await request(run(tx.objectStore(STORE)));
    await done;
    return result;
  } finally {
    db.close();
  }
}

function isConfig(value: unknown): value is WebPushWorkerConfig {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['endpoint', 'accessId', 'accessKey', 'token', 'deviceSecret', 'environment', 'applicationServerKey'].every((k) => typeof v[k] === 'string');
}

export async function readWebPushWorkerConfig(): Promise<WebPushWorkerConfig | undefined> {
  const value = await withStore<unknown>('readonly', (store) => store.get(KEY));
  return isConfig(value) ? value : undefined;
}

export async function writeWebPushWorkerConfig(config: WebPushWorkerConfig): Promise<void> {
  await withStore('readwrite', (store) => store.put({ ...config }, KEY));
}

export async function clearWebPushWorkerConfig(): Promise<void> {
  await withStore('readwrite', (store) => store.delete(KEY));
}
