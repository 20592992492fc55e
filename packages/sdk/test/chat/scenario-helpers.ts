/**
 * Steps shared by the IM scenario test (im-scenario-e2e.test.ts): a real server per test, devices that are real
 * SDK chat clients over real `ws` sockets, each with its own network the test can cut (the socket is terminated,
 * as a lost network does, and new connections are refused until the network is back, so the SDK's own reconnect
 * with backoff does the work), recorders of what each device received, and bounded waits that fail with a
 * description instead of hanging.
 */
import { createServer } from 'node:net';
import WebSocket from 'ws';
import {
  createChatClient, createSignaling, type AnyChatMessage, type ChatClient, type ChatPlatform, type Conversation, type LoginInfo, type Signaling,
  type SignalingEventName, type SignalingEvents, type WebSocketConstructor,
} from '../../src/chat/index.ts';
import { startTestServer, type TestServer } from '../../../server/test/helpers/test-server.ts';
import { createTestImApp, deviceRow, wsUrl, type TestImApp } from '../../../server/test/ws/ws-test-client.ts';

/** Bounded wait for something the server sends or stores; throws with `what` when it does not happen in time. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A port nothing listens on: connections to it are refused at once. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** One device's network: `cut()` terminates its open sockets and refuses new ones until `restore()`. */
export interface DeviceNetwork {
  WebSocket: WebSocketConstructor;
  cut(): void;
  restore(): void;
}

function deviceNetwork(deadUrl: string): DeviceNetwork {
  const open = new Set<WebSocket>();
  let offline = false;
  class DeviceSocket extends WebSocket {
    constructor(url: string) {
      super(offline ? deadUrl : url);
      open.add(this);
      this.on('close', () => open.delete(this));
    }
  }
  return {
    WebSocket: DeviceSocket as unknown as WebSocketConstructor,
    cut() {
      offline = true;
      for (const socket of open) socket.terminate();
    },
    restore() {
      offline = false;
    },
  };
}

type SignalingRecord = { [E in SignalingEventName]: Array<SignalingEvents[E]> };

/** A logged-in (or about to be) SDK client of one user on one device, with what it received. */
export interface Device {
  readonly userId: string;
  readonly deviceId: string;
  readonly chat: ChatClient;
  readonly signaling: Signaling;
  readonly net: DeviceNetwork;
  /** Every `message` event, in the order the SDK emitted them. */
  readonly messages: AnyChatMessage[];
  /** Every `totalUnreadChanged` total. */
  readonly totals: number[];
  /** The latest view of each conversation from `conversationChanged`. */
  readonly conversations: Map<string, Conversation>;
  /** Every server event by name (e.g. receiveMessageOptChanged). */
  readonly serverEvents: Array<{ event: string; data: unknown }>;
  readonly signals: SignalingRecord;
  /** Every `loggedIn` (the first login and each automatic re-login). */
  readonly logins: LoginInfo[];
  /** The cursor of every completed login sync. */
  readonly syncs: number[];
  /** Logs in and waits until the login's sync (C2C, groups, pending invitations) is processed. */
  login(): Promise<LoginInfo>;
  /** This device's C2C messages with `peer`, in emitted order. */
  c2c(peer: string): AnyChatMessage[];
  /** This device's messages of `groupId`, in emitted order. */
  group(groupId: string): AnyChatMessage[];
  /** Resolves once the SDK has processed everything received so far. */
  settled(): Promise<void>;
  /** The server's stored state of this device ('online', 'background', 'push_online', 'offline'). */
  storedState(): Promise<string | undefined>;
}

export interface Scenario {
  server: TestServer;
  app: TestImApp;
  device(userId: string, deviceId: string, platform: ChatPlatform): Device;
  /** Calls `/v4/<path>` as the app's administrator and returns the parsed body. */
  v4(path: string, body: unknown): Promise<Record<string, unknown>>;
}

export function textOf(m: AnyChatMessage): string {
  const element = m.elements[0];
  if (element?.type === 'TIMGroupTipsElem') return `tip:${String(element.content['opType'])}:${String(element.content['opUser'])}`;
  return String(element?.content['text']);
}

