/**
 * The push client: the SDK side of `/sdk/v1` (docs/sdk-api.md), shaped after TPNS's XGPush and
 * XGPushTokenManager. It registers the vendor token for a Herald token, keeps token and device secret in
 * injectable storage, and binds accounts and tags, syncs the badge and reports receipts. It uses only
 * `fetch` (injectable), so it runs in Node and in browsers.
 */
import { HeraldClientError } from '../herald-client-error.ts';
import { createDefaultStorage, type PushStorage } from './push-storage.ts';

export type PushEnvironment = 'product' | 'dev';
export type PushPlatform = 'ios' | 'android' | 'web';

export interface PushClientOptions {
  accessId: number | string;
  accessKey: string;
  /** Base URL of the Herald server, e.g. `https://push.example.com`. */
  endpoint: string;
  fetch?: typeof fetch;
  storage?: PushStorage;
}

export interface RegisterOptions {
  vendorToken: string;
  environment: PushEnvironment;
  platform?: PushPlatform;
  /** Vendor channel; 'apns' for iOS (the default for platform 'ios'). */
  channel?: string;
  appVersion?: string;
  sdkVersion?: string;
  locale?: string;
  timeZone?: string;
  systemVersion?: string;
  deviceBrand?: string;
  deviceModel?: string;
}

export interface AccountEntry {
  accountType: number;
  account: string;
}

export interface TagPage {
  tags: string[];
  total: number;
}

/** What another context of the same app (a service worker) needs to act for this device. */
export interface PushClientSession {
  endpoint: string;
  accessId: string;
  accessKey: string;
  /** Present once the device is registered (or started from stored credentials). */
  device?: { token: string; deviceSecret: string };
}

export interface PushClient {
  /** Loads the stored Herald token, if any; returns it. */
  start(): Promise<string | undefined>;
  /** Registers (or refreshes) the vendor token; returns the Herald token, stable across refreshes. */
  register(options: RegisterOptions): Promise<string>;
  /** The Herald token, once started or registered. */
  readonly token: string | undefined;
  /** `{[accountType]: account}`, one account per type, like upsertAccountsByDict. */
  upsertAccounts(accounts: Record<number, string>): Promise<AccountEntry[]>;
  delAccounts(accountTypes: readonly number[]): Promise<AccountEntry[]>;
  clearAccounts(): Promise<AccountEntry[]>;
  queryAccounts(): Promise<AccountEntry[]>;
  appendTags(tags: readonly string[]): Promise<TagPage>;
  delTags(tags: readonly string[]): Promise<TagPage>;
  clearAndAppendTags(tags: readonly string[]): Promise<TagPage>;
  clearTags(): Promise<TagPage>;
  queryTags(options?: { offset?: number; limit?: number }): Promise<TagPage>;
  setBadge(badge: number): Promise<void>;
  reportArrived(pushId: string): Promise<void>;
  reportClicked(pushId: string): Promise<void>;
  /** Unregisters the device and forgets the stored token. */
  unregister(): Promise<void>;
  /** The app and device credentials, for handing to a service worker that reports receipts (web push). */
  exportSession(): Promise<PushClientSession>;
}

export const SDK_VERSION = '0.1.0';

interface StoredDevice {
  token: string;
  deviceSecret: string;
}

export const SDK_PLATFORM_CHANNELS: Record<PushPlatform, string> = { ios: 'apns', android: 'fcm', web: 'webpush' };

function defaultLocale(): string {
  const nav = (globalThis as { navigator?: { language?: string } }).navigator;
  if (nav?.language !== undefined) return nav.language;
  return Intl.DateTimeFormat().resolvedOptions().locale;
}

