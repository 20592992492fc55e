/**
 * Where the push client keeps its Herald token and device secret between runs. Memory by default (Node,
 * tests); `localStorage` in browsers; anything with get/set/remove (sync or async) can be injected, e.g. the
 * Keychain through a native bridge.
 */
export interface PushStorage {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

export function createMemoryStorage(): PushStorage {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key),
    set: (key, value) => void values.set(key, value),
    remove: (key) => void values.delete(key),
  };
}

interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createWebStorage(storage: WebStorageLike): PushStorage {
  return {
    get: (key) => storage.getItem(key),
    set: (key, value) => storage.setItem(key, value),
    remove: (key) => storage.removeItem(key),
  };
}

/** localStorage when the environment has one that works (private modes may throw), memory otherwise. */
export function createDefaultStorage(): PushStorage {
  try {
    const candidate = (globalThis as { localStorage?: WebStorageLike }).localStorage;
    if (candidate !== undefined) {
      const probe = '__herald_probe__';
      candidate.setItem(probe, '1');
      candidate.removeItem(probe);
      return createWebStorage(candidate);
    }
  } catch {
    // Fall through to memory.
  }
  return createMemoryStorage();
}
