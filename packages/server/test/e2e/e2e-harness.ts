/**
 * The end-to-end harness: a real Herald server (on the store given) whose APNs URLs point at a real APNs
 * emulator, and clients that touch it only the way its users do — the management API with the admin bearer,
 * `/v3` with TPNS Basic or Sign auth, the SDK push client on virtual phones, and the emulator as the phones'
 * inboxes. Nothing here reads or writes the server's database.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApnsEmulator, createTestPki, type ApnsEmulator, type ReceivedNotification, type TestPki } from '@herald/emulators';
import { createMemoryStorage, createPushClient, type PushClient, type PushEnvironment } from '@herald/sdk/push';
import type { Store } from '../../src/store/store.ts';
import { tpnsSign } from '../../src/push/model/tpns-sign.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** TPNS reads send_time at UTC+8; the test passes it to the server explicitly so both sides agree. */
export const TPNS_UTC_OFFSET_MINUTES = 480;

export interface JsonReply {
  status: number;
  body: Record<string, any>;
  text: string;
}

export interface E2eApp {
  productId: number;
  accessId: number;
  accessKey: string;
  secretKey: string;
  bundleId: string;
}

/** A virtual iPhone: its APNs token lives on the emulator, its Herald token comes from the SDK. */
export interface Phone {
  name: string;
  app: E2eApp;
  environment: PushEnvironment;
  vendorToken: string;
  token: string;
  sdk: PushClient;
}

export interface TpnsClient {
  /** POST /v3<path> with `Authorization: Basic`. */
  basic(path: string, body: unknown): Promise<JsonReply>;
  /** POST /v3<path> with AccessId / TimeStamp / Sign (each body is sent once, so replays never collide). */
  signed(path: string, body: unknown): Promise<JsonReply>;
  /** POST /v3/push/package/upload, multipart `file`. */
  upload(fileName: string, content: string): Promise<JsonReply>;
}

export interface E2e {
  server: TestServer;
  emulator: ApnsEmulator;
  /** The CA that issues the apps' APNs client certificates (trusted by the emulator). */
  clientPki: TestPki;
  admin(method: string, path: string, body?: unknown | FormData): Promise<JsonReply>;
  createIosProduct(name: string, bundleId: string): Promise<E2eApp>;
  tpns(app: Pick<E2eApp, 'accessId' | 'secretKey'>): TpnsClient;
  addPhone(name: string, app: E2eApp, environment: PushEnvironment): Promise<Phone>;
  inbox(phone: Phone): ReceivedNotification[];
  close(): Promise<void>;
}

export async function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | FormData } = {}): Promise<JsonReply> {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, ...(init.body === undefined ? {} : { body: init.body }) });
  const text = await res.text();
  let body: Record<string, any> = {};
  try {
    body = text === '' ? {} : (JSON.parse(text) as Record<string, any>);
  } catch {
    body = {};
  }
  return { status: res.status, body, text };
}

export async function startE2e(o: { store?: Store } = {}): Promise<E2e> {
  const emulator = await createApnsEmulator();
  const clientPki = createTestPki();
  emulator.trustClientCa(clientPki.caCertPem);
  const dir = mkdtempSync(join(tmpdir(), 'herald-e2e-'));
  const caFile = join(dir, 'apns-ca.pem');
  writeFileSync(caFile, emulator.caCertPem);
  let server: TestServer;
  try {
    server = await startTestServer({
      ...(o.store ? { store: o.store } : {}),
      config: {
        apnsProductUrl: emulator.urlFor('product'),
        apnsDevUrl: emulator.urlFor('dev'),
        apnsCaFile: caFile,
        tpnsUtcOffsetMinutes: TPNS_UTC_OFFSET_MINUTES,
        queuePollMs: 20,
      },
    });
  } catch (err) {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  async function admin(method: string, path: string, body?: unknown): Promise<JsonReply> {
    const headers: Record<string, string> = { ...server.admin };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    return request(`${server.url}/api${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  }

  async function createIosProduct(name: string, bundleId: string): Promise<E2eApp> {
    const created = await admin('POST', '/products', { name, description: 'end-to-end', category: 'tools', accessPoint: 'guangzhou', platforms: [{ platform: 'ios', bundleId }] });
    if (created.status !== 201) throw new Error(`create product: ${created.status} ${created.text}`);
    const accessId = Number(created.body['apps'][0]['accessId']);
    const revealed = await admin('GET', `/apps/${accessId}?reveal=1`);
    if (revealed.status !== 200) throw new Error(`reveal app keys: ${revealed.text}`);
    return { productId: Number(created.body['productId']), accessId, accessKey: String(revealed.body['accessKey']), secretKey: String(revealed.body['secretKey']), bundleId };
  }

  function tpns(app: Pick<E2eApp, 'accessId' | 'secretKey'>): TpnsClient {
    const basicHeader = `Basic ${Buffer.from(`${app.accessId}:${app.secretKey}`).toString('base64')}`;
    return {
      basic: (path, body) =>
        request(`${server.url}/v3${path}`, { method: 'POST', headers: { authorization: basicHeader, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      signed(path, body) {
        const raw = JSON.stringify(body);
        const timestamp = String(Math.floor(Date.now() / 1000));
        const sign = tpnsSign(app.secretKey, timestamp, app.accessId, raw);
        return request(`${server.url}/v3${path}`, {
          method: 'POST',
          headers: { AccessId: String(app.accessId), TimeStamp: timestamp, Sign: sign, 'content-type': 'application/json' },
          body: raw,
        });
      },
      upload(fileName, content) {
        const form = new FormData();
        form.append('file', new Blob([content]), fileName);
        return request(`${server.url}/v3/push/package/upload`, { method: 'POST', headers: { authorization: basicHeader }, body: form });
      },
    };
  }

  async function addPhone(name: string, app: E2eApp, environment: PushEnvironment): Promise<Phone> {
    const vendorToken = randomBytes(32).toString('hex');
    emulator.registerDevice({ token: vendorToken, topic: app.bundleId, environment });
    const sdk = createPushClient({ accessId: app.accessId, accessKey: app.accessKey, endpoint: server.url, storage: createMemoryStorage() });
    const token = await sdk.register({ vendorToken, environment, appVersion: '2.3.0', locale: 'en_US', timeZone: 'Asia/Shanghai', systemVersion: '17.4', deviceBrand: 'Apple', deviceModel: 'iPhone15,2' });
    return { name, app, environment, vendorToken, token, sdk };
  }

  return {
    server,
    emulator,
    clientPki,
    admin,
    createIosProduct,
    tpns,
    addPhone,
    inbox: (phone) => emulator.inbox(phone.vendorToken),
    async close() {
      try {
        await server.close();
      } finally {
        await emulator.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** `yyyy-MM-DD HH:MM:SS` at the TPNS offset. */
export function tpnsTime(epochMs: number, offsetMinutes = TPNS_UTC_OFFSET_MINUTES): string {
  return new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}
