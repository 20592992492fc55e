/**
 * What the Web Push browser test stands on: a real Herald server (the pipeline fixture) that trusts the Web
 * Push emulator's CA, a `web` app whose VAPID key is made by the credential API, the SDK and its service worker
 * bundled by esbuild, and a static site on its own loopback origin serving the page and the worker.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createWebPushEmulator, type WebPushEmulator } from '@herald/emulators/webpush';
import { startPipeline, type Pipeline, type TestApp } from '../../../server/test/push-pipeline/pipeline-fixture.ts';

export interface WebApp extends TestApp {
  accessKey: string;
}

export interface Bundle {
  code: string;
  inputs: string[];
}

export interface StaticSite {
  server: Server;
  url: string;
}

let nextAccessId = 1600000100;

/** Herald with the Web Push emulator as the push service every subscription of the test points at. */
export async function startWebPushHerald(): Promise<{ p: Pipeline; emulator: WebPushEmulator; close(): Promise<void> }> {
  const emulator = await createWebPushEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'herald-webpush-'));
  const caFile = join(dir, 'webpush-ca.pem');
  writeFileSync(caFile, emulator.caCertPem ?? '');
  try {
    const p = await startPipeline({ config: { vendorCaFile: caFile } });
    return {
      p,
      emulator,
      async close() {
        await p.close();
        await emulator.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A `web` app whose bundle ID is the site's origin (its start page); no VAPID key until `createVapidKey`. */
export async function createWebApp(p: Pipeline, siteUrl: string): Promise<WebApp> {
  const { ctx } = p.server;
  const db = ctx.store.db;
  const now = Date.now();
  const product = await db.insertInto('product').values({ name: `W${nextAccessId}`, description: '', category: 'test', access_point: 'guangzhou', created_at: now, updated_at: now }).returning('product_id').executeTakeFirstOrThrow();
  const accessId = nextAccessId++;
  const secretKey = `sk${accessId}`;
  await db.insertInto('app').values({
    access_id: accessId, product_id: Number(product.product_id), platform: 'web', bundle_id: `${siteUrl}/`, access_key: `AK${accessId}`,
    secret_key_sealed: ctx.secretBox.seal(secretKey), service_mode: 'standard', im_sdk_app_id: null, created_at: now, updated_at: now,
  }).execute();
  return { accessId, secretKey, bundleId: `${siteUrl}/`, accessKey: `AK${accessId}`, auth: `Basic ${Buffer.from(`${accessId}:${secretKey}`).toString('base64')}` };
}

/** Makes (or replaces) the app's VAPID key through the management API; returns the public key it shows. */
export async function createVapidKey(p: Pipeline, app: WebApp): Promise<string> {
  const res = await fetch(`${p.server.url}/api/apps/${app.accessId}/credentials/webpush`, {
    method: 'PUT',
    headers: { ...p.server.admin, 'content-type': 'application/json' },
    body: '{}',
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`PUT credentials/webpush answered ${res.status}: ${text}`);
  const row = await p.server.ctx.store.db.selectFrom('credential').select('meta_json').where('access_id', '=', app.accessId).where('channel', '=', 'webpush').executeTakeFirstOrThrow();
  const publicKey = (JSON.parse(row.meta_json) as { publicKey?: unknown }).publicKey;
  if (typeof publicKey !== 'string') throw new Error(`the webpush credential shows no publicKey: ${row.meta_json}`);
  return publicKey;
}

export async function bundle(entry: string, format: 'esm' | 'iife'): Promise<Bundle> {
  const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format, target: 'es2022', write: false, metafile: true, logLevel: 'silent' });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  return { code: output.text, inputs: Object.keys(result.metafile.inputs) };
}

export async function startStaticSite(files: Record<string, { type: string; body: string | Buffer }>): Promise<StaticSite> {
  const server = createServer((request, response) => {
    const file = files[(request.url ?? '/').split('?')[0] ?? '/'];
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}` };
}

/** The vendor token Herald stores for a subscription: its canonical JSON (channels/webpush/webpush-subscription.ts). */
export function canonicalSubscription(s: { endpoint: string; keys: { p256dh: string; auth: string } }): string {
  return JSON.stringify({ endpoint: new URL(s.endpoint).href, keys: { p256dh: s.keys.p256dh, auth: s.keys.auth } });
}

/**
 * Replaces the page's PushManager at its boundary: headless Chromium cannot reach a real push service, so
 * `subscribe` asks the emulator (through `heraldEmulatorSubscribe`, exposed by the test) for a subscription
 * restricted to the key the SDK passed, and `getSubscription`/`unsubscribe` keep it in sessionStorage. Every
 * call is logged in `window.heraldPushCalls`.
 */
export const FAKE_PUSH_MANAGER = `(() => {
  const STORE = 'herald-test-subscription';
  const calls = (window.heraldPushCalls = []);
  const toB64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes instanceof ArrayBuffer ? bytes : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  const fromB64 = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer;
  const make = ({ json, key }) => ({
    endpoint: json.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: fromB64(key) },
    getKey: (name) => fromB64(json.keys[name]),
    toJSON: () => JSON.parse(JSON.stringify(json)),
    unsubscribe: async () => {
      calls.push({ call: 'unsubscribe', endpoint: json.endpoint });
      sessionStorage.removeItem(STORE);
      return true;
    },
  });
  PushManager.prototype.getSubscription = async function () {
    const stored = sessionStorage.getItem(STORE);
    return stored === null ? null : make(JSON.parse(stored));
  };
  PushManager.prototype.subscribe = async function (options) {
    const key = toB64(options.applicationServerKey);
    calls.push({ call: 'subscribe', userVisibleOnly: options.userVisibleOnly, key });
    const json = await window.heraldEmulatorSubscribe(key);
    const stored = { json, key };
    sessionStorage.setItem(STORE, JSON.stringify(stored));
    return make(stored);
  };
})();`;
