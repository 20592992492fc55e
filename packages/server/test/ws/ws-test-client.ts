/**
 * A raw protocol client for the gateway tests: real `ws` sockets, requests with ids, an event inbox and the
 * close code. Waiting is bounded by the test runner's timeout, never asserted on.
 */
import WebSocket from 'ws';
import { createImApp, openImSecretKey } from '../../src/im/identity/im-app-service.ts';
import { importAccount } from '../../src/im/identity/im-user-service.ts';
import { genUserSig } from '../../src/im/identity/user-sig.ts';
import type { TestServer } from '../helpers/test-server.ts';

export interface Response {
  id: unknown;
  op: string | null;
  code: number;
  codeName?: string;
  message?: string;
  data?: Record<string, unknown>;
}

export interface WsTestClient {
  socket: WebSocket;
  request(op: string, data?: unknown): Promise<Response>;
  sendRaw(text: string | Buffer): void;
  nextEvent(name: string): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function wsUrl(server: TestServer): string {
  return `${server.url.replace(/^http/, 'ws')}/ws`;
}

export async function openClient(server: TestServer): Promise<WsTestClient> {
  const socket = new WebSocket(wsUrl(server));
  const waiting = new Map<unknown, (r: Response) => void>();
  const events: Array<{ event: string; data: Record<string, unknown> }> = [];
  const eventWaiters: Array<{ name: string; resolve: (d: Record<string, unknown>) => void }> = [];
  let nextId = 0;
  socket.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as Record<string, unknown>;
    if (typeof frame['event'] === 'string') {
      const entry = { event: frame['event'], data: frame['data'] as Record<string, unknown> };
      const i = eventWaiters.findIndex((w) => w.name === entry.event);
      if (i >= 0) eventWaiters.splice(i, 1)[0]!.resolve(entry.data);
      else events.push(entry);
      return;
    }
    const resolve = waiting.get(frame['id']);
    waiting.delete(frame['id']);
    resolve?.(frame as unknown as Response);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    request(op, data = {}) {
      const id = `r${(nextId += 1)}`;
      return new Promise<Response>((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, op, data }));
      });
    },
    sendRaw: (text) => socket.send(text),
    nextEvent(name) {
      const i = events.findIndex((e) => e.event === name);
      if (i >= 0) return Promise.resolve(events.splice(i, 1)[0]!.data);
      return new Promise((resolve) => eventWaiters.push({ name, resolve }));
    },
    closed,
    async close() {
      if (socket.readyState !== WebSocket.CLOSED) socket.close();
      await closed;
    },
  };
}

export interface TestImApp {
  sdkAppId: number;
  secretKey: string;
  sig(userId: string, o?: { expireSeconds?: number; now?: number }): string;
}

export async function createTestImApp(server: TestServer, o: { users?: string[]; autoCreateUsers?: boolean } = {}): Promise<TestImApp> {
  const row = await createImApp(server.ctx, { name: 'chat test', autoCreateUsers: o.autoCreateUsers ?? false });
  const sdkAppId = Number(row.sdk_app_id);
  for (const userId of o.users ?? []) await importAccount(server.ctx, sdkAppId, { userId });
  const secretKey = openImSecretKey(server.ctx, row);
  return {
    sdkAppId,
    secretKey,
    sig: (userId, s = {}) => genUserSig({ sdkAppId, secretKey, userId, expireSeconds: s.expireSeconds ?? 86_400, now: s.now ?? server.ctx.clock.now() }),
  };
}

export function loginData(app: TestImApp, userId: string, deviceId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sdkAppId: app.sdkAppId, userId, userSig: app.sig(userId), deviceId, platform: 'iOS', ...extra };
}

export async function deviceRow(server: TestServer, sdkAppId: number, userId: string, deviceId: string) {
  return server.ctx.store.db.selectFrom('im_device').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('user_id', '=', userId).where('device_id', '=', deviceId)
    .executeTakeFirst();
}

/** Polls until the device reaches `state` (disconnects are persisted after the socket closes). Bounded. */
export async function waitForState(server: TestServer, sdkAppId: number, userId: string, deviceId: string, state: string) {
  for (let i = 0; i < 500; i += 1) {
    const row = await deviceRow(server, sdkAppId, userId, deviceId);
    if (row?.state === state) return row;
    await new Promise((r) => setTimeout(r, 10));
  }
  return deviceRow(server, sdkAppId, userId, deviceId);
}
