/**
 * A Herald server wired to every vendor emulator at once (FCM, Huawei and Honor over HTTPS from one test PKI,
 * Xiaomi, OPPO, vivo and Meizu over loopback HTTP, Web Push over HTTPS), for tests that go through the public
 * APIs only: apps are created with the management API, credentials saved with it (so the vendor check runs),
 * devices registered with the SDK API and pushes sent to `/v3/push/app` with Basic auth.
 *
 * The clock is real time shifted so that it is noon in Beijing: vivo holds operation messages at night
 * (22:00–07:00 Beijing), and a test must not depend on the hour it runs at. Server and emulators share it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFcmEmulator,
  createFcmServiceAccount,
  createHonorEmulator,
  createHuaweiEmulator,
  createMeizuEmulator,
  createOppoEmulator,
  createTestPki,
  createVivoEmulator,
  createWebPushEmulator,
  createXiaomiEmulator,
  type FcmEmulator,
  type HonorEmulator,
  type HuaweiEmulator,
  type MeizuEmulator,
  type OppoEmulator,
  type VivoEmulator,
  type WebPushEmulator,
  type XiaomiEmulator,
} from '@herald/emulators';
import type { Config } from '../../src/config/schema.ts';
import type { Clock } from '../../src/context.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

export type Vendor = 'fcm' | 'huawei' | 'honor' | 'xiaomi' | 'oppo' | 'vivo' | 'meizu' | 'webpush';

export const ANDROID_VENDORS: readonly Vendor[] = ['fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu'];

export interface VendorApp {
  accessId: number;
  accessKey: string;
  secretKey: string;
  packageName: string;
  platform: 'android' | 'web';
  /** Basic auth header of the TPNS API. */
  auth: string;
  /** What each vendor's emulator knows this app as (ids, secrets, project). */
  vendorIds: Partial<Record<Vendor, Record<string, string>>>;
}

export interface VendorDevice {
  token: string;
  vendor: Vendor;
  /** The vendor's token as the emulator knows it (Web Push: the endpoint). */
  vendorToken: string;
}

export interface Emulators {
  fcm: FcmEmulator;
  huawei: HuaweiEmulator;
  honor: HonorEmulator;
  xiaomi: XiaomiEmulator;
  oppo: OppoEmulator;
  vivo: VivoEmulator;
  meizu: MeizuEmulator;
  webpush: WebPushEmulator;
}

export interface VendorRig {
  server: TestServer;
  emulators: Emulators;
  clock: Clock;
  createApp(platform?: 'android' | 'web'): Promise<VendorApp>;
  /** Registers the app with the vendor's emulator and saves the credential through the management API. */
  configure(app: VendorApp, vendor: Vendor, override?: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }>;
  /** A virtual device on the vendor's emulator, registered with Herald through the SDK API. */
  addDevice(app: VendorApp, vendor: Vendor): Promise<VendorDevice>;
  /** Binds an account to a device through the SDK API. */
  bindAccount(app: VendorApp, device: VendorDevice, account: string): Promise<void>;
  push(app: VendorApp, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }>;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  tpns(app: VendorApp, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  waitStatus(pushId: string, statuses: string[], timeoutMs?: number): Promise<string>;
  waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs?: number): Promise<void>;
  deviceRow(app: VendorApp, token: string): Promise<{ status: string; invalid_reason: string | null; badge: number }>;
  deliveries(pushId: string): Promise<Array<{ token: string; channel: string; outcome: string; reason: string | null }>>;
  close(): Promise<void>;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Real time shifted so that the Beijing wall clock reads 12:00 when the rig starts. */
function beijingNoonClock(): Clock {
  const now = Date.now();
  const beijing = new Date(now + BEIJING_OFFSET_MS);
  const noon = Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate(), 12) - BEIJING_OFFSET_MS;
  const shift = noon - now;
  return { now: () => Date.now() + shift };
}

let nextId = 1;
const uid = (prefix: string): string => `${prefix}${process.pid}${nextId++}${randomBytes(3).toString('hex')}`;