export function createPushClient(options: PushClientOptions): PushClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const storage = options.storage ?? createDefaultStorage();
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const accessId = String(options.accessId);
  const storageKey = `herald.push.${accessId}`;
  let device: StoredDevice | undefined;
  let loaded = false;

  async function load(): Promise<StoredDevice | undefined> {
    if (loaded) return device;
    loaded = true;
    const raw = await storage.get(storageKey);
    if (typeof raw === 'string') {
      try {
        const parsed = JSON.parse(raw) as Partial<StoredDevice>;
        if (typeof parsed.token === 'string' && typeof parsed.deviceSecret === 'string') device = { token: parsed.token, deviceSecret: parsed.deviceSecret };
      } catch {
        device = undefined;
      }
    }
    return device;
  }

  async function save(next: StoredDevice | undefined): Promise<void> {
    device = next;
    loaded = true;
    if (next === undefined) await storage.remove(storageKey);
    else await storage.set(storageKey, JSON.stringify(next));
  }

  async function call<T>(method: string, path: string, body?: unknown, withDevice = true): Promise<T> {
    const headers: Record<string, string> = { 'x-herald-access-id': accessId, 'x-herald-access-key': options.accessKey };
    if (withDevice) {
      const current = await load();
      if (current === undefined) throw new HeraldClientError('DEVICE_NOT_REGISTERED', 'Call register() first', 0);
      headers['x-herald-token'] = current.token;
      headers['x-herald-device-secret'] = current.deviceSecret;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(`${endpoint}/sdk/v1${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (err) {
      throw new HeraldClientError('NETWORK', `Herald is unreachable: ${err instanceof Error ? err.message : String(err)}`, 0, { cause: err });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const e = (parsed ?? {}) as { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown };
      throw new HeraldClientError(
        typeof e.code === 'string' ? e.code : 'HTTP_ERROR',
        typeof e.message === 'string' ? e.message : `HTTP ${response.status}`,
        response.status,
        {
          ...(typeof e.requestId === 'string' ? { requestId: e.requestId } : {}),
          ...(typeof e.details === 'object' && e.details !== null ? { details: e.details as Record<string, unknown> } : {}),
        },
      );
    }
    return parsed as T;
  }

  function devicePath(suffix = ''): string {
    if (device === undefined) throw new HeraldClientError('DEVICE_NOT_REGISTERED', 'Call register() first', 0);
    return `/devices/${device.token}${suffix}`;
  }

  async function deviceCall<T>(method: string, suffix: string, body?: unknown): Promise<T> {
    await load();
    return call<T>(method, devicePath(suffix), body);
  }

  async function registerOnce(o: RegisterOptions, reuse: StoredDevice | undefined): Promise<string> {
    const platform = o.platform ?? 'ios';
    const body = {
      platform,
      channel: o.channel ?? SDK_PLATFORM_CHANNELS[platform],
      vendorToken: o.vendorToken,
      environment: o.environment,
      appVersion: o.appVersion ?? '',
      sdkVersion: o.sdkVersion ?? SDK_VERSION,
      locale: o.locale ?? defaultLocale(),
      timeZone: o.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      ...(o.systemVersion === undefined ? {} : { systemVersion: o.systemVersion }),
      ...(o.deviceBrand === undefined ? {} : { deviceBrand: o.deviceBrand }),
      ...(o.deviceModel === undefined ? {} : { deviceModel: o.deviceModel }),
      ...(reuse === undefined ? {} : { token: reuse.token, deviceSecret: reuse.deviceSecret }),
    };
    const result = await call<{ token: string; deviceSecret?: string }>('POST', '/devices', body, false);
    const deviceSecret = result.deviceSecret ?? reuse?.deviceSecret;
    if (deviceSecret === undefined) throw new HeraldClientError('INTERNAL', 'The server returned no device secret', 0);
    await save({ token: result.token, deviceSecret });
    return result.token;
  }

  const client: PushClient = {
    get token() {
      return device?.token;
    },
    async start() {
      return (await load())?.token;
    },
    async register(o) {
      const stored = await load();
      try {
        return await registerOnce(o, stored);
      } catch (err) {
        // Stored credentials the server no longer accepts (the device was re-keyed elsewhere): start afresh.
        if (stored !== undefined && err instanceof HeraldClientError && err.code === 'DEVICE_AUTH_FAILED') {
          await save(undefined);
          return registerOnce(o, undefined);
        }
        throw err;
      }
    },
    async upsertAccounts(accounts) {
      const list = Object.entries(accounts).map(([type, account]) => ({ accountType: Number(type), account }));
      return (await deviceCall<{ accounts: AccountEntry[] }>('PUT', '/accounts', { accounts: list })).accounts;
    },
    async delAccounts(accountTypes) {
      return (await deviceCall<{ accounts: AccountEntry[] }>('DELETE', '/accounts', { accountTypes: [...accountTypes] })).accounts;
    },
    async clearAccounts() {
      return (await deviceCall<{ accounts: AccountEntry[] }>('DELETE', '/accounts')).accounts;
    },
    async queryAccounts() {
      return (await deviceCall<{ accounts: AccountEntry[] }>('GET', '/accounts')).accounts;
    },
    appendTags: (tags) => deviceCall<TagPage>('POST', '/tags', { tags: [...tags] }),
    delTags: (tags) => deviceCall<TagPage>('DELETE', '/tags', { tags: [...tags] }),
    clearAndAppendTags: (tags) => deviceCall<TagPage>('PUT', '/tags', { tags: [...tags] }),
    clearTags: () => deviceCall<TagPage>('DELETE', '/tags'),
    queryTags: (o = {}) => {
      const query = new URLSearchParams();
      if (o.offset !== undefined) query.set('offset', String(o.offset));
      if (o.limit !== undefined) query.set('limit', String(o.limit));
      const qs = query.toString();
      return deviceCall<TagPage>('GET', `/tags${qs === '' ? '' : `?${qs}`}`);
    },
    async setBadge(badge) {
      await deviceCall('PUT', '/badge', { badge });
    },
    async reportArrived(pushId) {
      await deviceCall('POST', '/receipts', { pushId, kind: 'arrived' });
    },
    async reportClicked(pushId) {
      await deviceCall('POST', '/receipts', { pushId, kind: 'clicked' });
    },
    async unregister() {
      await deviceCall('DELETE', '');
      await save(undefined);
    },
    async exportSession() {
      const current = await load();
      return { endpoint, accessId, accessKey: options.accessKey, ...(current === undefined ? {} : { device: { ...current } }) };
    },
  };
  return client;
}
