/**
 * Shared steps for the push-management tests: create a product and app through the management API, call
 * /v3 with Basic or Sign auth, register devices through the SDK API, and snapshot the tables a refused
 * request must leave unchanged.
 */
import { randomBytes } from 'node:crypto';
import type { TestServer } from '../helpers/test-server.ts';

/** What these helpers need of a running server (the logging test server has no worker). */
export type ServerLike = Pick<TestServer, 'url' | 'admin' | 'ctx'>;
import { tpnsSign } from '../../src/push/model/tpns-sign.ts';

export interface TestApp {
  productId: number;
  accessId: number;
  accessKey: string;
  secretKey: string;
  bundleId: string;
}

export interface JsonResponse {
  status: number;
  body: any;
  text: string;
}

export async function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; raw?: string | FormData } = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | FormData | undefined;
  if (init.raw !== undefined) body = init.raw;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method: init.method ?? 'GET', headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text };
}

export function admin(server: ServerLike, method: string, path: string, body?: unknown): Promise<JsonResponse> {
  return request(`${server.url}/api${path}`, { method, headers: server.admin, ...(body === undefined ? {} : { body }) });
}

export async function createTestApp(server: ServerLike, o: { platform?: 'ios' | 'android' | 'web'; bundleId?: string; name?: string } = {}): Promise<TestApp> {
  const bundleId = o.bundleId ?? `com.example.${randomBytes(3).toString('hex')}`;
  const created = await admin(server, 'POST', '/products', {
    name: o.name ?? 'Test product', description: 'for tests', category: 'tools', accessPoint: 'guangzhou',
    platforms: [{ platform: o.platform ?? 'ios', bundleId }],
  });
  if (created.status !== 201) throw new Error(`create product failed: ${created.text}`);
  const accessId = created.body.apps[0].accessId as number;
  const revealed = await admin(server, 'GET', `/apps/${accessId}?reveal=1`);
  return { productId: created.body.productId, accessId, accessKey: revealed.body.accessKey, secretKey: revealed.body.secretKey, bundleId };
}

export function basicAuth(app: { accessId: number; secretKey: string }): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${app.accessId}:${app.secretKey}`).toString('base64')}` };
}

export function v3(server: ServerLike, app: TestApp, path: string, body: unknown, auth: 'basic' | 'sign' = 'basic'): Promise<JsonResponse> {
  const raw = JSON.stringify(body);
  if (auth === 'basic') return request(`${server.url}/v3${path}`, { method: 'POST', headers: { ...basicAuth(app), 'content-type': 'application/json' }, raw });
  const timestamp = String(Math.floor(server.ctx.clock.now() / 1000));
  const sign = tpnsSign(app.secretKey, timestamp, app.accessId, raw);
  return request(`${server.url}/v3${path}`, { method: 'POST', headers: { accessid: String(app.accessId), timestamp, sign, 'content-type': 'application/json' }, raw });
}

export function sdkHeaders(app: TestApp, device?: { token: string; deviceSecret: string }): Record<string, string> {
  return {
    'x-herald-access-id': String(app.accessId),
    'x-herald-access-key': app.accessKey,
    ...(device === undefined ? {} : { 'x-herald-token': device.token, 'x-herald-device-secret': device.deviceSecret }),
  };
}

export function apnsToken(): string {
  return randomBytes(32).toString('hex');
}

export async function registerDevice(server: ServerLike, app: TestApp, extra: Record<string, unknown> = {}): Promise<{ token: string; deviceSecret: string; vendorToken: string }> {
  const vendorToken = (extra['vendorToken'] as string | undefined) ?? apnsToken();
  const res = await request(`${server.url}/sdk/v1/devices`, {
    method: 'POST',
    headers: sdkHeaders(app),
    body: { platform: 'ios', channel: 'apns', vendorToken, environment: 'dev', appVersion: '1.0', sdkVersion: '0.1.0', locale: 'en_US', timeZone: 'Asia/Shanghai', ...extra },
  });
  if (res.status !== 200) throw new Error(`register failed: ${res.text}`);
  return { token: res.body.token, deviceSecret: res.body.deviceSecret, vendorToken };
}

/** Every row of the tables the management, SDK and device APIs write, for "changes nothing" assertions. */
export async function snapshot(server: ServerLike): Promise<string> {
  const db = server.ctx.store.db;
  const tables = {
    product: await db.selectFrom('product').selectAll().orderBy('product_id').execute(),
    app: await db.selectFrom('app').selectAll().orderBy('access_id').execute(),
    credential: await db.selectFrom('credential').selectAll().orderBy('credential_id').execute(),
    device: await db.selectFrom('device').selectAll().orderBy('token').execute(),
    account_binding: await db.selectFrom('account_binding').selectAll().orderBy('token').orderBy('account_type').execute(),
    tag: await db.selectFrom('tag').selectAll().orderBy('token').orderBy('tag').execute(),
    plan: await db.selectFrom('plan').selectAll().orderBy('plan_id').execute(),
  };
  return JSON.stringify(tables);
}
