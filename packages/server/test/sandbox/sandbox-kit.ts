/**
 * A Herald test server in sandbox mode and the calls the console's Sandbox page makes, through the public
 * management API only: apps are created with `/api/products`, credentials issued with `/api/sandbox/credentials`
 * and saved with the normal credential routes (so the vendor check runs against the emulator), virtual devices
 * made and pushed to with `/api/sandbox/devices`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/test-server.ts';

export interface Reply {
  status: number;
  body: any;
  text: string;
}

export interface SandboxApp {
  accessId: number;
  bundleId: string;
  platform: 'ios' | 'android' | 'web';
}

export interface SandboxKit {
  server: TestServer;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  createApp(platform: SandboxApp['platform']): Promise<SandboxApp>;
  /** Issues the channel's credential in the sandbox and saves it with the normal credential route. */
  configure(app: SandboxApp, channel: string, environment?: 'dev' | 'product'): Promise<void>;
  createDevice(app: SandboxApp, channel: string, extra?: Record<string, unknown>): Promise<any>;
  testPush(deviceId: string, title: string | undefined, content: string): Promise<string>;
  /** Polls the inbox until it holds `count` notifications (at least), and returns them. */
  waitInbox(deviceId: string, count: number): Promise<any[]>;
  close(): Promise<void>;
}

let next = 1;
export const uid = (prefix: string): string => `${prefix}${process.pid}x${next++}${randomBytes(3).toString('hex')}`;

export async function startSandboxKit(o: TestServerOptions = {}): Promise<SandboxKit> {
  const server = await startTestServer({ sandbox: true, ...o, config: { queuePollMs: 20, ...o.config } });

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = server.admin): Promise<Reply> {
    const res = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text };
  }

  async function createApp(platform: SandboxApp['platform']): Promise<SandboxApp> {
    const bundleId = platform === 'web' ? `https://${uid('site')}.example` : `com.example.${uid('app')}`;
    const created = await api('POST', '/products', { name: uid('P'), accessPoint: 'guangzhou', platforms: [{ platform, bundleId }] });
    assert.equal(created.status, 201, created.text);
    return { accessId: Number(created.body.apps[0].accessId), bundleId, platform };
  }

  async function configure(app: SandboxApp, channel: string, environment: 'dev' | 'product' = 'product'): Promise<void> {
    if (channel === 'webpush') return; // a web app has its VAPID keys from creation
    const issued = await api('POST', `/sandbox/credentials/${channel}`, channel === 'apns' ? { bundleId: app.bundleId } : { packageName: app.bundleId });
    assert.equal(issued.status, 201, issued.text);
    let saved: Reply;
    if (channel === 'apns') {
      saved = await api('PUT', `/apps/${app.accessId}/credentials/apns/${environment}`, { kind: 'p8', keyId: issued.body.keyId, teamId: issued.body.teamId, key: issued.body.p8 });
    } else if (channel === 'fcm') {
      saved = await api('PUT', `/apps/${app.accessId}/credentials/fcm`, { serviceAccount: issued.body.serviceAccount });
    } else {
      saved = await api('PUT', `/apps/${app.accessId}/credentials/${channel}`, issued.body.fields);
    }
    assert.equal(saved.status, 200, saved.text);
    if (channel !== 'apns') assert.equal(saved.body.meta.check.status, 'ok', `the emulator accepted the ${channel} credential: ${saved.text}`);
  }

  async function createDevice(app: SandboxApp, channel: string, extra: Record<string, unknown> = {}): Promise<any> {
    const res = await api('POST', '/sandbox/devices', { accessId: app.accessId, channel, ...extra });
    assert.equal(res.status, 201, res.text);
    return res.body;
  }

  async function testPush(deviceId: string, title: string | undefined, content: string): Promise<string> {
    const res = await api('POST', `/sandbox/devices/${deviceId}/test-push`, { ...(title === undefined ? {} : { title }), content });
    assert.equal(res.status, 201, res.text);
    assert.match(String(res.body.pushId), /^[0-9]+$/);
    return String(res.body.pushId);
  }

  async function waitInbox(deviceId: string, count: number): Promise<any[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await api('GET', `/sandbox/devices/${deviceId}/inbox`);
      assert.equal(res.status, 200, res.text);
      if (res.body.notifications.length >= count) return res.body.notifications;
      if (Date.now() > deadline) throw new Error(`device ${deviceId}: ${res.body.notifications.length} of ${count} notifications after 15 s`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  return { server, api, createApp, configure, createDevice, testPush, waitInbox, close: () => server.close() };
}
