/**
 * A Herald server wired to a real APNs emulator for pipeline tests: token auth with a generated .p8, an iOS app
 * with credentials for both environments, helpers to add devices (registered on the emulator too), call the
 * TPNS API with Basic auth, and wait for tasks to settle (bounded polling, no sleeps in assertions).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApnsEmulator, generateP8, type ApnsEmulator } from '@herald/emulators';
import type { Config } from '../../src/config/schema.ts';
import type { Clock } from '../../src/context.ts';
import type { Environment } from '../../src/store/schema.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

export interface TestApp {
  accessId: number;
  secretKey: string;
  bundleId: string;
  auth: string;
}

export interface TestDevice {
  token: string;
  vendorToken: string;
  environment: Environment;
}

export interface Pipeline {
  server: TestServer;
  emulator: ApnsEmulator;
  app: TestApp;
  createApp(o?: { bundleId?: string; credentials?: boolean }): Promise<TestApp>;
  addDevice(o?: { app?: TestApp; environment?: Environment; badge?: number; tags?: string[]; account?: { account: string; type?: number; boundAt?: number }; platform?: 'ios' | 'android' }): Promise<TestDevice>;
  addDevices(n: number, o?: { app?: TestApp; environment?: Environment }): Promise<TestDevice[]>;
  call(path: string, body: unknown, app?: TestApp): Promise<{ status: number; body: Record<string, unknown> }>;
  push(body: Record<string, unknown>, app?: TestApp): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Waits until the task is in one of `statuses` (bounded); returns the status. */
  waitStatus(pushId: string, statuses: string[], timeoutMs?: number): Promise<string>;
  waitFor(check: () => Promise<boolean> | boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

let nextAccessId = 1500000100;

export async function startPipeline(o: { config?: Partial<Config>; clock?: Clock; worker?: boolean } = {}): Promise<Pipeline> {
  const emulator = await createApnsEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'herald-pipeline-'));
  const caFile = join(dir, 'apns-ca.pem');
  writeFileSync(caFile, emulator.caCertPem);
  const key = generateP8();
  const teamId = 'TEAM123456';
  emulator.registerKey({ keyId: key.keyId, teamId, publicKeyPem: key.publicKeyPem });
  const server = await startTestServer({
    config: {
      apnsProductUrl: emulator.urlFor('product'),
      apnsDevUrl: emulator.urlFor('dev'),
      apnsCaFile: caFile,
      queuePollMs: 20,
      ...o.config,
    },
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.worker === false ? { worker: false } : {}),
  });
  const { ctx } = server;
  const db = ctx.store.db;

  async function createApp(a: { bundleId?: string; credentials?: boolean } = {}): Promise<TestApp> {
    const now = Date.now();
    const p = await db.insertInto('product').values({ name: `P${nextAccessId}`, description: '', category: 'test', access_point: 'guangzhou', created_at: now, updated_at: now }).returning('product_id').executeTakeFirstOrThrow();
    const accessId = nextAccessId++;
    const secretKey = randomBytes(16).toString('hex');
    const bundleId = a.bundleId ?? `com.example.app${accessId}`;
    await db.insertInto('app').values({
      access_id: accessId, product_id: Number(p.product_id), platform: 'ios', bundle_id: bundleId, access_key: `AK${accessId}`,
      secret_key_sealed: ctx.secretBox.seal(secretKey), service_mode: 'standard', im_sdk_app_id: null, created_at: now, updated_at: now,
    }).execute();
    if (a.credentials !== false) {
      for (const environment of ['product', 'dev'] as const) {
        await db.insertInto('credential').values({
          access_id: accessId, channel: 'apns', environment, kind: 'p8',
          secret_sealed: ctx.secretBox.seal(JSON.stringify({ privateKeyPem: key.privateKeyPem, keyId: key.keyId, teamId })),
          meta_json: JSON.stringify({ keyId: key.keyId, teamId }), created_at: now, updated_at: now,
        }).execute();
      }
    }
    return { accessId, secretKey, bundleId, auth: `Basic ${Buffer.from(`${accessId}:${secretKey}`).toString('base64')}` };
  }

  const app = await createApp();

  async function addDevice(d: Parameters<Pipeline['addDevice']>[0] = {}): Promise<TestDevice> {
    const target = d.app ?? app;
    const environment = d.environment ?? 'product';
    const token = randomUUID().replace(/-/g, '').padEnd(36, '0').slice(0, 36);
    const vendorToken = randomBytes(32).toString('hex');
    const now = Date.now();
    const platform = d.platform ?? 'ios';
    await db.insertInto('device').values({
      token, access_id: target.accessId, platform, channel: platform === 'ios' ? 'apns' : 'fcm', vendor_token: vendorToken, environment,
      secret_hash: 'x', app_version: '1.0.0', sdk_version: '1.0', locale: 'en_US', time_zone: 'UTC', system_version: '17.0',
      device_brand: 'Apple', device_model: 'iPhone15,2', badge: d.badge ?? 0, status: 'active', invalid_reason: null,
      created_at: now, updated_at: now, last_active_at: now,
    }).execute();
    for (const tag of d.tags ?? []) {
      await db.insertInto('tag').values({ access_id: target.accessId, token, tag, tag_type: 'xg_user_define', created_at: now }).execute();
    }
    if (d.account !== undefined) {
      await db.insertInto('account_binding').values({ access_id: target.accessId, token, account: d.account.account, account_type: d.account.type ?? 0, bound_at: d.account.boundAt ?? now }).execute();
    }
    if (platform === 'ios') emulator.registerDevice({ token: vendorToken, topic: target.bundleId, environment });
    return { token, vendorToken, environment };
  }

  async function addDevices(n: number, o2: { app?: TestApp; environment?: Environment } = {}): Promise<TestDevice[]> {
    const target = o2.app ?? app;
    const environment = o2.environment ?? 'product';
    const now = Date.now();
    const devices: TestDevice[] = [];
    for (let i = 0; i < n; i++) {
      devices.push({ token: randomUUID().replace(/-/g, '').padEnd(36, '0').slice(0, 36), vendorToken: randomBytes(32).toString('hex'), environment });
    }
    await ctx.store.transaction(async (trx) => {
      for (let i = 0; i < devices.length; i += 500) {
        await trx.insertInto('device').values(devices.slice(i, i + 500).map((d) => ({
          token: d.token, access_id: target.accessId, platform: 'ios' as const, channel: 'apns', vendor_token: d.vendorToken, environment,
          secret_hash: 'x', app_version: '1.0.0', sdk_version: '1.0', locale: 'en_US', time_zone: 'UTC', system_version: '17.0',
          device_brand: 'Apple', device_model: 'iPhone', badge: 0, status: 'active', invalid_reason: null,
          created_at: now, updated_at: now, last_active_at: now,
        }))).execute();
      }
    });
    for (const d of devices) emulator.registerDevice({ token: d.vendorToken, topic: target.bundleId, environment });
    return devices;
  }

  async function call(path: string, body: unknown, as: TestApp = app) {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: as.auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  async function waitStatus(pushId: string, statuses: string[], timeoutMs = 10_000): Promise<string> {
    let status = '';
    await waitFor(async () => {
      const row = await db.selectFrom('push_task').select('status').where('push_id', '=', pushId).executeTakeFirst();
      status = row?.status ?? '';
      return statuses.includes(status);
    }, timeoutMs, `task ${pushId} to reach ${statuses.join('|')} (now ${status})`);
    return status;
  }

  return {
    server,
    emulator,
    app,
    createApp,
    addDevice,
    addDevices,
    call,
    push: (body, as) => call('/v3/push/app', body, as),
    waitStatus,
    waitFor,
    async close() {
      await server.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal valid notification body. */
export function notify(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    message_type: 'notify',
    environment: 'product',
    message: { title: 'Hello', content: 'World', ios: { aps: {} } },
    ...extra,
  };
}