export async function startVendorRig(o: { config?: Partial<Config> } = {}): Promise<VendorRig> {
  const clock = beijingNoonClock();
  const now = (): number => clock.now();
  const pki = createTestPki();
  const emulators: Emulators = {
    fcm: await createFcmEmulator({ pki, clock: now }),
    huawei: await createHuaweiEmulator({ tls: pki, clock: now }),
    honor: await createHonorEmulator({ tls: pki, clock: now }),
    xiaomi: await createXiaomiEmulator({ clock: now }),
    oppo: await createOppoEmulator({ clock: now }),
    vivo: await createVivoEmulator({ clock: now }),
    meizu: await createMeizuEmulator({ clock: now }),
    webpush: await createWebPushEmulator({ pki, clock: now }),
  };
  const dir = mkdtempSync(join(tmpdir(), 'herald-vendors-'));
  const caFile = join(dir, 'vendor-ca.pem');
  writeFileSync(caFile, pki.caCertPem);
  const server = await startTestServer({
    clock,
    config: {
      vendorCaFile: caFile,
      fcmBaseUrl: emulators.fcm.url,
      huaweiPushUrl: emulators.huawei.url,
      huaweiAuthUrl: emulators.huawei.url,
      honorPushUrl: emulators.honor.url,
      honorAuthUrl: emulators.honor.url,
      xiaomiBaseUrl: emulators.xiaomi.url,
      oppoBaseUrl: emulators.oppo.url,
      oppoIntlBaseUrl: emulators.oppo.url,
      vivoBaseUrl: emulators.vivo.url,
      meizuBaseUrl: emulators.meizu.url,
      webPushSubject: 'mailto:ops@herald.example',
      queuePollMs: 20,
      ...o.config,
    },
  });

  async function request(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }
  const api = (method: string, path: string, body?: unknown) => request(method, `/api${path}`, server.admin, body);
  const tpns = (app: VendorApp, path: string, body: unknown) => request('POST', path, { authorization: app.auth }, body);

  async function createApp(platform: 'android' | 'web' = 'android'): Promise<VendorApp> {
    const packageName = platform === 'web' ? `https://${uid('site')}.example` : `com.example.${uid('app')}`;
    const created = await api('POST', '/products', { name: uid('P'), accessPoint: 'guangzhou', platforms: [{ platform, bundleId: packageName }] });
    if (created.status !== 201) throw new Error(`product not created: ${JSON.stringify(created.body)}`);
    const accessId = Number((created.body['apps'] as Array<{ accessId: number }>)[0]!.accessId);
    const view = await api('GET', `/apps/${accessId}?reveal=1`);
    const accessKey = String(view.body['accessKey']);
    const secretKey = String(view.body['secretKey']);
    return { accessId, accessKey, secretKey, packageName, platform, auth: `Basic ${Buffer.from(`${accessId}:${secretKey}`).toString('base64')}`, vendorIds: {} };
  }

  function vendorCredential(app: VendorApp, vendor: Vendor): Record<string, unknown> {
    const e = emulators;
    switch (vendor) {
      case 'fcm': {
        const projectId = `herald-${uid('p')}`.toLowerCase().slice(0, 28);
        const account = createFcmServiceAccount({ projectId, tokenUri: e.fcm.tokenUrl });
        e.fcm.registerServiceAccount(account.registration);
        app.vendorIds.fcm = { projectId };
        return { serviceAccount: account.json };
      }
      case 'huawei': {
        const ids = { appId: String(100_000_000 + nextId++), clientSecret: randomBytes(32).toString('hex') };
        e.huawei.registerApp(ids);
        app.vendorIds.huawei = ids;
        return ids;
      }
      case 'honor': {
        const ids = { appId: String(104_400_000 + nextId++), clientId: randomBytes(16).toString('hex'), clientSecret: randomBytes(24).toString('hex') };
        e.honor.registerApp(ids);
        app.vendorIds.honor = ids;
        return ids;
      }
      case 'xiaomi': {
        const ids = { appSecret: randomBytes(16).toString('base64url') };
        e.xiaomi.registerApp({ appSecret: ids.appSecret, packageNames: [app.packageName] });
        app.vendorIds.xiaomi = ids;
        return ids;
      }
      case 'oppo': {
        const ids = { appKey: randomBytes(16).toString('hex'), masterSecret: randomBytes(16).toString('hex') };
        e.oppo.registerApp(ids);
        app.vendorIds.oppo = ids;
        return ids;
      }
      case 'vivo': {
        const ids = { appId: String(10_000 + nextId++), appKey: randomBytes(16).toString('hex'), appSecret: randomBytes(16).toString('hex') };
        e.vivo.registerApp(ids);
        app.vendorIds.vivo = ids;
        return ids;
      }
      case 'meizu': {
        const ids = { appId: String(110_000 + nextId++), appSecret: randomBytes(16).toString('hex') };
        e.meizu.registerApp(ids);
        app.vendorIds.meizu = ids;
        return ids;
      }
      case 'webpush':
        return {};
    }
  }

  async function configure(app: VendorApp, vendor: Vendor, override: Record<string, unknown> = {}) {
    // A web app has its VAPID keys from creation; saving `{}` again would replace them.
    if (vendor === 'webpush' && Object.keys(override).length === 0) {
      const list = await api('GET', `/apps/${app.accessId}/credentials`);
      return { status: 200, body: (list.body['credentials'] as Array<Record<string, unknown>>).find((c) => c['channel'] === 'webpush') ?? {} };
    }
    return api('PUT', `/apps/${app.accessId}/credentials/${vendor}`, { ...vendorCredential(app, vendor), ...override });
  }

  async function vapidPublicKey(app: VendorApp): Promise<string> {
    const list = await api('GET', `/apps/${app.accessId}/credentials`);
    const cred = (list.body['credentials'] as Array<{ channel: string; meta: { publicKey: string } }>).find((c) => c.channel === 'webpush');
    if (cred === undefined) throw new Error('web app without VAPID keys');
    return cred.meta.publicKey;
  }

  async function emulatorDevice(app: VendorApp, vendor: Vendor): Promise<{ vendorToken: string; registered: string }> {
    const e = emulators;
    const ids = app.vendorIds[vendor] ?? {};
    switch (vendor) {
      case 'fcm': {
        const token = e.fcm.registerDevice({ projectId: ids['projectId']!, packageName: app.packageName });
        return { vendorToken: token, registered: token };
      }
      case 'huawei': {
        const token = `IQAAAACy0${randomBytes(48).toString('base64url')}`;
        e.huawei.registerDevice({ token, appId: ids['appId']! });
        return { vendorToken: token, registered: token };
      }
      case 'honor': {
        const token = `BAEAAAAAB${randomBytes(40).toString('base64url')}`;
        e.honor.registerDevice({ token, appId: ids['appId']! });
        return { vendorToken: token, registered: token };
      }
      case 'xiaomi': {
        const regId = randomBytes(33).toString('base64').replace(/[+/=]/g, 'x');
        e.xiaomi.registerDevice({ regId, packageName: app.packageName });
        return { vendorToken: regId, registered: regId };
      }
      case 'oppo': {
        const registrationId = `CN_${randomBytes(16).toString('hex')}`;
        e.oppo.registerDevice({ registrationId, appKey: ids['appKey']! });
        return { vendorToken: registrationId, registered: registrationId };
      }
      case 'vivo': {
        const regId = `${Date.now()}${randomBytes(6).toString('hex')}`;
        e.vivo.registerDevice({ regId, appId: ids['appId']! });
        return { vendorToken: regId, registered: regId };
      }
      case 'meizu': {
        const pushId = `ULY${randomBytes(16).toString('hex')}`;
        e.meizu.registerDevice({ pushId, appId: ids['appId']! });
        return { vendorToken: pushId, registered: pushId };
      }
      case 'webpush': {
        const sub = e.webpush.subscribe({ applicationServerKey: await vapidPublicKey(app) });
        return { vendorToken: JSON.stringify(sub), registered: sub.endpoint };
      }
    }
  }

  async function addDevice(app: VendorApp, vendor: Vendor): Promise<VendorDevice> {
    const { vendorToken, registered } = await emulatorDevice(app, vendor);
    const res = await request('POST', '/sdk/v1/devices', { 'x-herald-access-id': String(app.accessId), 'x-herald-access-key': app.accessKey }, {
      platform: app.platform, channel: vendor, vendorToken, environment: 'product',
      appVersion: '1.0.0', sdkVersion: '1.0.0', locale: 'zh-CN', timeZone: 'Asia/Shanghai',
    });
    if (res.status !== 200) throw new Error(`device not registered: ${JSON.stringify(res.body)}`);
    return { token: String(res.body['token']), vendor, vendorToken: registered };
  }

  async function bindAccount(app: VendorApp, device: VendorDevice, account: string): Promise<void> {
    const res = await tpns(app, '/v3/device/account/batchoperate', { operator_type: 1, token_accounts: [{ token: device.token, account_list: [{ account, account_type: 0 }] }] });
    if (res.body['ret_code'] !== 0) throw new Error(`account not bound: ${JSON.stringify(res.body)}`);
  }

  async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  const db = server.ctx.store.db;
  async function waitStatus(pushId: string, statuses: string[], timeoutMs = 15_000): Promise<string> {
    let status = '';
    await waitFor(async () => {
      const row = await db.selectFrom('push_task').select('status').where('push_id', '=', pushId).executeTakeFirst();
      status = row?.status ?? '';
      return statuses.includes(status);
    }, `task ${pushId} to reach ${statuses.join('|')}`, timeoutMs);
    return status;
  }

  return {
    server,
    emulators,
    clock,
    createApp,
    configure,
    addDevice,
    bindAccount,
    push: (app, body) => tpns(app, '/v3/push/app', body),
    api,
    tpns,
    waitStatus,
    waitFor,
    async deviceRow(app, token) {
      return db.selectFrom('device').select(['status', 'invalid_reason', 'badge']).where('access_id', '=', app.accessId).where('token', '=', token).executeTakeFirstOrThrow();
    },
    async deliveries(pushId) {
      return db.selectFrom('push_delivery').select(['token', 'channel', 'outcome', 'reason']).where('push_id', '=', pushId).orderBy('token').execute();
    },
    async close() {
      await server.close();
      await Promise.all(Object.values(emulators).map((e: { close(): Promise<void> }) => e.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