/** `[seq, from, text]` of each message: the one shape the assertions compare. */
export function seqFromText(list: AnyChatMessage[]): Array<[number | undefined, string, string]> {
  return list.map((m) => [m.seq, m.from, textOf(m)]);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function recordSignals(signaling: Signaling): SignalingRecord {
  const seen: SignalingRecord = { receiveNewInvitation: [], inviteeAccepted: [], inviteeRejected: [], invitationCancelled: [], invitationTimeout: [] };
  for (const name of Object.keys(seen) as SignalingEventName[]) signaling.on(name, (data) => (seen[name] as unknown[]).push(data));
  return seen;
}

function createDevice(server: TestServer, app: TestImApp, deadUrl: string, userId: string, deviceId: string, platform: ChatPlatform): Device {
  const net = deviceNetwork(deadUrl);
  const chat = createChatClient({
    url: wsUrl(server),
    sdkAppId: app.sdkAppId,
    WebSocket: net.WebSocket,
    requestTimeoutMs: 5000,
    reconnect: { initialDelayMs: 10, maxDelayMs: 40 },
  });
  const signaling = createSignaling(chat);
  const messages: AnyChatMessage[] = [];
  const totals: number[] = [];
  const conversations = new Map<string, Conversation>();
  const serverEvents: Array<{ event: string; data: unknown }> = [];
  const logins: LoginInfo[] = [];
  const syncs: number[] = [];
  chat.on('message', (m) => messages.push(m));
  chat.on('totalUnreadChanged', (d) => totals.push(d.total));
  chat.on('conversationChanged', (d) => {
    for (const c of d.conversations) conversations.set(c.conversationId, c);
  });
  chat.on('serverEvent', (e) => serverEvents.push(e));
  chat.on('loggedIn', (info) => logins.push(info));
  chat.on('syncCompleted', (d) => syncs.push(d.inboxSeq));
  const signals = recordSignals(signaling);
  const settled = async () => {
    await chat.whenMessagesProcessed();
    await signaling.whenPendingFetched();
  };
  return {
    userId, deviceId, chat, signaling, net, messages, totals, conversations, serverEvents, signals, logins, syncs,
    async login() {
      const before = syncs.length;
      const info = await chat.login({ userId, userSig: app.sig(userId), deviceId, platform });
      await until(`${deviceId}: login sync`, () => syncs.length > before);
      await settled();
      return info;
    },
    c2c: (peer) => messages.filter((m) => m.groupId === undefined && m.conversationId === `c2c_${peer}`),
    group: (groupId) => messages.filter((m) => m.groupId === groupId),
    settled,
    async storedState() {
      return (await deviceRow(server, app.sdkAppId, userId, deviceId))?.state;
    },
  };
}

/** Runs one test on its own server (SQLite, or PostgreSQL with HERALD_TEST_STORE=postgres) with `users` imported. */
export async function withScenario(users: string[], fn: (s: Scenario) => Promise<void>): Promise<void> {
  const server = await startTestServer({ worker: false });
  const devices: Device[] = [];
  try {
    const app = await createTestImApp(server, { users });
    const deadUrl = `ws://127.0.0.1:${await deadPort()}/ws`;
    await fn({
      server,
      app,
      device(userId, deviceId, platform) {
        const device = createDevice(server, app, deadUrl, userId, deviceId, platform);
        devices.push(device);
        return device;
      },
      async v4(path, body) {
        const query = new URLSearchParams({
          sdkappid: String(app.sdkAppId), identifier: 'administrator', usersig: app.sig('administrator'), random: '4242', contenttype: 'json',
        });
        const res = await fetch(`${server.url}/v4/${path}?${query.toString()}`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
        });
        return (await res.json()) as Record<string, unknown>;
      },
    });
  } finally {
    for (const d of devices) {
      d.signaling.dispose();
      d.chat.close();
    }
    await server.close();
  }
}
